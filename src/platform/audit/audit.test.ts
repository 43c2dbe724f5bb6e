import { afterEach, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../test/platform.ts';
import { type Db, sql } from '../db/index.ts';
import {
  type AuditEntry,
  type AuditRow,
  auditTrailOf,
  chainOf,
  GENESIS_HASH,
  rowHash,
  verifyAuditChain,
} from './index.ts';

const open: TestPlatform[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

async function platform(): Promise<TestPlatform & { clock: ReturnType<typeof fixedClock> }> {
  const clock = fixedClock('2025-07-01T02:00:00.000Z');
  const p = await createTestPlatform({ clock });
  open.push(p);
  return Object.assign(p, { clock });
}

const view = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: `officer:${n}`,
  action: 'registry.resident.view',
  subjectPerson: '038090001234',
  purpose: 'birth registration',
  legalBasis: 'Decree 87/2020 art. 5',
  requestId: `req-${n}`,
  details: { field: 'address', n },
  ...extra,
});

/** Records `count` entries, one second apart, each in its own transaction; returns their seqs in order. */
async function recordMany(p: Awaited<ReturnType<typeof platform>>, count: number): Promise<number[]> {
  for (let i = 1; i <= count; i++) {
    await p.audit.record(p.db, view(i));
    p.clock.advance(1000);
  }
  return seqs(p.db);
}

async function seqs(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('platform.audit_log').select('seq').orderBy('seq').execute();
  return rows.map((r) => r.seq as number);
}

/** Changes rows as a database superuser could, bypassing the append-only trigger (replica mode). */
async function asSuperuser(db: Db, change: (trx: Db) => Promise<unknown>) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await change(trx);
  });
}

