import { describe, expect, it } from 'vitest';
import {
  buildDigitalLink,
  canonicalIdentifier,
  checkDigit,
  compressDigitalLink,
  compressElements,
  decompressElements,
  digitalLinkPath,
  gtinProblem,
  normalizeGtin,
  parseDigitalLink,
  withCheckDigit,
  yymmddToIso,
} from './gs1.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('GTIN check digits (General Specifications §7.9)', () => {
  it('computes the check digit of published examples', () => {
    // 9521234543213 and 4006381333931 are GS1's and a retail barcode's worked examples.
    expect(checkDigit('952123454321')).toBe(3);
    expect(checkDigit('400638133393')).toBe(1);
    expect(checkDigit('9638507')).toBe(4); // GTIN-8 96385074
  });

  it('accepts GTIN-8, -12, -13 and -14 and pads to 14 digits', () => {
    expect(normalizeGtin('96385074')).toBe('00000096385074');
    expect(normalizeGtin('036000291452')).toBe('00036000291452'); // UPC-A
    expect(normalizeGtin('9521234543213')).toBe('09521234543213');
    expect(normalizeGtin('09521234543213')).toBe('09521234543213');
  });

  it('refuses wrong check digits, lengths and characters with the reason', () => {
    expect(gtinProblem('9521234543214')).toBe('check_digit');
    expect(gtinProblem('952123454321')).toBe('check_digit'); // 12 digits, not a valid UPC
    expect(gtinProblem('95212345432')).toBe('length');
    expect(gtinProblem('95212345432a3')).toBe('format');
    expect(() => normalizeGtin('9521234543214')).toThrow(/should be 3/);
    expect(codeOf(() => normalizeGtin('12345'))).toBe('trace.invalid_gtin');
  });

  it('every single-digit error is caught (property over all positions and digits)', () => {
    const gtin = withCheckDigit('893604312345');
    for (let pos = 0; pos < gtin.length; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === gtin[pos]) continue;
        const changed = gtin.slice(0, pos) + d + gtin.slice(pos + 1);
        expect(gtinProblem(changed), changed).toBe('check_digit');
      }
    }
  });
});

describe('YYMMDD dates', () => {
  const today = new Date('2026-06-01T00:00:00Z');
  it('reads the century from a sliding window and DD=00 as the month end', () => {
    expect(yymmddToIso('261231', today)).toBe('2026-12-31');
    expect(yymmddToIso('990101', today)).toBe('1999-01-01');
    expect(yymmddToIso('760101', today)).toBe('2076-01-01');
    expect(yymmddToIso('240200', today)).toBe('2024-02-29');
  });
  it('refuses impossible dates', () => {
    expect(codeOf(() => yymmddToIso('261301', today))).toBe('trace.invalid_digital_link');
    expect(codeOf(() => yymmddToIso('250230', today))).toBe('trace.invalid_digital_link');
    expect(codeOf(() => yymmddToIso('2612', today))).toBe('trace.invalid_digital_link');
  });
});

describe('GS1 Digital Link: build and parse', () => {
  it('builds URIs on the platform host with qualifiers in order and dates in the query', () => {
    expect(
      buildDigitalLink('https://truyxuat.example.vn/', {
        gtin: '9521234543213',
        lot: 'ABC1/2',
        serial: 'S-01',
        expiry: '2026-12-31',
      }),
    ).toBe('https://truyxuat.example.vn/01/09521234543213/10/ABC1%2F2/21/S-01?17=261231');
  });

  it('parses numeric and short-name forms, a path prefix and query attributes', () => {
    const a = parseDigitalLink('https://id.gs1.org/01/09521234543213/10/ABC123?17=261231&linkType=gs1:pip');
    expect(a.key).toEqual({ ai: '01', value: '09521234543213' });
    expect(a.qualifiers).toEqual({ '10': 'ABC123' });
    expect(a.attributes).toEqual({ '17': '261231' });
    expect(a.other).toEqual({ linkType: 'gs1:pip' });
    const b = parseDigitalLink('https://example.com/products/gtin/9521234543213/lot/ABC123/ser/7');
    expect(b.key.value).toBe('09521234543213');
    expect(b.qualifiers).toEqual({ '10': 'ABC123', '21': '7' });
    expect(digitalLinkPath(b)).toBe('/01/09521234543213/10/ABC123/21/7');
    const c = parseDigitalLink('/01/09521234543213/21/A%2FB%25');
    expect(c.qualifiers['21']).toBe('A/B%');
  });

  it('answers malformed forms with a reason', () => {
    const bad: [string, string][] = [
      ['/01/09521234543214', 'trace.invalid_gtin'], // check digit
      ['/01/0952123454321', 'trace.invalid_gtin'], // 13 digits that are not a GTIN-13
      ['/01/09521234543213/21/S1/10/L1', 'trace.invalid_digital_link'], // qualifiers out of order
      ['/01/09521234543213/10', 'trace.invalid_digital_link'], // AI without value
      ['/01/09521234543213/99/X', 'trace.unsupported_ai'],
      ['/01/09521234543213/254/X', 'trace.invalid_digital_link'], // 254 qualifies a GLN, not a GTIN
      ['/01/09521234543213?17=261341', 'trace.invalid_digital_link'], // no such date
      ['/01/09521234543213?10=L1', 'trace.invalid_digital_link'], // qualifier in the query
      ['/01/09521234543213/10/ABCDEFGHIJKLMNOPQRSTU', 'trace.invalid_digital_link'], // 21 chars
      ['/01/09521234543213/10/L%C3%A0', 'trace.invalid_digital_link'], // outside character set 82
      ['/products/list', 'trace.invalid_digital_link'], // no key
      ['/01/09521234543213/10/%E0%A4%A', 'trace.invalid_digital_link'], // bad percent-encoding
    ];
    for (const [uri, code] of bad)
      expect(
        codeOf(() => parseDigitalLink(uri)),
        uri,
      ).toBe(code);
  });
});

