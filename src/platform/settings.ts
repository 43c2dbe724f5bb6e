import type { Db } from './db/index.ts';

/** Installation-wide facts (e.g. when the demo was seeded), stored as JSON in `platform.setting`. */
export async function getSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const row = await db
    .selectFrom('platform.setting')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value as T | undefined;
}

export async function putSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('platform.setting')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }),
    )
    .execute();
}
