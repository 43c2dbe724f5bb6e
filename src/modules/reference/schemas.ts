import { Type } from 'typebox';

export const Version = Type.Union([Type.Literal('2025'), Type.Literal('pre2025')], {
  default: '2025',
  description: 'Dataset: after the 1 July 2025 reorganisation (two levels) or before it (three levels).',
});

export const Province = Type.Object({
  code: Type.String({ examples: ['38'] }),
  name: Type.String({ examples: ['Thanh Hóa'] }),
  fullName: Type.String({ examples: ['Tỉnh Thanh Hóa'] }),
  type: Type.String({ examples: ['tinh'] }),
  communeCount: Type.Integer(),
});

export const Commune = Type.Object({
  code: Type.String({ examples: ['14758'] }),
  name: Type.String({ examples: ['Hàm Rồng'] }),
  fullName: Type.String({ examples: ['Phường Hàm Rồng'] }),
  type: Type.String({ description: 'xa, phuong, dac_khu (2025); xa, phuong, thi_tran (pre-2025)' }),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  version: Version,
  provinceCode: Type.String(),
  provinceName: Type.String(),
  districtCode: Type.Union([Type.String(), Type.Null()]),
  districtName: Type.Union([Type.String(), Type.Null()]),
});

export const OldUnit = Type.Object({
  name: Type.String({ examples: ['Phường Thiệu Dương'] }),
  code: Type.Union([Type.String(), Type.Null()], {
    description: 'Pre-2025 commune code when the name is unambiguous',
  }),
  districtName: Type.Union([Type.String(), Type.Null()]),
});

export const CommuneDetail = Type.Intersect([
  Commune,
  Type.Object({
    formedFrom: Type.Array(OldUnit, { description: '2025 communes: the pre-2025 units it was formed from' }),
    successors: Type.Array(Commune, {
      description: 'Pre-2025 communes: the 2025 communes that took it over',
    }),
  }),
]);

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name, with or without tones' })),
  province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  version: Type.Optional(Version),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
});
