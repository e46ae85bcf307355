import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `word` when it is near enough to be a likely misspelling (edit distance at most
 * max(2, a third of the word)), else undefined. The one did-you-mean rule for configs, manifests and names.
 */
export function nearestName(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const guess = closest(word, [...candidates]);
  return distance(word, guess) <= Math.max(2, Math.floor(word.length / 3)) ? guess : undefined;
}