describe('audit log', () => {
  it('appends rows chained by hash, from the genesis hash, and verifies the whole chain', async () => {
    const p = await platform();
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 0 });
    await recordMany(p, 5);

    const rows = (await p.db
      .selectFrom('platform.audit_log')
      .selectAll()
      .orderBy('seq')
      .execute()) as AuditRow[];
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({
      actor: 'officer:1',
      action: 'registry.resident.view',
      subject_person: '038090001234',
      purpose: 'birth registration',
      legal_basis: 'Decree 87/2020 art. 5',
      request_id: 'req-1',
      details: { field: 'address', n: 1 },
      prev_hash: GENESIS_HASH,
      at: new Date('2025-07-01T02:00:00.000Z'),
    });
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    for (const row of rows) expect(row.hash).toBe(rowHash(row));

    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 5 });
    // Verification walks in batches; the result does not depend on where a batch ends.
    expect(await verifyAuditChain(p.db, 2)).toEqual({ ok: true, rows: 5 });
    expect(await verifyAuditChain(p.db, 5)).toEqual({ ok: true, rows: 5 });
  });

  it('stores optional fields as null and details as given, including dates and nested values', async () => {
    const p = await platform();
    await p.audit.record(p.db, { actor: 'cli', action: 'platform.keys.rotate' });
    await p.audit.record(p.db, {
      actor: 'platform',
      action: 'platform.test',
      details: {
        when: new Date('2025-01-02T03:04:05.678Z'),
        list: [1, 'hai', null, { z: 1, a: 2 }],
        empty: {},
        skip: undefined,
      },
    });
    const [bare, rich] = await p.db.selectFrom('platform.audit_log').selectAll().orderBy('seq').execute();
    expect(bare).toMatchObject({
      subject_person: null,
      purpose: null,
      legal_basis: null,
      request_id: null,
      details: {},
    });
    expect(rich?.details).toEqual({
      when: '2025-01-02T03:04:05.678Z',
      list: [1, 'hai', null, { z: 1, a: 2 }],
      empty: {},
    });
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 2 });
  });

  it('refuses UPDATE and DELETE from the application', async () => {
    const p = await platform();
    await recordMany(p, 2);
    await expect(
      p.db.updateTable('platform.audit_log').set({ purpose: 'curiosity' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(p.db.deleteFrom('platform.audit_log').execute()).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 2 });
  });

  describe('tamper detection', () => {
    it.each([
      ['purpose', { purpose: 'curiosity' }],
      ['subject', { subject_person: '038090009999' }],
      ['actor', { actor: 'officer:999' }],
      ['time', { at: new Date('2025-06-30T00:00:00.000Z') }],
      ['details', { details: JSON.stringify({ field: 'health', n: 3 }) }],
    ])('names the exact row whose %s was altered', async (_what, change) => {
      const p = await platform();
      const [, , third] = await recordMany(p, 5);
      await asSuperuser(p.db, (trx) =>
        trx.updateTable('platform.audit_log').set(change).where('seq', '=', third).execute(),
      );
      const result = await verifyAuditChain(p.db);
      expect(result).toMatchObject({ ok: false, brokenSeq: third, rows: 2 });
      expect(result.ok === false && result.reason).toMatch(/altered/);
    });

    it('names the row after a removed middle row, which no longer links', async () => {
      const p = await platform();
      const [, , third, fourth] = await recordMany(p, 5);
      await asSuperuser(p.db, (trx) =>
        trx.deleteFrom('platform.audit_log').where('seq', '=', third).execute(),
      );
      const result = await verifyAuditChain(p.db);
      expect(result).toMatchObject({ ok: false, brokenSeq: fourth, rows: 2 });
      expect(result.ok === false && result.reason).toMatch(/does not link/);
    });

    it('catches an altered row whose hash was recomputed: the next row no longer links', async () => {
      const p = await platform();
      const [, second, third] = await recordMany(p, 4);
      await asSuperuser(p.db, async (trx) => {
        const row = (await trx
          .selectFrom('platform.audit_log')
          .selectAll()
          .where('seq', '=', second)
          .executeTakeFirstOrThrow()) as AuditRow;
        const forged = { ...row, purpose: 'curiosity' };
        await trx
          .updateTable('platform.audit_log')
          .set({ purpose: forged.purpose, hash: rowHash(forged) })
          .where('seq', '=', second)
          .execute();
      });
      const result = await verifyAuditChain(p.db);
      expect(result).toMatchObject({ ok: false, brokenSeq: third, rows: 2 });
      expect(result.ok === false && result.reason).toMatch(/does not link/);
    });

    it('finds a break beyond the first batch', async () => {
      const p = await platform();
      const all = await recordMany(p, 7);
      const sixth = all[5] as number;
      await asSuperuser(p.db, (trx) =>
        trx.updateTable('platform.audit_log').set({ legal_basis: 'none' }).where('seq', '=', sixth).execute(),
      );
      expect(await verifyAuditChain(p.db, 2)).toMatchObject({ ok: false, brokenSeq: sixth, rows: 5 });
    });
  });

  it('leaves no row when the transaction of the change rolls back, and the chain stays valid', async () => {
    const p = await platform();
    await recordMany(p, 2);
    await expect(
      p.db.transaction().execute(async (trx) => {
        await p.audit.record(trx, view(99, { purpose: 'rolled back' }));
        expect(
          await trx
            .selectFrom('platform.audit_log')
            .select('seq')
            .where('purpose', '=', 'rolled back')
            .execute(),
        ).toHaveLength(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(
      await p.db
        .selectFrom('platform.audit_log')
        .select('seq')
        .where('purpose', '=', 'rolled back')
        .execute(),
    ).toEqual([]);
    await p.audit.record(p.db, view(3));
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 3 });
  });

  it('keeps one chain, without forks, when many transactions record at the same time', async () => {
    const p = await platform();
    const writers = 40;
    await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        i % 4 === 0
          ? p.audit.record(p.db, view(i)) // opens its own transaction
          : p.db.transaction().execute(async (trx) => {
              await trx.selectFrom('platform.setting').selectAll().execute(); // some work of the change
              await p.audit.record(trx, view(i));
            }),
      ),
    );
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: writers });
    const { rows, links } = await p.db
      .selectFrom('platform.audit_log')
      .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.count('prev_hash').distinct().as('links')])
      .executeTakeFirstOrThrow();
    expect(Number(links)).toBe(Number(rows));
    const actors = await p.db.selectFrom('platform.audit_log').select('actor').execute();
    expect(new Set(actors.map((a) => a.actor)).size).toBe(writers);
  });

  it("shows a person who looked at their data, newest first, and nothing about anyone else's", async () => {
    const p = await platform();
    const me = '038090001234';
    const other = '001085000042';
    await p.audit.record(
      p.db,
      view(1, { actor: 'officer:commune-a', subjectPerson: me, purpose: 'residence check' }),
    );
    p.clock.advance(60_000);
    await p.audit.record(
      p.db,
      view(2, { actor: 'officer:commune-b', subjectPerson: other, purpose: 'other person' }),
    );
    p.clock.advance(60_000);
    await p.audit.record(
      p.db,
      view(3, { actor: 'system:health-insurance', subjectPerson: me, purpose: 'card renewal' }),
    );
    p.clock.advance(60_000);
    await p.audit.record(p.db, { actor: 'cli', action: 'platform.keys.rotate' });

    const trail = await auditTrailOf(p.db, me);
    expect(trail).toEqual([
      {
        at: new Date('2025-07-01T02:02:00.000Z'),
        actor: 'system:health-insurance',
        action: 'registry.resident.view',
        purpose: 'card renewal',
        legal_basis: 'Decree 87/2020 art. 5',
      },
      {
        at: new Date('2025-07-01T02:00:00.000Z'),
        actor: 'officer:commune-a',
        action: 'registry.resident.view',
        purpose: 'residence check',
        legal_basis: 'Decree 87/2020 art. 5',
      },
    ]);
    expect(await auditTrailOf(p.db, other)).toHaveLength(1);
    expect(await auditTrailOf(p.db, '038000000000')).toEqual([]);
    expect(await auditTrailOf(p.db, me, 1)).toHaveLength(1);
  });
});

