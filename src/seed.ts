import type { Module, Platform } from './platform/context.ts';
import { getSetting, putSetting } from './platform/settings.ts';

/**
 * Demo seeding: on the first start with an empty database (CITIZEN_SEED_DEMO), the configured province is
 * recorded, signing keys are created and each module adds its demo data. Module seeds are idempotent, so
 * `citizen seed` can run again safely.
 */
export async function seed(platform: Platform, modules: Module[]): Promise<void> {
  await putSetting(platform.db, 'province_code', platform.config.provinceCode);
  await platform.keys.signingKey('EdDSA');
  await platform.keys.signingKey('ES256');
  for (const module of modules) await module.seed?.(platform);
  await platform.db.transaction().execute(async (trx) => {
    await putSetting(trx, 'seeded_at', platform.clock.now().toISOString());
    await platform.audit.record(trx, {
      actor: 'platform',
      action: 'platform.seeded',
      details: { province: platform.config.provinceCode },
    });
  });
}

export async function seedIfEmpty(platform: Platform, modules: Module[]): Promise<boolean> {
  if (!platform.config.seedDemo || (await getSetting(platform.db, 'seeded_at'))) return false;
  await seed(platform, modules);
  return true;
}
