import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../test/platform.ts';
import { communesOf } from '../reference/index.ts';
import { PUBLISHED_TTL_MS } from './catalogue.ts';
import { AGENCY, createCatalogue, PREFILL_SOURCES, PROVINCE_COMMITTEE } from './index.ts';
import { SEED_PROCEDURES } from './seed-procedures.ts';
import { createAdmin } from './service.ts';
import type { ProcedureContent } from './types.ts';
import { validateContent, validateForm } from './validate.ts';

/** The catalogue on real PostgreSQL: agencies, the seeded procedures, versioning and the public API. */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await createTestPlatform();
});
afterAll(async () => platform?.close());

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const birth = () => clone(SEED_PROCEDURES.find((p) => p.code === '1.001193')?.content as ProcedureContent);

describe('agencies', () => {
  it('seeds the provincial committee, the departments and one committee per 2025 commune of province 38', async () => {
    const catalogue = createCatalogue(platform);
    expect(await catalogue.agency(PROVINCE_COMMITTEE)).toEqual({
      code: '000.00.00.H56',
      name: 'Ủy ban nhân dân tỉnh Thanh Hóa',
      level: 'province',
      communeCode: null,
    });
    expect((await catalogue.agency(AGENCY.justice))?.name).toBe('Sở Tư pháp tỉnh Thanh Hóa');
    const communes = await communesOf(platform.db, '38');
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from procedures.agency where level = 'commune'`.execute(platform.db);
    expect(rows[0]?.n).toBe(communes.length);
    expect(communes.length).toBeGreaterThan(150);
    expect(await catalogue.agency('999.99.99.H56')).toBeUndefined();
  });

  it('finds the receiving agency: the commune committee for commune procedures, the department otherwise', async () => {
    const catalogue = createCatalogue(platform);
    const p = await catalogue.published('1.001193');
    if (!p) throw new Error('seed missing');
    const hamRong = await catalogue.receivingAgency(p, '14758');
    expect(hamRong).toMatchObject({
      level: 'commune',
      communeCode: '14758',
      name: 'Ủy ban nhân dân Phường Hàm Rồng',
    });
    expect(hamRong.code).toMatch(/^000\.\d{2}\.5\d\.H56$/);
    await expect(catalogue.receivingAgency(p, '00004')).rejects.toMatchObject({
      code: 'procedures.no_commune_agency',
    });
  });
});

describe('seeded procedures', () => {
  it('are published, valid, with shares summing to 1 and prefill sources in the vocabulary', async () => {
    const all = await createCatalogue(platform).publishedAll();
    expect(all.map((p) => p.code).sort()).toEqual(SEED_PROCEDURES.map((p) => p.code).sort());
    const agencies = new Set(
      (await sql<{ code: string }>`select code from procedures.agency`.execute(platform.db)).rows.map(
        (r) => r.code,
      ),
    );
    for (const p of all) {
      expect(
        validateContent(p, (c) => agencies.has(c)),
        p.code,
      ).toEqual([]);
      expect(Math.abs(p.workflow.reduce((s, w) => s + w.share, 0) - 1)).toBeLessThan(1e-9);
      const props = p.form.schema.properties as Record<string, Record<string, unknown>>;
      const sources = Object.values(props).flatMap((f) => (f['x-prefill'] ? [f['x-prefill']] : []));
      expect(sources.length, p.code).toBeGreaterThan(0);
      for (const s of sources) expect(PREFILL_SOURCES).toContain(s);
      expect(p.localCode).toBe(`${p.code}.000.00.00.H56`);
      expect(p.version).toBe(1);
      if (p.level === 'province') expect(agencies.has(p.agencyCode ?? '')).toBe(true);
      else expect(p.agencyCode).toBeNull();
    }
  });
});

describe('validation', () => {
  it('refuses a form that is not a JSON Schema, unknown prefill sources and bad shares', () => {
    const ok = () => true;
    const c = birth();
    c.form.schema = { type: 'object', properties: { a: { type: 'nope' } } };
    expect(validateContent(c, ok).map((e) => e.pointer)).toContain('/form/schema/properties/a/type');
    expect(
      validateForm(
        { type: 'object', properties: { a: { type: 'string', 'x-prefill': 'registry.salary' } } },
        {},
      ),
    ).toEqual([
      { pointer: '/form/schema/properties/a/x-prefill', detail: 'Unknown prefill source registry.salary.' },
    ]);
    expect(
      validateForm(
        {
          type: 'object',
          properties: {
            a: { type: 'object', properties: { b: { type: 'string', 'x-prefill': 'registry.sex' } } },
          },
        },
        {},
      ).map((e) => e.pointer),
    ).toEqual(['/form/schema/properties/a/properties/b/x-prefill']);
    expect(
      validateForm({ type: 'object', properties: { a: { type: 'string' } } }, { order: ['b'] })[0]?.pointer,
    ).toBe('/form/ui/order/0');
    const shares = birth();
    shares.workflow[1] = { ...(shares.workflow[1] as (typeof shares.workflow)[number]), share: 0.6 };
    expect(validateContent(shares, ok).map((e) => e.pointer)).toEqual(['/workflow']);
    const level = birth();
    level.level = 'province';
    expect(validateContent(level, () => false).map((e) => e.pointer)).toEqual(['/agencyCode']);
    const online = birth();
    online.onlineLevel = null;
    expect(validateContent(online, ok).map((e) => e.pointer)).toEqual(['/onlineLevel']);
  });
});

describe('versioning', () => {
  it('publishing v2 leaves v1 readable by id; the published row is immutable', async () => {
    // A clock of its own: the catalogue keeps the current version 2 s, and the test moves time past that.
    const clock = fixedClock('2026-03-02T02:00:00Z');
    const catalogue = createCatalogue({ ...platform, clock });
    const admin = createAdmin(platform);
    const v1 = await catalogue.published('1.004873');
    if (!v1) throw new Error('seed missing');
    const draft = await admin.startDraft('officer:test', '1.004873');
    expect(draft.version).toBe(2);
    await expect(admin.startDraft('officer:test', '1.004873')).rejects.toMatchObject({
      code: 'procedures.draft_exists',
    });
    const { id: _id, code: _code, version: _v, updatedAt: _u, ...content } = draft;
    content.channels = content.channels.map((c) =>
      c.fee ? { ...c, fee: { ...c.fee, amount: c.fee.amount + 5_000 } } : c,
    );
    await admin.updateDraft('officer:test', '1.004873', content);
    // A draft is not what citizens see.
    expect((await catalogue.published('1.004873'))?.id).toBe(v1.id);
    expect(await catalogue.version(draft.id)).toBeUndefined();
    const v2 = await admin.publish('officer:test', '1.004873');
    expect(v2).toMatchObject({ id: draft.id, version: 2 });
    // This node keeps answering with version 1 for 2 s (PUBLISHED_TTL_MS), then sees version 2.
    expect((await catalogue.published('1.004873'))?.id).toBe(v1.id);
    clock.advance(PUBLISHED_TTL_MS + 1);
    expect((await catalogue.published('1.004873'))?.id).toBe(v2.id);
    expect(await catalogue.version(v1.id)).toEqual(v1);
    // Answers are copies: changing one does not change the next.
    const mutated = await catalogue.version(v1.id);
    if (mutated) mutated.name = 'changed';
    expect((await catalogue.version(v1.id))?.name).toBe(v1.name);
    expect((await catalogue.version(v2.id))?.channels[0]?.fee?.amount).toBe(
      (v1.channels[0]?.fee?.amount ?? 0) + 5_000,
    );
    await expect(
      sql`update procedures.version set name = 'x' where id = ${v1.id}`.execute(platform.db),
    ).rejects.toThrow(/immutable/);
    await expect(admin.publish('officer:test', '1.004873')).rejects.toMatchObject({
      code: 'procedures.no_draft',
    });
    const events = await sql<{ payload: { code: string; version: number } }>`
      select payload from platform.event where topic = 'procedures.published'`.execute(platform.db);
    expect(events.rows.map((r) => r.payload)).toEqual([{ code: '1.004873', versionId: v2.id, version: 2 }]);
  });

  it('creates a new procedure as a draft and refuses an existing code or invalid content', async () => {
    const admin = createAdmin(platform);
    const content = birth();
    content.name = 'Đăng ký khai sinh có yếu tố nước ngoài';
    const draft = await admin.create('officer:test', '1.001695', content);
    expect(draft.version).toBe(1);
    expect(await createCatalogue(platform).published('1.001695')).toBeUndefined();
    await expect(admin.create('officer:test', '1.001193', content)).rejects.toMatchObject({
      code: 'procedures.exists',
    });
    const bad = birth();
    bad.workflow = [];
    await expect(admin.create('officer:test', '1.001696', bad)).rejects.toMatchObject({
      code: 'procedures.invalid',
      errors: [{ pointer: '/body/workflow' }],
    });
    await admin.discardDraft('officer:test', '1.001695');
    await expect(admin.draft('1.001695')).rejects.toMatchObject({ code: 'procedures.not_found' });
  });
});

describe('citizen officer add --agency', () => {
  it('accepts an agency of the catalogue and refuses an unknown one', async () => {
    const { officerCommand } = await import('../../officers.ts');
    const log = console.log;
    console.log = () => {};
    try {
      const args = (name: string, agency: string) => ['--name', name, '--province', '38', '--agency', agency];
      await expect(officerCommand(platform, 'add', args('Cán bộ Sở Y tế', AGENCY.health))).resolves.toBe(0);
      expect((await platform.auth.findOfficerByName('Cán bộ Sở Y tế'))?.agency).toBe('000.00.07.H56');
      await expect(officerCommand(platform, 'add', args('Cán bộ không rõ', '000.00.98.H56'))).rejects.toThrow(
        /no agency 000\.00\.98\.H56/,
      );
      await expect(officerCommand(platform, 'add', args('Cán bộ sai mã', 'H56'))).rejects.toThrow(/QCVN 102/);
      expect(await platform.auth.findOfficerByName('Cán bộ không rõ')).toBeUndefined();
    } finally {
      console.log = log;
    }
  });
});
