/**
 * Group commit: every commit has a fixed cost (on SQLite with durability `machine` an fsync, a few milliseconds here
 * and now and then hundreds; with `process` a write to the WAL file), and transactions run one at a time, so one
 * transaction per vote caps a space at a few hundred votes a second. Transactions handed to a group commit that arrive
 * while one is pending share one database transaction instead; each caller's promise settles only after that
 * transaction has committed, so an acknowledged answer is stored as durably as the storage promises. When a shared
 * transaction fails (a write that broke), it is rolled back whole and every member runs again in a transaction of its
 * own: one bad member never fails the others, and nothing of a failed member is kept. PostgreSQL runs transactions one
 * at a time too (see `storage.transaction`), so the same holds there: one commit, and one wait for the WAL flush, per
 * group.
 */
import type { Storage } from './index.js';

/**
 * How long the first transaction of a group waits for others when none are queued: a few fsyncs, so commits stay a
 * small share of the time. It counts from the first one waiting, so those that queued during a long commit start
 * the next group at once. A commit that does not wait for the disk (SQLite with durability `process`) costs a write
 * to the WAL file: a shorter wait gathers enough then.
 */
export const GROUP_WINDOW_MS = { flushed: 8, written: 2 } as const;
/** Transactions in one group at most, so one commit never holds the database for long. */
export const GROUP_SIZE_MAX = 500;

export interface GroupCommit {
  /** Like `storage.transaction`, sharing the transaction (and its commit) with others arriving meanwhile. */
  transaction<T>(work: (tx: Storage) => Promise<T>): Promise<T>;
  /** Resolves once every transaction handed over so far has settled. */
  drain(): Promise<void>;
}

interface Member {
  work: (tx: Storage) => Promise<unknown>;
  queuedAt: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit(storage: Storage): GroupCommit {
  const windowMs = storage.durability === 'machine' ? GROUP_WINDOW_MS.flushed : GROUP_WINDOW_MS.written;
  const queue: Member[] = [];
  let timer: NodeJS.Timeout | undefined;
  let nextTurn: NodeJS.Immediate | undefined;
  let committing: Promise<void> | undefined;
  const idle: (() => void)[] = [];

  function schedule(): void {
    if (timer || nextTurn || committing || queue.length === 0) return;
    // A timer, not a microtask: the wait lets the event loop read the sockets, where the other answers are.
    timer = setTimeout(start, windowMs);
  }

  function start(): void {
    clearTimeout(timer);
    timer = undefined;
    nextTurn = undefined;
    committing = commit(queue.splice(0, GROUP_SIZE_MAX)).finally(() => {
      committing = undefined;
      if (queue.length === 0) {
        for (const wake of idle.splice(0)) wake();
        return;
      }
      // The window counts from the first one waiting: after a long commit it is over (start on the next turn, once
      // the sockets are read), after a short one the rest of it still gathers answers, so commits stay as few.
      const wait = queue[0]!.queuedAt + windowMs - performance.now();
      if (wait <= 0) nextTurn = setImmediate(start);
      else timer = setTimeout(start, wait);
    });
  }

  async function commit(group: Member[]): Promise<void> {
    if (group.length === 1) return alone(group[0]!);
    let values: unknown[];
    try {
      values = await storage.transaction(async (tx) => {
        const results: unknown[] = [];
        for (const member of group) results.push(await member.work(tx));
        return results;
      });
    } catch {
      // Rolled back whole: each runs again on its own, so only the ones that fail by themselves fail.
      for (const member of group) await alone(member);
      return;
    }
    group.forEach((member, i) => member.resolve(values[i]));
  }

  async function alone(member: Member): Promise<void> {
    try {
      member.resolve(await storage.transaction(member.work));
    } catch (error) {
      member.reject(error);
    }
  }

  return {
    transaction<T>(work: (tx: Storage) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, queuedAt: performance.now(), resolve: resolve as (value: unknown) => void, reject });
        // A full group waits for no one.
        if (queue.length >= GROUP_SIZE_MAX && timer) start();
        else schedule();
      });
    },
    drain() {
      if (!timer && !nextTurn && !committing && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
