/** Kept apart from the SQLite driver so the CLI can check a flag without loading it. */

/**
 * What an acknowledged write survives. `process`: the server process dying (a crash, kill -9, a restart); a power cut
 * or a crash of the machine loses at most the last checkpoint interval. `machine`: that too, as every commit waits for
 * the disk's flush (on a virtual disk, tens to hundreds of milliseconds now and then: see docs/decisions/0006).
 */
export type Durability = 'process' | 'machine';
export const DURABILITIES: readonly Durability[] = ['process', 'machine'];
export const DEFAULT_DURABILITY: Durability = 'process';
