/** Pairwise ranking of ideas (Bradley–Terry) and the choice of the next pair to show. Pure TypeScript, no I/O. */
export type { PairCount } from './tally.js';
export { type FitOptions, DEFAULT_PRIOR_VARIANCE, fitBradleyTerry } from './bradley-terry.js';
export { scoresFromStrengths } from './scores.js';
export { type RankedScore, rankIdeas } from './rank.js';
export { type PairChoice, choosePair, pairKey } from './pair-selection.js';
export { kendallTau } from './kendall.js';
