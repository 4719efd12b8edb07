/**
 * The facilitator's export of a space: every idea with its supports, reports and duel standing, as JSON or as a
 * CSV a spreadsheet opens correctly (UTF-8 with BOM, CRLF, RFC 4180 quoting, no formulas).
 */
import type { ExportFormat, ExportedIdea, IdeaStatus, SpaceExport } from '@tori/protocol';
import type { ResultsBoard } from './results.js';
import type { SpaceRecord, Storage } from './storage/index.js';

/** The CSV's columns: ExportedIdea's fields, in its order. */
export const EXPORT_COLUMNS = [
  'id',
  'title',
  'description',
  'category',
  'categoryLabel',
  'authorName',
  'status',
  'pinned',
  'supports',
  'score',
  'rank',
  'comparisons',
  'wins',
  'losses',
  'reports',
  'mergedInto',
  'createdAt',
] as const satisfies readonly (keyof ExportedIdea)[];

/** After the ranked approved ideas: the queue, then what was taken off the board. */
const STATUS_ORDER: Record<IdeaStatus, number> = { approved: 0, pending: 1, hidden: 2, merged: 3 };

export async function buildExport(storage: Storage, results: ResultsBoard, space: SpaceRecord, now = new Date()): Promise<SpaceExport> {
  const current = await results.current(space.id);
  const { ideas, tallies, counts } = await storage.snapshot(async (tx) => ({
    ideas: await tx.ideas.list(space.id, 'all'),
    tallies: await tx.board.tallies(space.id),
    counts: await tx.results.pairCounts(space.id),
  }));
  const ranked = new Map(current.ideas.map((idea, position) => [idea.id, { ...idea, position }]));
  const labels = new Map(space.categories.map((c) => [c.id, c.label]));
  // Ideas out of the ranking keep their stored duel history.
  const history = new Map<string, { wins: number; losses: number }>();
  const historyOf = (id: string) => {
    let h = history.get(id);
    if (!h) history.set(id, (h = { wins: 0, losses: 0 }));
    return h;
  };
  for (const { winner, loser, count } of counts) {
    historyOf(winner).wins += count;
    historyOf(loser).losses += count;
  }

  const rows = ideas.map((idea) => {
    const rank = idea.status === 'approved' ? ranked.get(idea.id) : undefined;
    const duel = rank ?? history.get(idea.id) ?? { wins: 0, losses: 0 };
    const tally = tallies.get(idea.id);
    const row: ExportedIdea = {
      id: idea.id,
      title: idea.text,
      description: idea.description ?? '',
      category: idea.category ?? '',
      // A category the facilitator removed since keeps its id and loses its label.
      categoryLabel: (idea.category && labels.get(idea.category)) ?? '',
      authorName: idea.authorName ?? '',
      status: idea.status,
      pinned: idea.pinned,
      supports: tally?.supports ?? 0,
      score: rank && rank.comparisons > 0 ? rank.score : null,
      rank: rank ? rank.rank : null,
      comparisons: duel.wins + duel.losses,
      wins: duel.wins,
      losses: duel.losses,
      reports: tally?.reports ?? 0,
      mergedInto: idea.mergedInto ?? '',
      createdAt: idea.createdAt,
    };
    return { row, position: rank ? rank.position : Infinity, status: STATUS_ORDER[idea.status] };
  });
  // list() is oldest first and the sort is stable: within a status the oldest comes first.
  rows.sort((a, b) => a.status - b.status || a.position - b.position);

  return {
    space: { id: space.id, title: space.title, question: space.question },
    exportedAt: now.toISOString(),
    votes: current.votes,
    skips: current.skips,
    participants: current.participants,
    ideas: rows.map((r) => r.row),
  };
}

/** `<space>-ideas-<YYYY-MM-DD>.<format>` (UTC date). Space ids are safe in a file name and a header. */
export function exportFileName(spaceId: string, format: ExportFormat, now = new Date()): string {
  return `${spaceId}-ideas-${now.toISOString().slice(0, 10)}.${format}`;
}

export function exportBody(data: SpaceExport, format: ExportFormat): string {
  return format === 'csv' ? toCsv(data.ideas) : `${JSON.stringify(data, null, 2)}\n`;
}

/** UTF-8 byte order mark: without it Excel reads the file as the machine's legacy code page ("Ã¤" for "ä"). */
const BOM = '\uFEFF';

export function toCsv(ideas: ExportedIdea[]): string {
  const lines = [EXPORT_COLUMNS.join(','), ...ideas.map((idea) => EXPORT_COLUMNS.map((column) => csvCell(idea[column])).join(','))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
