import type { Sex } from '../personal-id.ts';
import { type Random, weighted } from './random.ts';

/**
 * Vietnamese names for synthetic residents (all NFC). Surname weights are approximate national shares in
 * per cent (Nguyễn ≈ 38 %, Trần ≈ 11 %, …); Hoàng/Huỳnh and Vũ/Võ are the northern/southern spellings of
 * one name, split towards the northern form as in Thanh Hóa.
 */
export type Ethnicity = 'Kinh' | 'Mường' | 'Thái';

const KINH_SURNAMES = weighted<string>([
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 4],
  ['Huỳnh', 1],
  ['Phan', 4.5],
  ['Vũ', 2.9],
  ['Võ', 1],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Trịnh', 1.2],
  ['Đinh', 1],
  ['Mai', 0.8],
  ['Đào', 0.8],
  ['Hà', 0.7],
  ['Trương', 0.7],
  ['Lương', 0.6],
  ['Cao', 0.6],
  ['Đoàn', 0.6],
  ['Lưu', 0.5],
  ['Lại', 0.4],
  ['Tạ', 0.4],
  ['Lâm', 0.4],
  ['Vương', 0.3],
  ['Quách', 0.3],
  ['Tô', 0.3],
  ['Kiều', 0.3],
  ['Thái', 0.3],
  ['Chu', 0.3],
  ['Khúc', 0.2],
]);

// Surnames of the Mường and Thái communities of western Thanh Hóa.
const MINORITY_SURNAMES: Record<Exclude<Ethnicity, 'Kinh'>, (random: Random) => string> = {
  Mường: weighted([
    ['Bùi', 30],
    ['Hà', 20],
    ['Phạm', 15],
    ['Đinh', 12],
    ['Quách', 10],
    ['Trương', 8],
    ['Cao', 5],
  ]),
  Thái: weighted([
    ['Lò', 22],
    ['Hà', 20],
    ['Lương', 15],
    ['Cầm', 12],
    ['Vi', 10],
    ['Lữ', 8],
    ['Ngân', 7],
    ['Phạm', 6],
  ]),
};

export function sampleSurname(random: Random, ethnicity: Ethnicity): string {
  return ethnicity === 'Kinh' ? KINH_SURNAMES(random) : MINORITY_SURNAMES[ethnicity](random);
}

const MALE_MIDDLE = [
  'Đức',
  'Minh',
  'Quang',
  'Hữu',
  'Công',
  'Xuân',
  'Thanh',
  'Đình',
  'Ngọc',
  'Trọng',
  'Mạnh',
  'Bảo',
  'Gia',
  'Tuấn',
  'Hoàng',
  'Duy',
  'Anh',
  'Tiến',
] as const;
const FEMALE_MIDDLE = [
  'Ngọc',
  'Thu',
  'Thanh',
  'Minh',
  'Phương',
  'Thùy',
  'Bảo',
  'Khánh',
  'Hồng',
  'Mai',
  'Kim',
  'Hải',
  'Diệu',
  'Quỳnh',
  'Thảo',
  'Hoài',
] as const;

const MALE_GIVEN = [
  'Anh',
  'Hùng',
  'Dũng',
  'Tuấn',
  'Nam',
  'Hải',
  'Long',
  'Đức',
  'Minh',
  'Quân',
  'Khoa',
  'Hoàng',
  'Huy',
  'Sơn',
  'Thắng',
  'Trung',
  'Phong',
  'Bình',
  'Cường',
  'Hiếu',
  'Kiên',
  'Khánh',
  'Lâm',
  'Lộc',
  'Mạnh',
  'Nghĩa',
  'Phúc',
  'Quang',
  'Tài',
  'Thành',
  'Thịnh',
  'Toàn',
  'Trí',
  'Tùng',
  'Việt',
  'Vinh',
  'Bảo',
  'Đạt',
  'Duy',
  'Hưng',
  'Khang',
  'Kiệt',
  'Nhân',
  'Phát',
  'Tiến',
  'Tâm',
  'Thái',
  'Hậu',
  'Quý',
  'Chiến',
] as const;
const FEMALE_GIVEN = [
  'Lan',
  'Hương',
  'Hoa',
  'Mai',
  'Linh',
  'Trang',
  'Huyền',
  'Thảo',
  'Ngọc',
  'Hà',
  'Nhung',
  'Yến',
  'Anh',
  'Chi',
  'Dung',
  'Giang',
  'Hằng',
  'Hạnh',
  'Hiền',
  'Hoài',
  'Hồng',
  'Loan',
  'Ly',
  'My',
  'Nga',
  'Ngân',
  'Nhi',
  'Oanh',
  'Phương',
  'Quyên',
  'Quỳnh',
  'Tâm',
  'Thơ',
  'Thu',
  'Thủy',
  'Trâm',
  'Tuyết',
  'Uyên',
  'Vân',
  'Vy',
  'Xuân',
  'Hòa',
  'Diệp',
  'Liên',
  'Bích',
  'Thúy',
  'Thoa',
  'Hậu',
] as const;

/**
 * "Văn" (men) and "Thị" (women) were the usual middle names until the 1980s and are rarer among the
 * young; minority families keep them more.
 */
function traditionalShare(sex: Sex, birthYear: number, ethnicity: Ethnicity): number {
  const era = birthYear < 1980 ? 0 : birthYear < 2000 ? 1 : 2;
  const share = sex === 'male' ? [0.55, 0.3, 0.12][era] : [0.75, 0.5, 0.2][era];
  return ethnicity === 'Kinh' ? (share as number) : Math.min(0.9, (share as number) + 0.3);
}

/** Surname + middle name + given name, e.g. "Nguyễn Văn Đức"; the middle never repeats the given name. */
export function sampleFullName(
  random: Random,
  person: { surname: string; sex: Sex; birthYear: number; ethnicity: Ethnicity },
): string {
  const { sex } = person;
  const given = random.pick(sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
  let middle: string = sex === 'male' ? 'Văn' : 'Thị';
  if (!random.chance(traditionalShare(sex, person.birthYear, person.ethnicity))) {
    const choices = sex === 'male' ? MALE_MIDDLE : FEMALE_MIDDLE;
    middle = random.pick(choices);
    if (middle === given) middle = choices[(choices.indexOf(middle as never) + 1) % choices.length] as string;
  }
  return `${person.surname} ${middle} ${given}`;
}
