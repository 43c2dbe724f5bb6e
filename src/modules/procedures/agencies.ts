/**
 * The agencies of Thanh Hóa (province 38) on the one-stop system, with their QCVN 102:2016/BTTTT codes
 * (`level3.level2.level1.H56`; H56 is Thanh Hóa's letter-and-number code). The code scheme used here:
 * - `000.00.00.H56`: the provincial People's Committee (its code in the national systems);
 * - `000.00.NN.H56`, NN = 01–10: the departments (level-1 units under the committee), numbered below;
 * - `000.YY.ZZ.H56`, ZZ = 51, 52, …: the People's Committees of the 2025 communes, taken in the order of
 *   their commune codes, 99 per block (YY = 01–99). The scheme is fixed once, when the catalogue is
 *   loaded; a commune created later gets the next free number, so codes never move.
 * Numbers of the departments are this platform's, not the province's published list.
 */
export const PROVINCE_LETTER = 'H56';
export const PROVINCE_COMMITTEE = `000.00.00.${PROVINCE_LETTER}`;

export const DEPARTMENTS: { code: string; name: string; nameEn: string }[] = [
  { code: '000.00.01.H56', name: 'Sở Nội vụ tỉnh Thanh Hóa', nameEn: 'Department of Home Affairs' },
  { code: '000.00.02.H56', name: 'Sở Tư pháp tỉnh Thanh Hóa', nameEn: 'Department of Justice' },
  { code: '000.00.03.H56', name: 'Sở Tài chính tỉnh Thanh Hóa', nameEn: 'Department of Finance' },
  { code: '000.00.04.H56', name: 'Sở Xây dựng tỉnh Thanh Hóa', nameEn: 'Department of Construction' },
  {
    code: '000.00.05.H56',
    name: 'Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa',
    nameEn: 'Department of Agriculture and Environment',
  },
  {
    code: '000.00.06.H56',
    name: 'Sở Công Thương tỉnh Thanh Hóa',
    nameEn: 'Department of Industry and Trade',
  },
  { code: '000.00.07.H56', name: 'Sở Y tế tỉnh Thanh Hóa', nameEn: 'Department of Health' },
  {
    code: '000.00.08.H56',
    name: 'Sở Giáo dục và Đào tạo tỉnh Thanh Hóa',
    nameEn: 'Department of Education and Training',
  },
  {
    code: '000.00.09.H56',
    name: 'Sở Khoa học và Công nghệ tỉnh Thanh Hóa',
    nameEn: 'Department of Science and Technology',
  },
  {
    code: '000.00.10.H56',
    name: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa',
    nameEn: 'Department of Culture, Sports and Tourism',
  },
];

/** Well-known department codes used by the seeded procedures and by demo officers. */
export const AGENCY = {
  province: PROVINCE_COMMITTEE,
  homeAffairs: '000.00.01.H56',
  justice: '000.00.02.H56',
  finance: '000.00.03.H56',
  construction: '000.00.04.H56',
  agricultureEnvironment: '000.00.05.H56',
  industryTrade: '000.00.06.H56',
  health: '000.00.07.H56',
} as const;

/** The code of the People's Committee of the `index`-th commune (0-based, in commune-code order). */
export function communeAgencyCode(index: number): string {
  const block = 51 + Math.floor(index / 99);
  const number = (index % 99) + 1;
  return `000.${String(number).padStart(2, '0')}.${block}.${PROVINCE_LETTER}`;
}
