import type { Migration, MigrationProvider } from 'kysely/migration';
import { initial } from './0001-initial.js';
import { board } from './0002-board.js';
import { discussion } from './0003-discussion.js';
import { journal } from './0004-journal.js';
import { badges } from './0005-badges.js';
import { answeredByAnswers } from './0006-answered-by-answers.js';
import { answerCounts } from './0007-answer-counts.js';
import { keyedTables } from './0008-keyed-tables.js';

/** Migrations ship inside the bundle: names are their order and must never change once released. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-board': board,
  '0003-discussion': discussion,
  '0004-journal': journal,
  '0005-badges': badges,
  '0006-answered-by-answers': answeredByAnswers,
  '0007-answer-counts': answerCounts,
  '0008-keyed-tables': keyedTables,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
