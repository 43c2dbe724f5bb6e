import type { Db } from '../../platform/db/index.ts';
import { createService } from './service.ts';
import { createStore, type Version } from './store.ts';

export { referenceModule } from './module.ts';
/** The reference module's public API for other modules (e.g. the registry checks addresses here). */
export type { Version as AdminUnitVersion };

// One service per database handle, so its cache of communes serves every caller (a registry read formats
// two addresses: without it, each was two queries for data that changes only with a release).
const services = new WeakMap<Db, ReturnType<typeof createService>>();
function serviceOf(db: Db) {
  let service = services.get(db);
  if (!service) {
    service = createService(createStore(db));
    services.set(db, service);
  }
  return service;
}

/** A commune of the given dataset version, or undefined when it does not exist in that version. */
export async function findCommune(db: Db, code: string, version: Version) {
  return serviceOf(db)
    .commune(code, version)
    .catch((error: { code?: string }) => {
      if (error.code === 'reference.unit_not_found') return undefined;
      throw error;
    });
}

/** A province of the 2025 dataset (code and name), or undefined. */
export async function findProvince(db: Db, code: string) {
  const unit = await createStore(db).unit('2025', 'province', code);
  return unit ? { code: unit.code, name: unit.name } : undefined;
}

/** The 2025 communes of a province (code and full name, e.g. "Phường Hàm Rồng"), by name. */
export async function communesOf(db: Db, province: string) {
  const rows = await createStore(db).searchCommunes({ version: '2025', province, limit: 10_000, offset: 0 });
  return rows.map((u) => ({ code: u.code, name: u.full_name }));
}

/** JSON Schemas of what this API gives, for other modules' API documents (the exchange's built-ins). */
export { CommuneDetail as CommuneDetailSchema, Version as AdminUnitVersionSchema } from './schemas.ts';
