import { describe, expect, it } from 'vitest';
import { accepted, sniff } from './files.ts';
import { formatReceiptCode, parseReceiptCode } from './receipt.ts';
import { nationalMessage } from './sync.ts';

describe('receipt codes (Circular 01/2018/TT-VPCP Art. 19)', () => {
  it('formats <agency code>-YYMMDD-XXXX and reads it back', () => {
    const code = formatReceiptCode('000.00.00.H56', '2025-07-01', 1);
    expect(code).toBe('000.00.00.H56-250701-0001');
    expect(parseReceiptCode(code)).toEqual({ agencyCode: '000.00.00.H56', day: '2025-07-01', sequence: 1 });
    expect(formatReceiptCode('000.01.52.H56', '2026-02-25', 12345)).toBe('000.01.52.H56-260225-12345');
    expect(parseReceiptCode('H56-250701-0001')).toBeUndefined();
    expect(() => formatReceiptCode('000.00.00.H56', '2025-07-01', 0)).toThrow(RangeError);
  });
});

describe('national sync message', () => {
  it('maps status, channel and applicant type to the national codes', () => {
    const m = nationalMessage({
      dossierId: 'x',
      receiptCode: '000.00.00.H56-250701-0001',
      procedureCode: '1.001193',
      agencyCode: '000.00.00.H56',
      status: 'supplement_requested',
      channel: 'post',
      applicantType: 'household_business',
      receivedOn: '2025-07-01',
      dueOn: '2025-07-02',
      finishedOn: null,
      returnedOn: null,
      paidOnline: true,
      at: new Date('2025-07-01T02:00:00Z'),
    });
    expect(m).toMatchObject({ TrangThaiHoSo: 5, KenhThucHien: 3, LoaiDoiTuong: 2, HinhThucThanhToan: 2 });
  });
});

describe('uploaded files', () => {
  it('knows a file by its first bytes, not by its name', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('image/png');
    expect(sniff(Buffer.from('<html>'))).toBeUndefined();
  });

  it('accepts by media type, wildcard or extension', () => {
    expect(accepted(['application/pdf'], 'application/pdf', 'a.pdf')).toBe(true);
    expect(accepted(['image/*'], 'image/png', 'a.png')).toBe(true);
    expect(accepted(['.pdf'], 'application/pdf', 'A.PDF')).toBe(true);
    expect(accepted(['application/pdf'], 'image/png', 'a.png')).toBe(false);
  });
});
