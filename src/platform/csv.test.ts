import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads a header and rows into records', () => {
    expect(parseCsv('code,name\n38,Thanh Hóa\n01,Hà Nội\n')).toEqual([
      { code: '38', name: 'Thanh Hóa' },
      { code: '01', name: 'Hà Nội' },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const text =
      'code,name,note\n1,"Phường Hàm Rồng, Thanh Hóa","so-called ""new"" ward"\n2,"two\nlines",x\n';
    expect(parseCsv(text)).toEqual([
      { code: '1', name: 'Phường Hàm Rồng, Thanh Hóa', note: 'so-called "new" ward' },
      { code: '2', name: 'two\nlines', note: 'x' },
    ]);
  });

  it('accepts CRLF line endings and a byte-order mark, without leaking either into the data', () => {
    const rows = parseCsv('\uFEFFcode,name\r\n38,Thanh Hóa\r\n01,"Hà Nội"\r\n');
    expect(rows).toEqual([
      { code: '38', name: 'Thanh Hóa' },
      { code: '01', name: 'Hà Nội' },
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual(['code', 'name']);
  });

  it('reads a last row without a final newline and skips blank lines', () => {
    expect(parseCsv('a,b\n\n1,2\n\n3,4')).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('gives missing trailing cells as empty strings and keeps empty quoted cells', () => {
    expect(parseCsv('a,b,c\n1\n"",2,""\n')).toEqual([
      { a: '1', b: '', c: '' },
      { a: '', b: '2', c: '' },
    ]);
  });

  it('returns nothing for an empty file or a header alone', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFFa,b\r\n')).toEqual([]);
  });
});