describe('rows written by earlier releases', () => {
  it('still verify: the hash of a row is pinned, whatever code writes the content', async () => {
    // Hashed by the first release's canonical JSON (keys sorted by a generic sort); later releases write
    // the same text by hand. Quotes, a newline, Vietnamese, nulls and nested, unsorted details.
    const row = {
      chain: 7,
      id: '0192f7a4-5b6c-7d8e-9f01-23456789abcd',
      at: new Date('2026-11-20T08:15:30.123Z'),
      actor: 'system:000.00.00.H56/ho-tich',
      action: 'registry.resident.verify',
      subject_person: '038190000777',
      purpose: 'Xác minh "hồ sơ"\nkhai sinh',
      legal_basis: null,
      request_id: 'req-1',
      details: {
        zeta: [1, 'hai', { b: null, a: true }],
        attributes: ['fullName', 'currentAddress'],
        'ký tự': 'Thanh Hóa',
      },
      prev_hash: GENESIS_HASH,
    };
    const pinned = 'fc1860dd7122f06b717996619ef89f7cff337ce717cd7c657c117c9d19ebe6d8';
    expect(rowHash(row)).toBe(pinned);
    // As stored and read back (jsonb reorders the keys of details), it verifies.
    const p = await platform();
    await sql`insert into platform.audit_log (chain, id, at, actor, action, subject_person, purpose,
        legal_basis, request_id, details, prev_hash, hash)
      values (${row.chain}, ${row.id}, ${row.at}, ${row.actor}, ${row.action}, ${row.subject_person},
        ${row.purpose}, ${row.legal_basis}, ${row.request_id}, ${JSON.stringify(row.details)}::jsonb,
        ${row.prev_hash}, ${pinned})`.execute(p.db);
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 1 });
  });
});

