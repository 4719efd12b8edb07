/**
 * What badge rules count, for one participant in one space: the journal's reflected modules (a module counts when
 * every one of its prompts has a reflection that is not empty, as the journal's own progress says), visible posts
 * and the discussions they are in, duel votes, and ideas that are not hidden.
 */
import type { BadgeRule, BadgeRuleKind, BadgeRuleProgress, JournalModule } from '@tori/protocol';
import { moduleReflected } from './journal.js';
import { type EvidenceRecord, NO_ACTIVITY, type Storage } from './storage/index.js';

export interface Activity {
  counts: Record<BadgeRuleKind, number>;
  /** Modules in the space's journal: what `reflected_modules` is out of. */
  modules: number;
}

/** Everyone with recorded activity in the space (or only `participantId`), with what the rules count for them. */
export async function activityInSpace(storage: Storage, spaceId: string, participantId?: string): Promise<Map<string, Activity>> {
  const counts = await storage.badges.activity(spaceId, participantId);
  const written = await storage.badges.promptsWritten(spaceId, participantId);
  const modules: JournalModule[] = (await storage.journal.get(spaceId))?.modules ?? [];
  const everyone = new Map<string, Activity>();
  for (const id of new Set([...counts.keys(), ...written.keys()])) {
    const prompts = written.get(id) ?? new Set<string>();
    const reflected = modules.filter((module) => module.prompts.length > 0 && moduleReflected(module, prompts)).length;
    everyone.set(id, { counts: { ...(counts.get(id) ?? NO_ACTIVITY), reflected_modules: reflected }, modules: modules.length });
  }
  return everyone;
}

export async function activityOf(storage: Storage, spaceId: string, participantId: string): Promise<Activity> {
  const activity = (await activityInSpace(storage, spaceId, participantId)).get(participantId);
  if (activity) return activity;
  const modules = (await storage.journal.get(spaceId))?.modules.length ?? 0;
  return { counts: { ...NO_ACTIVITY, reflected_modules: 0 }, modules };
}

export function progressOf(rules: BadgeRule[], activity: Activity): BadgeRuleProgress[] {
  return rules.map((rule) => ({ kind: rule.kind, count: rule.count, done: activity.counts[rule.kind] }));
}

/** Earned when every rule holds; a badge without rules is awarded by hand only. */
export function rulesMet(progress: BadgeRuleProgress[]): boolean {
  return progress.length > 0 && progress.every((rule) => rule.done >= rule.count);
}

/**
 * The credential's evidence: one sentence per rule, in English because a credential is issued once and travels to
 * readers of any language, with the numbers kept beside it.
 */
export function evidenceOf(progress: BadgeRuleProgress[], activity: Activity): EvidenceRecord[] {
  return progress.map((rule) => {
    const total = rule.kind === 'reflected_modules' ? activity.modules : null;
    return { kind: rule.kind, count: rule.count, done: rule.done, total, narrative: narrative(rule.kind, rule.done, total) };
  });
}

function narrative(kind: BadgeRuleKind, done: number, total: number | null): string {
  const plural = (one: string, many: string) => (done === 1 ? one : many);
  switch (kind) {
    case 'reflected_modules':
      return `Reflected on ${done} of ${total ?? done} ${total === 1 ? 'module' : 'modules'}`;
    case 'discussion_posts':
      return `Wrote ${done} ${plural('post', 'posts')} in the discussions`;
    case 'discussion_topics':
      return `Posted in ${done} ${plural('discussion', 'discussions')}`;
    case 'duel_votes':
      return `Cast ${done} duel ${plural('vote', 'votes')}`;
    case 'ideas_posted':
      return `Posted ${done} ${plural('idea', 'ideas')}`;
  }
}

/** What a hand award says in the credential's evidence: the facilitator's reason. */
export function awardedEvidence(reason: string): EvidenceRecord[] {
  return [{ kind: 'awarded', count: 0, done: 0, total: null, narrative: `Awarded by the issuer: ${reason}` }];
}
