/**
 * How long the e-ID activation statistics take on a large province: `node bench/identity-statistics.ts`
 * with DATABASE_URL naming an empty database (it is migrated and filled: synthetic residents, then accounts
 * for a share of them written straight into identity.account, spread over 24 months, some at level 2).
 * Prints the time of the province-wide and one-commune statistics (3 runs each) and of a plain count of the
 * accounts, as a floor. BENCH_RESIDENTS (default 300000) and BENCH_ACCOUNT_SHARE (default 0.35).
 */
import { performance } from 'node:perf_hooks';
import { createStatistics } from '../src/modules/identity/statistics/service.ts';
import { seedResidents } from '../src/modules/registry/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { sql } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { open } from '../src/server.ts';

const residents = Number(process.env.BENCH_RESIDENTS ?? 300_000);
const share = Number(process.env.BENCH_ACCOUNT_SHARE ?? 0.35);
if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to an empty database');

const config = loadConfig({ ...process.env, NODE_ENV: 'test', CITIZEN_LOG_LEVEL: 'warn' });
const opened = await open(config, createLogger('warn'));
const { platform } = opened;
const { db } = platform;
try {
  let t = performance.now();
  const present = await sql<{ n: number }>`select count(*)::int as n from registry.resident`.execute(db);
  if ((present.rows[0]?.n ?? 0) < residents) {
    const seeded = await seedResidents(platform, {
      count: residents,
      province: config.provinceCode,
      seed: 7,
    });
    console.log(`residents: ${seeded.added} added (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }

  t = performance.now();
  // Accounts for a share of the residents (by a hash of the personal ID), opened over 24 months before now;
  // every other one later raised to level 2 by a federated sign-in.
  const inserted = await sql`
    insert into identity.account (id, personal_id, level, state, phone, created_at, updated_at)
    select gen_random_uuid(), r.personal_id, 1 + (abs(hashtext(r.personal_id)) % 2), 'active', '',
      now() - make_interval(days => abs(hashtext(r.personal_id || 'd')) % 730),
      now()
    from registry.resident r
    where abs(hashtext(r.personal_id)) % 1000 < ${Math.round(share * 1000)}
    on conflict do nothing`.execute(db);
  await sql`
    insert into identity.federated_link (issuer, subject, account_id, last_level, level2_at, created_at, last_sign_in_at)
    select 'https://vneid.example', a.id::text, a.id, 2, a.created_at + interval '20 days', a.created_at, a.created_at
    from identity.account a where a.level = 2
    on conflict do nothing`.execute(db);
  await sql`analyze identity.account; analyze identity.federated_link; analyze registry.resident`.execute(db);
  console.log(
    `accounts: ${inserted.numAffectedRows} added (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );

  const statistics = createStatistics(platform, { ttlMs: 0 }); // every run counts afresh
  const largest = await sql<{ commune: string; n: number }>`
    select jurisdiction_commune as commune, count(*)::int as n from registry.resident
    where jurisdiction_commune is not null group by 1 order by 2 desc limit 1`.execute(db);
  const commune = largest.rows[0]?.commune as string;
  const time = async (label: string, run: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await run();
      runs.push(performance.now() - start);
    }
    console.log(`${label}: ${runs.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
  };
  await time('floor: count(*) of active accounts', () =>
    sql`select count(*) from identity.account where state = 'active'`.execute(db),
  );
  await time('statistics, whole province, 12 months', () =>
    statistics.statistics({ province: config.provinceCode }, {}),
  );
  const month = (back: number) => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - back);
    return d.toISOString().slice(0, 7);
  };
  await time('statistics, whole province, 24 months', () =>
    statistics.statistics({ province: config.provinceCode }, { from: month(23), to: month(0) }),
  );
  await time(`statistics, commune ${commune} (${largest.rows[0]?.n} residents)`, () =>
    statistics.statistics({ commune }, {}),
  );
  const sample = await statistics.statistics({ province: config.provinceCode }, {});
  console.log(`check: ${sample.totals.total} active accounts, ${sample.totals.level2} at level 2`);
} finally {
  await opened.close();
}
