/**
 * The participant's journal as a file, made in the browser from their own texts (drafts included): Markdown, and an
 * HTML page that prints well. No server round trip, so it works offline too.
 */
import type { Journal } from '@tori/protocol';

export interface JournalDocument {
  /** The journal's heading, e.g. the course's title. */
  title: string;
  journal: Journal;
  /** The participant's text for a prompt ('' when none). */
  textOf: (promptId: string) => string;
  /** Shown where a prompt has no reflection, e.g. "No reflection yet". */
  empty: string;
  /** Language of the HTML page. */
  lang?: string;
  /** A line under the heading, e.g. "Downloaded 14.5.2026". */
  note?: string;
}

/** A title on one Markdown line: a leading mark would turn it into something else. */
function markdownLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/^([#>*+-]|\d+\.)/, '\\$1');
}

export function journalMarkdown({ title, journal, textOf, empty, note }: JournalDocument): string {
  const lines = [`# ${markdownLine(title)}`, ''];
  if (note) lines.push(`*${markdownLine(note)}*`, '');
  for (const module of journal.modules) {
    lines.push(`## ${markdownLine(module.title)}`, '');
    for (const prompt of module.prompts) {
      lines.push(...prompt.text.split('\n').map((line) => `> ${line}`), '');
      const text = textOf(prompt.id).trim();
      lines.push(text || `*${empty}*`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** Paragraphs as the participant wrote them: an empty line starts a new one, a line break stays a line break. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escape(paragraph.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

export function journalHtml({ title, journal, textOf, empty, lang = 'en', note }: JournalDocument): string {
  const modules = journal.modules
    .map((module) => {
      const prompts = module.prompts
        .map((prompt) => {
          const text = textOf(prompt.id).trim();
          return `<section class="prompt">
<blockquote>${paragraphs(prompt.text)}</blockquote>
${text ? paragraphs(text) : `<p class="empty">${escape(empty)}</p>`}
</section>`;
        })
        .join('\n');
      return `<article>\n<h2>${escape(module.title)}</h2>\n${prompts}\n</article>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font: 1rem/1.6 Georgia, 'Times New Roman', serif; color: #1f2328; }
h1 { font-size: 1.75rem; line-height: 1.2; }
h2 { margin-top: 2.5rem; font-size: 1.25rem; border-bottom: 1px solid #767676; }
blockquote { margin: 1.5rem 0 0.5rem; padding-left: 0.75rem; border-left: 4px solid #767676; color: #3d444d; font-style: italic; }
.note, .empty { color: #59636e; }
@media print { body { margin: 0; max-width: none; } article { break-inside: avoid-page; } h2 { break-after: avoid; } }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
${note ? `<p class="note">${escape(note)}</p>\n` : ''}${modules}
</body>
</html>
`;
}

/** A file name from the title: "Oma oppimispäiväkirja" → "oma-oppimispaivakirja". */
export function journalFileName(title: string, extension: 'md' | 'html'): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'journal'}.${extension}`;
}
