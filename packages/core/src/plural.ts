/** "1 vote", "3 votes": the count and its word; Finnish, Swedish and English each have one plural form. */
export const plural = (count: number, one: string, other: string): string => `${count} ${count === 1 ? one : other}`;
