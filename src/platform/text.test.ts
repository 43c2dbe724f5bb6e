import { describe, expect, it } from 'vitest';
import { normalizeName, searchKey } from './text.ts';

describe('Vietnamese names', () => {
  it('gives "Thanh Hoá" (old tone placement) and "Thanh Hóa" (new) the same search key', () => {
    const oldStyle = 'Thanh Ho\u00e1'; // tone mark on the a
    const newStyle = 'Thanh H\u00f3a'; // tone mark on the o
    expect(oldStyle).not.toBe(newStyle);
    expect(searchKey(oldStyle)).toBe('thanh hoa');
    expect(searchKey(newStyle)).toBe('thanh hoa');
    expect(searchKey('THANH HOÁ')).toBe('thanh hoa');
  });

  it('folds đ and Đ to d', () => {
    expect(searchKey('Đông Sơn')).toBe('dong son');
    expect(searchKey('Quảng Đức, đường Lê Lợi')).toBe('quang duc duong le loi');
  });

  it('makes decomposed (NFD) and composed (NFC) input the same key', () => {
    const composed = 'Nguyễn Văn Đạt';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(searchKey(decomposed)).toBe(searchKey(composed));
    expect(searchKey(composed)).toBe('nguyen van dat');
  });

  it('folds punctuation and runs of spaces', () => {
    expect(searchKey('  Phường   Hàm-Rồng (cũ). ')).toBe('phuong ham rong cu');
  });

  it('stores names in NFC with single spaces, keeping their tones', () => {
    const decomposed = '  Nguyễn   Thị\tHoà '.normalize('NFD');
    const stored = normalizeName(decomposed);
    expect(stored).toBe('Nguyễn Thị Hoà'.normalize('NFC'));
    expect(stored.normalize('NFC')).toBe(stored);
    expect(stored.length).toBeLessThan(decomposed.trim().length);
  });

  it('leaves a regular name as it is and folds every other kind of space', () => {
    expect(normalizeName('Lê Văn Tám')).toBe('Lê Văn Tám');
    expect(normalizeName('Lê\u00a0Văn\nTám')).toBe('Lê Văn Tám');
    expect(normalizeName(' Lê Văn Tám')).toBe('Lê Văn Tám');
    expect(normalizeName('Lê Văn Tám ')).toBe('Lê Văn Tám');
    expect(normalizeName('   ')).toBe('');
  });
});
