import { searchKey } from '../../platform/text.ts';
import { errors } from './errors.ts';
import type { UnitRow } from './load.ts';
import type { Store, Version } from './store.ts';

/** Presenters whitelist what leaves the module (ARCHITECTURE §8.5). */
export function presentCommune(u: UnitRow) {
  return {
    code: u.code,
    name: u.name,
    fullName: u.full_name,
    type: u.type,
    nameEn: u.name_en,
    version: u.version,
    provinceCode: u.province_code,
    provinceName: u.province_name,
    districtCode: u.district_code,
    districtName: u.district_name,
  };
}

type Province = { code: string; name: string; fullName: string; type: string; communeCount: number };
type CommuneDetail = Awaited<ReturnType<typeof readCommune>>;

async function readCommune(store: Store, code: string, version: Version) {
  const unit = await store.unit(version, 'commune', code);
  if (!unit) throw errors.unit_not_found(`No commune ${code} in the ${version} dataset.`);
  const formedFrom =
    version === '2025'
      ? (await store.origins(code)).map((o) => ({
          name: o.old_name,
          code: o.old_code,
          districtName: o.old_district_name,
        }))
      : [];
  const successors = version === 'pre2025' ? (await store.successors(code)).map(presentCommune) : [];
  return { ...presentCommune(unit), formedFrom, successors };
}

/**
 * Administrative units change only with a migration (a new release), so a service keeps what it has read:
 * the province lists and each commune's details. Failed lookups are not kept.
 */
export function createService(store: Store) {
  const provinceLists = new Map<Version, Promise<Province[]>>();
  const communes = new Map<string, Promise<CommuneDetail>>();

  const provinces = (version: Version) => {
    let list = provinceLists.get(version);
    if (!list) {
      list = store.provinces(version).then((rows) =>
        rows.map((p) => ({
          code: p.code,
          name: p.name,
          fullName: p.full_name,
          type: p.type,
          communeCount: Number(p.commune_count),
        })),
      );
      list.catch(() => provinceLists.delete(version));
      provinceLists.set(version, list);
    }
    return list;
  };

  return {
    provinces,

    async searchCommunes(params: {
      q?: string;
      province?: string;
      version: Version;
      limit: number;
      offset: number;
    }) {
      const key = params.q === undefined ? undefined : searchKey(params.q);
      if (!key && !params.province)
        throw errors.query_required('Give `q` (a name) or `province` (a 2-digit code).');
      if (params.province && !(await provinces(params.version)).some((p) => p.code === params.province)) {
        throw errors.unit_not_found(`No province ${params.province} in the ${params.version} dataset.`);
      }
      const rows = await store.searchCommunes({ ...params, key: key || undefined });
      return rows.map(presentCommune);
    },

    commune(code: string, version: Version): Promise<CommuneDetail> {
      const key = `${version}:${code}`;
      let detail = communes.get(key);
      if (!detail) {
        detail = readCommune(store, code, version);
        detail.catch(() => communes.delete(key));
        communes.set(key, detail);
      }
      return detail;
    },
  };
}
