import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../platform/csv.ts';
import { normalizeName, searchKey } from '../../platform/text.ts';

/** Reads the shipped administrative-unit files (reference-data/, see SOURCES.md) into rows to insert. */
export const REFERENCE_DATA = path.resolve(import.meta.dirname, '../../../reference-data');

export interface UnitRow {
  version: '2025' | 'pre2025';
  level: 'province' | 'district' | 'commune';
  code: string;
  name: string;
  full_name: string;
  type: string;
  name_en: string | null;
  province_code: string;
  province_name: string;
  district_code: string | null;
  district_name: string | null;
  search_key: string;
}

export interface OriginRow {
  commune_code: string;
  position: number;
  old_name: string;
  old_code: string | null;
  old_district_name: string | null;
}

const read = (file: string) => parseCsv(readFileSync(path.join(REFERENCE_DATA, file), 'utf8'));

const PROVINCE_PREFIX: Record<string, string> = { tinh: 'Tỉnh', thanh_pho: 'Thành phố' };

function unit(
  row: Omit<UnitRow, 'search_key' | 'name' | 'full_name'> & { name: string; full_name: string },
): UnitRow {
  const name = normalizeName(row.name);
  const fullName = normalizeName(row.full_name);
  return { ...row, name, full_name: fullName, search_key: searchKey(fullName) };
}

export function loadUnits2025(): UnitRow[] {
  const rows: UnitRow[] = [];
  const provinces = new Set<string>();
  for (const r of read('admin-units-2025.csv')) {
    const province = { code: r.province_code ?? '', name: normalizeName(r.province_name_modern_tone ?? '') };
    if (!provinces.has(province.code)) {
      provinces.add(province.code);
      const type = r.province_type ?? 'tinh';
      rows.push(
        unit({
          version: '2025',
          level: 'province',
          code: province.code,
          name: province.name,
          full_name: `${PROVINCE_PREFIX[type] ?? ''} ${province.name}`,
          type,
          name_en: null,
          province_code: province.code,
          province_name: province.name,
          district_code: null,
          district_name: null,
        }),
      );
    }
    const name = r.commune_name_modern_tone ?? '';
    rows.push(
      unit({
        version: '2025',
        level: 'commune',
        code: r.commune_code ?? '',
        name,
        full_name: `${r.unit_type_vi} ${name}`,
        type: r.unit_type ?? '',
        name_en: r.commune_name_en || null,
        province_code: province.code,
        province_name: province.name,
        district_code: null,
        district_name: null,
      }),
    );
  }
  return rows;
}

export function loadUnitsPre2025(): UnitRow[] {
  const rows: UnitRow[] = [];
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && seen.add(key) !== undefined;
  for (const r of read('admin-units-pre2025.csv')) {
    const provinceCode = r.province_code ?? '';
    const provinceName = r.province_name ?? '';
    if (once(`p${provinceCode}`)) {
      rows.push(
        unit({
          version: 'pre2025',
          level: 'province',
          code: provinceCode,
          name: provinceName,
          full_name: provinceName,
          type: 'tinh',
          name_en: null,
          province_code: provinceCode,
          province_name: provinceName,
          district_code: null,
          district_name: null,
        }),
      );
    }
    const district = { code: r.district_code ?? '', name: r.district_full_name ?? '' };
    if (once(`d${district.code}`)) {
      rows.push(
        unit({
          version: 'pre2025',
          level: 'district',
          code: district.code,
          name: r.district_name ?? '',
          full_name: district.name,
          type: r.district_type ?? '',
          name_en: null,
          province_code: provinceCode,
          province_name: provinceName,
          district_code: district.code,
          district_name: district.name,
        }),
      );
    }
    rows.push(
      unit({
        version: 'pre2025',
        level: 'commune',
        code: r.commune_code ?? '',
        name: r.commune_name ?? '',
        full_name: r.commune_full_name ?? '',
        type: r.commune_type ?? '',
        name_en: null,
        province_code: provinceCode,
        province_name: provinceName,
        district_code: district.code,
        district_name: normalizeName(district.name),
      }),
    );
  }
  return rows;
}

/** Splits "Xã A, Phường B (thị xã C)" at top-level commas into names with an optional district hint. */
export function parseFormedFrom(text: string): { name: string; hint: string | null }[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const match = /^(.*?)\s*\(([^)]*)\)$/.exec(p);
      return match
        ? { name: normalizeName(match[1] ?? ''), hint: normalizeName(match[2] ?? '') }
        : { name: normalizeName(p), hint: null };
    });
}

/**
 * The pre-2025 communes each 2025 commune was formed from (published for Thanh Hóa). A name is resolved
 * to its old code when it is unique in the old province, or unique within the district the hint names.
 */
export function loadOrigins(pre2025: UnitRow[]): OriginRow[] {
  const origins: OriginRow[] = [];
  for (const r of read('thanh-hoa-communes-2025.csv')) {
    const oldCommunes = pre2025.filter((u) => u.level === 'commune' && u.province_code === r.province_code);
    parseFormedFrom(r.formed_from ?? '').forEach(({ name, hint }, position) => {
      let candidates = oldCommunes.filter((u) => u.search_key === searchKey(name));
      if (candidates.length > 1 && hint) {
        const h = searchKey(hint);
        candidates = candidates.filter((u) => {
          const d = searchKey(u.district_name ?? '');
          return d.includes(h) || h.includes(d);
        });
      }
      const match = candidates.length === 1 ? candidates[0] : undefined;
      origins.push({
        commune_code: r.commune_code ?? '',
        position,
        old_name: hint ? `${name} (${hint})` : name,
        old_code: match?.code ?? null,
        old_district_name: match?.district_name ?? null,
      });
    });
  }
  return origins;
}