describe('appending several entries at once', () => {
  it('chains each entry into its person’s chain, so every chain and the whole log still verify', async () => {
    const p = await platform();
    await p.audit.record(p.db, view(1));
    const people = ['038090000001', '038090000002', '038090000003', '038090000004'];
    await p.audit.recordMany(
      p.db,
      people.map((subjectPerson) => view(2, { subjectPerson })),
    );
    await p.audit.record(p.db, view(3));
    const rows = await p.db
      .selectFrom('platform.audit_log')
      .select(['subject_person', 'chain'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.subject_person).sort()).toEqual(
      [...people, '038090001234', '038090001234'].sort(),
    );
    for (const row of rows)
      expect(row.chain).toBe(chainOf({ actor: 'x', action: 'y', subjectPerson: row.subject_person }));
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 6 });
  });
  it('starts an empty chain at the genesis hash and links a chain to its own last row, past later rows of others', async () => {
    const p = await platform();
    // People whose rows fall in chains 1, 2 and 3.
    const inChain = (chain: number) => {
      for (let n = 0; ; n++) {
        const subjectPerson = `0380900${String(n).padStart(5, '0')}`;
        if (chainOf({ actor: 'x', action: 'y', subjectPerson }) === chain) return subjectPerson;
      }
    };
    const [one, two, three] = [1, 2, 3].map(inChain);
    await p.audit.record(p.db, view(1, { subjectPerson: one }));
    await p.audit.record(p.db, view(2, { subjectPerson: three })); // chain 3 is empty, chain 1 is not
    for (let i = 3; i < 6; i++) await p.audit.record(p.db, view(i, { subjectPerson: two }));
    await p.audit.record(p.db, view(6, { subjectPerson: one }));
    const rows = await p.db
      .selectFrom('platform.audit_log')
      .select(['chain', 'prev_hash', 'hash'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.chain)).toEqual([1, 3, 2, 2, 2, 1]);
    expect(rows[1]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[2]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[5]?.prev_hash).toBe(rows[0]?.hash);
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 6 });
  });
});

describe('group commit of appends made outside a transaction', () => {
  it('writes concurrent appends in shared transactions, each settled after its commit, chains intact', async () => {
    const p = await platform();
    const people = Array.from({ length: 60 }, (_, i) => `0380900${String(i).padStart(5, '0')}`);
    await Promise.all(people.map((subjectPerson, i) => p.audit.record(p.db, view(i, { subjectPerson }))));
    const rows = await sql<{ n: number; commits: number }>`
      select count(*)::int as n, count(distinct xmin::text)::int as commits from platform.audit_log`.execute(
      p.db,
    );
    expect(rows.rows[0]?.n).toBe(60);
    // The first append commits alone; the others queued meanwhile and share the next commit(s).
    expect(rows.rows[0]?.commits).toBeLessThanOrEqual(3);
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 60 });
  });

  it('fails only the append that cannot be written, not the others of its group', async () => {
    const p = await platform();
    const results = await Promise.allSettled([
      p.audit.record(p.db, view(1)),
      p.audit.record(p.db, view(2)),
      p.audit.record(p.db, view(3, { purpose: 'nul \u0000 is refused in text' })),
      p.audit.record(p.db, view(4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const actors = await p.db.selectFrom('platform.audit_log').select('actor').orderBy('seq').execute();
    expect(actors.map((a) => a.actor).sort()).toEqual(['officer:1', 'officer:2', 'officer:4']);
    expect(await verifyAuditChain(p.db)).toEqual({ ok: true, rows: 3 });
  });

  it('stamps each entry with the time of the call', async () => {
    const p = await platform();
    const first = p.audit.record(p.db, view(1));
    p.clock.advance(5_000);
    const second = p.audit.record(p.db, view(2));
    await Promise.all([first, second]);
    const rows = await p.db
      .selectFrom('platform.audit_log')
      .select(['actor', 'at'])
      .orderBy('actor')
      .execute();
    expect(rows).toEqual([
      { actor: 'officer:1', at: new Date('2025-07-01T02:00:00.000Z') },
      { actor: 'officer:2', at: new Date('2025-07-01T02:00:05.000Z') },
    ]);
  });
});
