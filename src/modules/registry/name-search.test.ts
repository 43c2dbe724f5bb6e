import { describe, expect, it } from 'vitest';
import { indexTerms, oneEditAway, queryTerms } from './name-search.ts';

describe('name search terms', () => {
  it('asks for a single word, or for every ordered pair of the words', () => {
    expect(queryTerms(['duc'])).toEqual(['duc']);
    expect(queryTerms(['nguyen', 'van', 'duc'])).toEqual(['nguyen van', 'nguyen duc', 'van duc']);
    expect(queryTerms(['ha', 'thi', 'ha'])).toEqual(['ha thi', 'ha ha', 'thi ha']);
  });

  it('looks up the pairs with the given name, the last word', () => {
    expect(indexTerms(['duc'])).toEqual(['duc']);
    expect(indexTerms(['nguyen', 'duc'])).toEqual(['nguyen duc']);
    expect(indexTerms(['nguyen', 'van', 'duc'])).toEqual(['nguyen duc', 'van duc']);
  });

  it('lists the words one edit away, not the word itself', () => {
    const near = oneEditAway('vn');
    for (const word of ['van', 'vu', 'n', 'v', 'nv', 'vnh']) expect(near).toContain(word);
    expect(near).not.toContain('vn');
    expect(near).not.toContain('vinh'); // two edits
    expect(new Set(near).size).toBe(near.length);
    expect(oneEditAway('duc')).toEqual(expect.arrayContaining(['du', 'duy', 'dcu', 'ducs', 'uc']));
  });
});