describe('GS1 Digital Link: compression', () => {
  it('round-trips keys, qualifiers and dates, with each value encoding', () => {
    const cases: Record<string, string>[] = [
      { '01': '09521234543213' },
      { '01': '09521234543213', '10': 'ABC123', '17': '261231' },
      { '01': '09521234543213', '10': '123456', '21': 'abcdef01' },
      { '01': '09521234543213', '21': 'A%B&C' }, // 7-bit ASCII encoding
      { '01': '09521234543213', '22': 'FF0A', '10': 'x_y-z', '11': '250101', '15': '260101' },
      { '414': '9521234543213', '254': 'dock-3' },
    ];
    for (const values of cases) expect(decompressElements(compressElements(values))).toEqual(values);
  });

  it('parses a compressed URI into the same link as its uncompressed form', () => {
    const plain = parseDigitalLink('https://x.vn/01/09521234543213/10/LOT7/21/S9?17=270630');
    const compressed = compressDigitalLink('https://x.vn', plain);
    expect(compressed).toMatch(/^https:\/\/x\.vn\/[A-Za-z0-9_-]+$/);
    const back = parseDigitalLink(compressed);
    expect(back.compressed).toBe(true);
    expect(back.key).toEqual(plain.key);
    expect(back.qualifiers).toEqual(plain.qualifiers);
    expect(back.attributes).toEqual(plain.attributes);
  });

  it('decodes the GS1 prototype’s published example to a GTIN with a valid check digit', () => {
    // From the GS1 Digital Link compression prototype: a GTIN with expiry date and time (7003 = 1903061658).
    const link = parseDigitalLink('http://example.org/AQnYUc1gmiERBhQ0ytiyZuAGOLc1TQ');
    expect(link.key.ai).toBe('01');
    expect(gtinProblem(link.key.value)).toBeUndefined();
    expect(link.attributes['7003']).toBe('1903061658');
  });

  it('parses the partially compressed form (key in the clear)', () => {
    const rest = compressElements({ '10': 'LOT7', '17': '270630' });
    const link = parseDigitalLink(`https://x.vn/01/09521234543213/${rest}`);
    expect(link.qualifiers).toEqual({ '10': 'LOT7' });
    expect(link.attributes).toEqual({ '17': '270630' });
  });

  it('refuses truncated or foreign compressed data', () => {
    const full = compressElements({ '01': '09521234543213', '10': 'ABCDEFGH' });
    expect(codeOf(() => parseDigitalLink(`/${full.slice(0, 12)}`))).toBe('trace.invalid_digital_link');
    expect(codeOf(() => parseDigitalLink('/EEEEEEEEEEEE'))).toMatch(
      /trace\.(invalid_digital_link|unsupported_ai)/,
    );
  });
});

describe('EPC identifiers', () => {
  it('converts EPC URNs to canonical Digital Link paths', () => {
    // The Tag Data Standard's examples: (01)80614141123458(21)6789, (414)0614141123452(254)400.
    expect(canonicalIdentifier('urn:epc:id:sgtin:0614141.812345.6789')).toBe('/01/80614141123458/21/6789');
    expect(canonicalIdentifier('urn:epc:class:lgtin:4012345.012345.998877')).toBe(
      '/01/04012345123456/10/998877',
    );
    expect(canonicalIdentifier('urn:epc:id:sscc:0614141.1234567890')).toBe('/00/106141412345678908');
    expect(canonicalIdentifier('urn:epc:id:sgln:0614141.12345.0')).toBe('/414/0614141123452');
    expect(canonicalIdentifier('urn:epc:id:sgln:0614141.12345.400')).toBe('/414/0614141123452/254/400');
    expect(canonicalIdentifier('urn:epc:id:pgln:0614141.12345')).toBe('/417/0614141123452');
    expect(canonicalIdentifier('https://id.gs1.org/01/09521234543213/21/7?17=261231')).toBe(
      '/01/09521234543213/21/7',
    );
    expect(codeOf(() => canonicalIdentifier('urn:epc:id:sgtin:0614141.10734.2017'))).toBe(
      'trace.invalid_digital_link',
    );
  });
});
