/** Sample boards for stories and demos: a city's strategy themes with descriptions, categories and moderation. */
import type { Category, ModeratedIdea, ModerationEntry } from '@tori/protocol';
import type { Locale } from './i18n.js';

/** The categories of the sample board, per language. */
export const sampleCategories: Record<Locale, Category[]> = {
  fi: [
    { id: 'nature', label: 'Luonto ja ilmasto' },
    { id: 'housing', label: 'Asuminen' },
    { id: 'traffic', label: 'Liikenne' },
    { id: 'culture', label: 'Kulttuuri ja vapaa-aika' },
    { id: 'business', label: 'Elinkeinot ja työ' },
  ],
  sv: [
    { id: 'nature', label: 'Natur och klimat' },
    { id: 'housing', label: 'Boende' },
    { id: 'traffic', label: 'Trafik' },
    { id: 'culture', label: 'Kultur och fritid' },
    { id: 'business', label: 'Näringsliv och arbete' },
  ],
  en: [
    { id: 'nature', label: 'Nature and climate' },
    { id: 'housing', label: 'Housing' },
    { id: 'traffic', label: 'Traffic' },
    { id: 'culture', label: 'Culture and leisure' },
    { id: 'business', label: 'Business and jobs' },
  ],
};

interface SampleText {
  text: string;
  description?: string;
}

const texts: Record<Locale, SampleText[]> = {
  fi: [
    { text: 'Lisää viheralueita ja kaupunkimetsiä', description: 'Jokaisesta kodista alle 300 metriä puistoon tai metsään.' },
    { text: 'Kohtuuhintaisia asuntoja kaikille' },
    { text: 'Tiheämmät joukkoliikennevuorot', description: 'Bussit 10 minuutin välein myös iltaisin ja viikonloppuisin.' },
    { text: 'Turvalliset pyörä- ja kävelyreitit' },
    { text: 'Kirjastot kaupunkilaisten olohuoneiksi', description: 'Pidemmät aukioloajat ja tiloja kerhoille.' },
    { text: 'Tukea paikallisille yrityksille' },
    { text: 'Harrastusmahdollisuuksia nuorille' },
    { text: 'Hiilineutraali kaupunki vuoteen 2035 mennessä' },
    { text: 'Sauna satamaan', description: 'Yleinen sauna ja uimapaikka vanhaan satamaan.' },
    { text: 'Ilmaiset uimakoulut lapsille' },
    { text: 'Osta halpoja kelloja verkkokaupastamme' },
  ],
  sv: [
    { text: 'Fler grönområden och stadsskogar', description: 'Högst 300 meter från varje hem till en park eller skog.' },
    { text: 'Bostäder till rimligt pris för alla' },
    { text: 'Tätare turer i kollektivtrafiken', description: 'Bussar var tionde minut även kvällar och helger.' },
    { text: 'Trygga cykel- och gångvägar' },
    { text: 'Biblioteken som stadsbornas vardagsrum', description: 'Längre öppettider och rum för klubbar.' },
    { text: 'Stöd till lokala företag' },
    { text: 'Fritidsaktiviteter för unga' },
    { text: 'Koldioxidneutral stad senast 2035' },
    { text: 'En bastu vid hamnen', description: 'En allmän bastu och badplats i den gamla hamnen.' },
    { text: 'Gratis simskola för barn' },
    { text: 'Köp billiga klockor i vår webbutik' },
  ],
  en: [
    { text: 'More green areas and urban forests', description: 'A park or a forest within 300 metres of every home.' },
    { text: 'Affordable homes for everyone' },
    { text: 'More frequent public transport', description: 'Buses every 10 minutes, also in the evenings and at weekends.' },
    { text: 'Safe cycling and walking routes' },
    { text: 'Libraries as the living rooms of the city', description: 'Longer opening hours and rooms for clubs.' },
    { text: 'Support for local businesses' },
    { text: 'Hobbies and activities for young people' },
    { text: 'A carbon-neutral city by 2035' },
    { text: 'A sauna by the harbour', description: 'A public sauna and a swimming spot in the old harbour.' },
    { text: 'Free swimming lessons for children' },
    { text: 'Buy cheap watches in our web shop' },
  ],
};

const authors = ['Aino', 'Mikael', 'Leena', 'Jussi', 'Sofia', 'Oskar', 'Emma', 'Ville', 'Helmi', 'Elias', 'Spammer'];
const categoryOf = ['nature', 'housing', 'traffic', 'traffic', 'culture', 'business', 'culture', 'nature', 'culture', 'culture', null];
const supportsOf = [42, 35, 28, 19, 12, 8, 5, 3, 0, 0, 0];
const scoreOf = [77.7, 67.5, 57.6, 51.5, 44.6, 36.4, 30.7, 29, null, null, null];

const at = (minute: number) => new Date(Date.UTC(2026, 4, 14, 17, minute)).toISOString();

function sampleIdea(locale: Locale, i: number, named: boolean): ModeratedIdea {
  const { text, description } = texts[locale][i]!;
  const comparisons = scoreOf[i] === null ? 0 : 200 + ((i * 37) % 90);
  return {
    id: `idea-${i + 1}`,
    text,
    description: description ?? null,
    category: categoryOf[i] ?? null,
    authorName: named ? authors[i]! : null,
    status: i === 8 || i === 9 ? 'pending' : i === 10 ? 'hidden' : 'approved',
    pinned: i === 0,
    supports: supportsOf[i]!,
    supportedByYou: false,
    score: scoreOf[i] ?? null,
    comparisons,
    createdAt: at(i * 4),
    editedAt: null,
    mine: false,
    reports: i === 10 ? 3 : i === 5 ? 1 : 0,
    reportReasons: i === 10 ? { spam: 3 } : i === 5 ? { off_topic: 1 } : {},
    mergedInto: null,
  };
}

/**
 * A board after an evening's event: eight approved themes (one pinned), two waiting for approval, one hidden
 * after three reports, one more reported once, and the moderation log of that evening.
 */
export function sampleBoard(locale: Locale = 'en', { named = false } = {}): { ideas: ModeratedIdea[]; log: ModerationEntry[] } {
  const ideas = texts[locale].map((_, i) => sampleIdea(locale, i, named));
  const log: ModerationEntry[] = [
    { id: 'log-4', ideaId: 'idea-11', action: 'auto_hide', actor: 'system', at: at(44), detail: { reports: 3 } },
    { id: 'log-3', ideaId: 'idea-1', action: 'pin', actor: 'Päivi', at: at(30), detail: {} },
    { id: 'log-2', ideaId: 'idea-5', action: 'edit', actor: 'Päivi', at: at(20), detail: { from: 'Libraries' } },
    { id: 'log-1', ideaId: null, action: 'board_open', actor: 'facilitator', at: at(0), detail: {} },
  ];
  return { ideas, log };
}

/** `count` approved ideas for a board that must stay fast (the list is virtualised), newest last. */
export function manyIdeas(count: number, locale: Locale = 'en'): ModeratedIdea[] {
  const base = texts[locale].slice(0, 8);
  const start = Date.UTC(2026, 4, 14, 12);
  return Array.from({ length: count }, (_, i) => ({
    ...sampleIdea(locale, i % 8, false),
    id: `many-${i + 1}`,
    text: `${base[i % 8]!.text} (${i + 1})`,
    pinned: false,
    supports: (i * 7919) % 97,
    score: null,
    comparisons: 0,
    createdAt: new Date(start + i * 1_000).toISOString(),
    reports: 0,
    reportReasons: {},
  }));
}
