/**
 * Vietnamese text helpers shared by every module that stores or searches names.
 * DOMAIN.md §1: match names after NFC normalisation with a tone-insensitive key
 * ("Thanh Hoá" = "Thanh Hóa" = "thanh hoa").
 */

/** Whitespace that is not already a single space between words. */
const IRREGULAR_SPACE = /^\s|\s$|\s\s|[^\S ]/;

/** Canonical storage form: Unicode NFC, single spaces, trimmed. */
export function normalizeName(value: string): string {
  const nfc = value.normalize('NFC');
  // Most values are already regular: testing is far cheaper than replacing (an import calls this millions of times).
  return IRREGULAR_SPACE.test(nfc) ? nfc.replace(/\s+/g, ' ').trim() : nfc;
}

/** Search key: lower case, without tones or diacritics, đ → d, punctuation folded to spaces. */
export function searchKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
