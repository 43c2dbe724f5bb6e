import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../../platform/csv.ts';
import type { Ethnicity } from './names.ts';
import { type Random, weighted } from './random.ts';

/**
 * Where synthetic residents live and were registered: the 2025 communes of the province (reference data),
 * weighted so that wards (phường) are more populous than rural communes (xã), street text in the local
 * style, and the personal-ID prefixes of the home province and of the others.
 */
const DATA = path.resolve(import.meta.dirname, '../../../../reference-data');
const read = (file: string) => parseCsv(readFileSync(path.join(DATA, file), 'utf8'));

export interface Commune {
  code: string;
  ward: boolean;
  /** Share of households of the Mường and Thái communities (western, mountainous Thanh Hóa). */
  minorityShare: number;
}

// Wards are towns and city districts: several times the population of a rural commune.
const WARD_WEIGHT = 3.5;

/**
 * Thanh Hóa's western highlands (former Mường Lát … Cẩm Thủy, Thường Xuân, Như Xuân districts). The
 * share is kept below the real one (≈ 16 % of the province is Mường or Thái) so that surname frequencies
 * stay close to the national ones the registry's tests and demos expect.
 */
function minorityShare(province: string, code: string): number {
  if (province !== '38') return 0;
  const n = Number(code);
  const western = (n >= 14845 && n <= 15127) || (n >= 15607 && n <= 15661) || (n >= 16174 && n <= 16225);
  return western ? 0.2 : 0.005;
}

export interface ProvincePlaces {
  communes: Commune[];
  commune(random: Random): Commune;
  idPrefix(random: Random): { prefix: string; provinceName: string };
}

// Residents born elsewhere: most came from the big cities or neighbouring provinces.
const OTHER_PROVINCE_SHARE = 0.08;
const BIG_CITIES = new Set(['001', '079']);

export function loadPlaces(province: string): ProvincePlaces {
  const communes = read('admin-units-2025.csv')
    .filter((r) => r.province_code === province)
    .map((r) => ({
      code: r.commune_code ?? '',
      ward: r.unit_type === 'phuong',
      minorityShare: minorityShare(province, r.commune_code ?? ''),
    }));
  if (communes.length === 0) throw new Error(`No 2025 communes for province ${province}.`);
  const prefixes = read('cccd-province-codes.csv').map((r) => ({
    prefix: r.cccd_prefix ?? '',
    provinceName: r.pre2025_province_name ?? '',
    home: r.pre2025_province_code === province,
  }));
  const home = prefixes.filter((p) => p.home);
  if (home.length === 0) throw new Error(`No personal-ID prefix for province ${province}.`);
  const homePrefix = weighted(home.map((p) => [p, 1] as const));
  const otherPrefix = weighted(
    prefixes.filter((p) => !p.home).map((p) => [p, BIG_CITIES.has(p.prefix) ? 6 : 1] as const),
  );
  const commune = weighted(communes.map((c) => [c, c.ward ? WARD_WEIGHT : 1] as const));
  return {
    communes,
    commune,
    idPrefix: (random) => (random.chance(OTHER_PROVINCE_SHARE) ? otherPrefix : homePrefix)(random),
  };
}

const STREETS = [
  'Lê Lợi',
  'Trần Phú',
  'Quang Trung',
  'Bà Triệu',
  'Lê Hoàn',
  'Nguyễn Trãi',
  'Hàm Nghi',
  'Phan Chu Trinh',
  'Lý Thường Kiệt',
  'Trần Hưng Đạo',
  'Hai Bà Trưng',
  'Nguyễn Du',
  'Đại lộ Lê Lợi',
  'Tống Duy Tân',
  'Dương Đình Nghệ',
  'Hạc Thành',
] as const;
const VILLAGES = [
  'Bản Chiềng',
  'Bản Na',
  'Bản Lát',
  'Bản Đồng Tâm',
  'Bản Poọng',
  'Bản Sại',
  'Bản Khằm',
] as const;

/** "Số 12 Lê Lợi" in a ward, "Thôn 3" or "Xóm 5" in a commune, "Bản Na" in the highlands. */
export function streetText(random: Random, commune: Commune): string {
  if (commune.ward) return `Số ${random.int(1, 250)} ${random.pick(STREETS)}`;
  if (commune.minorityShare > 0.1 && random.chance(0.5)) return random.pick(VILLAGES);
  return `${random.chance(0.7) ? 'Thôn' : 'Xóm'} ${random.int(1, 15)}`;
}

/** A household's ethnicity from its commune: Mường slightly more numerous than Thái in Thanh Hóa. */
export function sampleEthnicity(random: Random, commune: Commune): Ethnicity {
  if (!random.chance(commune.minorityShare)) return 'Kinh';
  return random.chance(0.6) ? 'Mường' : 'Thái';
}
