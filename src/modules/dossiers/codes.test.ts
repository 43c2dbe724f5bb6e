import { describe, expect, it } from 'vitest';
import { accepted, sniff } from './files.ts';
import { prefill, validateForm } from './form.ts';
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

describe('prefill from the registry', () => {
  const schema = {
    type: 'object',
    properties: {
      name: { type: 'string', 'x-prefill': 'registry.fullName' },
      sex: { type: 'string', enum: ['Nam', 'Nữ'], 'x-prefill': 'registry.sex' },
      born: { type: 'string', format: 'date', 'x-prefill': 'registry.birthDate' },
      marital: {
        type: 'string',
        enum: ['Chưa kết hôn', 'Đang có vợ/chồng'],
        'x-prefill': 'registry.maritalStatus',
      },
      phone: { type: 'string', 'x-prefill': 'identity.phone' },
      home: { type: 'string', 'x-prefill': 'registry.hometown' },
      free: { type: 'string' },
    },
    required: ['name', 'free'],
    additionalProperties: false,
  };
  const record = {
    personalId: '038190000001',
    fullName: 'Lê Thị Hoa',
    birthDate: '1990',
    sex: 'female' as const,
    nationality: 'Việt Nam',
    ethnicity: null,
    maritalStatus: 'single',
    permanentAddress: null,
    currentAddress: 'Số 5, Phường Hàm Rồng, Tỉnh Thanh Hóa',
    hometown: null,
    currentCommune: '14758',
  };

  it('fills what the record has, as the form spells it, and leaves the rest to the citizen', () => {
    const filled = prefill(schema, record, '+84912345678');
    expect(filled.values).toEqual({
      name: 'Lê Thị Hoa',
      sex: 'Nữ',
      marital: 'Chưa kết hôn',
      phone: '0912345678',
    });
    expect(filled.sources).toEqual({
      name: 'registry.fullName',
      sex: 'registry.sex',
      marital: 'registry.maritalStatus',
      phone: 'identity.phone',
    });
  });

  it('validates against the JSON Schema with pointers to the fields', () => {
    expect(validateForm('v-test', schema, { name: 'A', free: 'x' })).toEqual([]);
    const problems = validateForm('v-test', schema, { name: 'A', sex: 'X', born: '1990-13-45', extra: 1 });
    expect(problems.map((p) => p.pointer).sort()).toEqual([
      '/body/data/born',
      '/body/data/extra',
      '/body/data/free',
      '/body/data/sex',
    ]);
  });
});
