/**
 * The terms a name search looks up in `registry.resident.search_terms` (migration 0002): a name's terms are
 * its words and every ordered pair of them, so a query of several words asks for the pairs of its words —
 * every name holding those words in that order, whatever stands between them ("nguyen duc" finds "Nguyễn
 * Văn Đức") — through short posting lists.
 */

/** Words of a query beyond this many are ignored: no name is that long, and each adds pairs. */
export const MAX_QUERY_WORDS = 6;

/** The query's terms: its word alone, or every ordered pair of its words (the words in the typed order). */
export function queryTerms(words: readonly string[]): string[] {
  if (words.length === 1) return [...words];
  const pairs: string[] = [];
  for (let i = 0; i < words.length - 1; i++)
    for (let j = i + 1; j < words.length; j++) pairs.push(`${words[i]} ${words[j]}`);
  return pairs;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every word one edit away (a letter deleted, inserted, replaced, or two neighbours swapped), without the
 * word itself: "vn" → "van", "von", "vu", "n", … Search keys have no tones, so this is the typo tolerance
 * of a name search ("nguyen vn duc" finds "Nguyễn Văn Đức"); the index keeps only those that are names.
 */
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + (tail[1] as string) + (tail[0] as string) + tail.slice(2));
    for (const letter of LETTERS) {
      if (tail) out.add(head + letter + tail.slice(1));
      out.add(head + letter + tail);
    }
  }
  out.delete(word);
  out.delete('');
  return [...out];
}

/**
 * The terms to ask the index for: the pairs with the last word only, which is the given name in a
 * Vietnamese name and the most telling word, while pairs of the first ones ("nguyen van": one name in
 * nine) have long posting lists that make every look-up slow. A row the index returns is then checked for
 * all `queryTerms`.
 */
export function indexTerms(words: readonly string[]): string[] {
  if (words.length === 1) return [...words];
  const last = words.at(-1) as string;
  return words.slice(0, -1).map((w) => `${w} ${last}`);
}
