/** The course space's badges: the competence badge the course offers, and a small one for the first reflection. */
import type { BadgeBody, IssuerBody } from '@tori/protocol';

/** SVG drawn for the course: white on dark blue (contrast 8.6:1), a check mark inside a hexagon, no text to translate. */
const svg = (inner: string, label: string) =>
  `data:image/svg+xml;base64,${Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" role="img" aria-label="${label}">` +
      '<path d="M60 4 108 32v56L60 116 12 88V32z" fill="#0b4f8a"/>' +
      '<path d="M60 14 99 37v46L60 106 21 83V37z" fill="none" stroke="#fff" stroke-width="3"/>' +
      `${inner}</svg>`,
  ).toString('base64')}`;

const CHECK = '<path d="M38 60l15 15 29-31" fill="none" stroke="#fff" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>';
const PEN = '<path d="M42 80l4-14 28-28 10 10-28 28zM46 66l10 10" fill="none" stroke="#fff" stroke-width="6" stroke-linejoin="round"/>';

export const COURSE_ISSUER: IssuerBody = { name: 'Kylät yhdessä ry', url: null, email: null };

/** Badge id → body; the competence badge asks for `modules` reflected modules (5 of the course's 6). */
export function courseBadges(modules: number): Record<string, BadgeBody> {
  return {
    'digitaalinen-osaaja': {
      name: 'Digitaalinen osaaja',
      description:
        'Kylät yhdessä ry:n verkkokurssin Yhdistystoiminnan perusteet osaamismerkki. Merkin saanut on pohtinut ' +
        'oppimaansa kurssin moduuleissa ja keskustellut muiden osallistujien kanssa omalla nimellään.',
      image: svg(CHECK, 'Digitaalinen osaaja'),
      imageAlt: 'Sininen kuusikulmio, jonka keskellä valkoinen valintamerkki',
      criteria:
        `Kirjoita oppimispäiväkirjaan pohdinta vähintään ${modules} moduulista (jokaiseen moduulin kysymykseen) ` +
        'ja osallistu keskusteluun vähintään kolmessa kurssin keskustelussa.',
      rules: [
        { kind: 'reflected_modules', count: Math.min(5, modules) },
        { kind: 'discussion_topics', count: 3 },
      ],
      validForDays: null,
      active: true,
    },
    'ensimmainen-pohdinta': {
      name: 'Ensimmäinen pohdinta',
      description: 'Kurssin ensimmäinen askel: pohdinta yhdestä moduulista oppimispäiväkirjassa.',
      image: svg(PEN, 'Ensimmäinen pohdinta'),
      imageAlt: 'Sininen kuusikulmio, jonka keskellä valkoinen kynä',
      criteria: 'Kirjoita oppimispäiväkirjaan pohdinta jokaiseen yhden moduulin kysymykseen.',
      rules: [{ kind: 'reflected_modules', count: 1 }],
      validForDays: null,
      active: true,
    },
  };
}
