// Compile-time proof that the JSX types come from the element (checked by `npm run lint`, never bundled):
// each element below must be a type error, or tsc fails on the unused @ts-expect-error. (A misspelt
// `ontori-…` name cannot be caught: TypeScript lets any hyphenated JSX attribute through.)
export const wrongUses = [
  // @ts-expect-error mode is 'vote' | 'results'
  <idea-duel mode="projector" />,
  // @ts-expect-error headingLevel is a number
  <idea-duel headingLevel="2" />,
  // @ts-expect-error the detail of tori-vote has winnerId, not idea
  <idea-duel ontori-vote={(event) => event.detail.idea} />,
];
