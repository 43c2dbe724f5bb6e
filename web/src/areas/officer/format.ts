import { useEffect, useState } from 'react';
import { getJson } from '../../api.ts';
import type { Address, AddressVersion } from './registry.ts';

/**
 * A date the Vietnamese way whatever the language, as officers read it on paper records:
 * "1985-07-14" → "14/07/1985", "1985-07" → "07/1985", "1985" → "1985".
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const [year, month, day] = value.slice(0, 10).split('-');
  if (day) return `${day}/${month}/${year}`;
  if (month) return `${month}/${year}`;
  return year ?? value;
}

/** A timestamp in local time: "14/07/2025 09:30". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Today as YYYY-MM-DD in local time (the default effective date and the date pickers' maximum). */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// Shape of GET /api/v1/admin-units/communes/{code}: only what the console shows.
export interface CommuneInfo {
  code: string;
  fullName: string;
  provinceCode: string;
  provinceName: string;
  districtName: string | null;
  successors?: { code: string; fullName: string }[];
}

// Commune names change rarely: one request per commune and dataset for the life of the page.
const communes = new Map<string, Promise<CommuneInfo | null>>();

export function loadCommune(code: string, version: AddressVersion): Promise<CommuneInfo | null> {
  const key = `${version}:${code}`;
  let entry = communes.get(key);
  if (!entry) {
    entry = getJson<CommuneInfo>(
      `/api/v1/admin-units/communes/${encodeURIComponent(code)}?version=${version}`,
    ).catch(() => {
      communes.delete(key); // try again next time
      return null;
    });
    communes.set(key, entry);
  }
  return entry;
}

/** The commune of an address once loaded; undefined while loading, null when unknown. */
export function useCommune(address: Address | null | undefined): CommuneInfo | null | undefined {
  const code = address?.commune;
  const version = address?.version ?? '2025';
  const [state, setState] = useState<{ key: string; info: CommuneInfo | null } | undefined>();
  const key = `${version}:${code}`;
  useEffect(() => {
    if (!code) return;
    let live = true;
    loadCommune(code, version).then((info) => {
      if (live) setState({ key: `${version}:${code}`, info });
    });
    return () => {
      live = false;
    };
  }, [code, version]);
  return state?.key === key ? state.info : undefined;
}

/** "Phường Hàm Rồng, Thanh Hóa"; pre-2025 units with their district. */
export function communeLabel(info: CommuneInfo): string {
  return [info.fullName, info.districtName, info.provinceName].filter(Boolean).join(', ');
}

export interface CommuneOption {
  code: string;
  fullName: string;
}

const provinceLists = new Map<string, Promise<CommuneOption[]>>();

/** All 2025 communes of a province, in pages of 100 (Thanh Hóa has 166), once per page life. */
function loadProvinceCommunes(province: string): Promise<CommuneOption[]> {
  let entry = provinceLists.get(province);
  if (!entry) {
    entry = (async () => {
      const all: CommuneOption[] = [];
      for (let offset = 0; offset < 2000; offset += 100) {
        const page = await getJson<{ items: CommuneOption[] }>(
          `/api/v1/admin-units/communes?province=${province}&version=2025&limit=100&offset=${offset}`,
        );
        all.push(...page.items.map(({ code, fullName }) => ({ code, fullName })));
        if (page.items.length < 100) break;
      }
      return all.sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
    })();
    entry.catch(() => provinceLists.delete(province));
    provinceLists.set(province, entry);
  }
  return entry;
}

/** The communes of a province (null province: none); `failed` when the list could not be loaded. */
export function useProvinceCommunes(province: string | null): { items?: CommuneOption[]; failed?: boolean } {
  const [state, setState] = useState<{ province: string; items?: CommuneOption[]; failed?: boolean }>();
  useEffect(() => {
    if (!province) return;
    let live = true;
    loadProvinceCommunes(province).then(
      (items) => live && setState({ province, items }),
      () => live && setState({ province, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [province]);
  return state && state.province === province ? state : {};
}

/** The province of an officer's jurisdiction: the code itself, or the province of their commune. */
export function useJurisdictionProvince(jurisdiction: { level: string; code: string }): string | null {
  const commune = useCommune(
    jurisdiction.level === 'commune' ? { version: '2025', commune: jurisdiction.code, street: null } : null,
  );
  if (jurisdiction.level === 'province') return jurisdiction.code;
  return commune?.provinceCode ?? null;
}
