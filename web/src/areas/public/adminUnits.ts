import type { TFunction } from 'i18next';

// Shapes of GET /api/v1/admin-units/* responses.

export interface Province {
  code: string;
  name: string;
  type: string;
  communeCount: number;
}

export interface Commune {
  code: string;
  name: string;
  fullName: string;
  type: string;
  nameEn: string;
  provinceCode: string;
  provinceName: string;
}

export interface CommuneDetail extends Commune {
  formedFrom: { code: string | null; name: string; districtName: string | null }[];
}

export interface List<T> {
  items: T[];
}

export const API = '/api/v1/admin-units';

const UNIT_TYPES = ['tinh', 'thanh_pho', 'xa', 'phuong', 'dac_khu'] as const;

/** Translated unit type; a type this version does not know is shown as the server sent it. */
export function unitTypeLabel(t: TFunction, type: string): string {
  return (UNIT_TYPES as readonly string[]).includes(type)
    ? t(`unitTypes.${type as (typeof UNIT_TYPES)[number]}`)
    : type;
}
