/**
 * Vietnamese text helpers shared by every module that stores or searches names.
 * DOMAIN.md §1: match names after NFC normalisation with a tone-insensitive key
 * ("Thanh Hoá" = "Thanh Hóa" = "thanh hoa").
 */

/** Canonical storage form: Unicode NFC, single spaces, trimmed. */
export function normalizeName(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
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
