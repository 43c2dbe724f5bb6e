import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../test/platform.ts';
import { at, codeOf, HAC_THANH, HAM_RONG, person, provinceOfficer, sensitiveOfficer } from './fixtures.ts';
import { createRegistry, type Registry } from './service.ts';

let t: TestPlatform;
let registry: Registry;
const clock = fixedClock('2026-03-02T03:00:00Z');
const officer = provinceOfficer;
const purpose = 'Kiểm tra hồ sơ';

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  registry = createRegistry(t);
});
afterAll(() => t.close());

const count = async (table: string, id: string, column = 'personal_id') =>
  Number((await t.pool.query(`select count(*) as n from ${table} where ${column} = $1`, [id])).rows[0].n);

describe('registering and reading back', () => {
  it('stores names in NFC and seals ethnicity and religion, opening them only for a permitted actor', async () => {
    const decomposed = 'Nguyễn Thị Hoà'.normalize('NFD');
    const input = person({
      serial: 1,
      sex: 'female',
      fullName: `  ${decomposed}  `,
      ethnicity: 'Mường',
      religion: 'Phật giáo',
    });
    const registered = await registry.registerResident(officer, input);
    expect(registered.fullName).toBe('Nguyễn Thị Hoà'.normalize('NFC'));
    expect(registered).not.toHaveProperty('ethnicity');

    const row = (
      await t.pool.query('select * from registry.resident where personal_id = $1', [input.personalId])
    ).rows[0];
    expect(row.full_name).toBe('Nguyễn Thị Hoà'.normalize('NFC'));
    expect(row.birth_precision).toBe('day');
    const dump =
      JSON.stringify(row) +
      JSON.stringify(
        (
          await t.pool.query('select changes from registry.resident_event where personal_id = $1', [
            input.personalId,
          ])
        ).rows,
      );
    expect(dump).not.toContain('Mường');
    expect(dump).not.toContain('Phật');
    expect(row.ethnicity_sealed).toMatch(/^v1\./);

    const plain = await registry.getResident(officer, input.personalId, purpose);
    expect(plain).not.toHaveProperty('ethnicity');
    expect(plain).not.toHaveProperty('religion');
    const open = await registry.getResident(sensitiveOfficer, input.personalId, purpose);
    expect(open).toMatchObject({ ethnicity: 'Mường', religion: 'Phật giáo', version: 1 });
  });

  it('keeps partial birth dates and refuses an ID that contradicts sex or birth year', async () => {
    const old = person({ serial: 2, birthDate: '1940', fullName: 'Lê Văn Tám' });
    expect(await registry.registerResident(officer, old)).toMatchObject({
      birthDate: '1940',
      birthDatePrecision: 'year',
    });
    const wrongSex = { ...person({ serial: 3 }), sex: 'female' as const };
    expect(await codeOf(registry.registerResident(officer, wrongSex))).toBe('registry.id_sex_mismatch');
    const wrongYear = { ...person({ serial: 4 }), birthDate: '1991-01-01' };
    expect(await codeOf(registry.registerResident(officer, wrongYear))).toBe(
      'registry.id_birth_year_mismatch',
    );
    expect(
      await codeOf(registry.registerResident(officer, person({ serial: 5, birthDate: '1990-02-31' }))),
    ).toBe('registry.invalid_date');
    expect(await codeOf(registry.registerResident(officer, old))).toBe('registry.already_registered');
  });

  it('refuses an address whose commune does not exist in its stated dataset version', async () => {
    // 14797 is Hạc Thành in 2025; 99999 exists in neither period.
    const p = person({ serial: 6, currentAddress: { version: 'pre2025', commune: '99999', street: null } });
    expect(await codeOf(registry.registerResident(officer, p))).toBe('registry.unknown_commune');
    expect(await count('registry.resident', p.personalId)).toBe(0);
  });
});

describe('history', () => {
  const p = person({ serial: 10, fullName: 'Trần Văn Bình', currentAddress: at(HAM_RONG, 'Số 5') });
  const meta = { legalBasis: 'Luật Cư trú 2020, Điều 22' };

  it('reads the record as of any date: a move, then a later-recorded correction of an earlier date', async () => {
    await registry.registerResident(officer, p);
    await registry.changeResidence(officer, p.personalId, {
      ...meta,
      effectiveDate: '2024-03-01',
      currentAddress: at(HAC_THANH, 'Số 9'),
      permanentAddress: at(HAC_THANH, 'Số 9'),
    });
    // Recorded after the move, effective before it: the name was misspelt from 2022-01-10 on.
    clock.advance(60_000);
    await registry.correct(officer, p.personalId, {
      ...meta,
      effectiveDate: '2022-01-10',
      reason: 'Sai chính tả',
      legalBasis: 'Quyết định cải chính số 7/QĐ-UBND',
      changes: { fullName: 'Trần Văn Bính' },
    });

    const asOf = (date: string) => registry.getResidentAsOf(officer, p.personalId, date, purpose);
    expect(await codeOf(asOf('2021-06-30'))).toBe('registry.resident_not_found');
    expect(await asOf('2021-12-31')).toMatchObject({
      fullName: 'Trần Văn Bình',
      currentAddress: { commune: HAM_RONG },
    });
    expect(await asOf('2023-06-01')).toMatchObject({
      fullName: 'Trần Văn Bính',
      currentAddress: { commune: HAM_RONG },
    });
    expect(await asOf('2025-01-01')).toMatchObject({
      fullName: 'Trần Văn Bính',
      currentAddress: { commune: HAC_THANH, street: 'Số 9' },
      permanentAddress: { commune: HAC_THANH },
    });
    expect(await registry.getResident(officer, p.personalId, purpose)).toMatchObject({
      fullName: 'Trần Văn Bính',
      currentAddress: { commune: HAC_THANH },
      version: 3,
    });

    const timeline = await registry.timeline(officer, p.personalId, purpose);
    expect(timeline.map((e) => [e.type, e.effectiveDate])).toEqual([
      ['resident_registered', '2021-07-01'],
      ['corrected', '2022-01-10'],
      ['permanent_residence_registered', '2024-03-01'],
    ]);
    expect(timeline[1]).toMatchObject({ reason: 'Sai chính tả', changed: ['fullName'] });
    // Nothing overwritten: the registration still holds the original name.
    const rows = await t.pool.query(
      `select changes->>'fullName' as name from registry.resident_event where personal_id = $1 and type = 'resident_registered'`,
      [p.personalId],
    );
    expect(rows.rows).toEqual([{ name: 'Trần Văn Bình' }]);
  });

  it('refuses to rewrite or delete history', async () => {
    await expect(
      t.pool.query(`update registry.resident_event set reason = 'x' where personal_id = $1`, [p.personalId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.pool.query(`delete from registry.resident_event where personal_id = $1`, [p.personalId]),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses effective dates in the future, before birth or before the record began', async () => {
    const move = (effectiveDate: string) =>
      codeOf(
        registry.changeResidence(officer, p.personalId, {
          ...meta,
          effectiveDate,
          currentAddress: at(HAM_RONG),
        }),
      );
    expect(await move('2026-03-03')).toBe('registry.date_in_future');
    expect(await move('2021-06-01')).toBe('registry.date_before_registration');
    expect(await move('2021-02-30')).toBe('registry.invalid_date');
    const baby = person({ serial: 11, birthDate: '2021-09-01', effectiveDate: '2021-08-01' });
    expect(await codeOf(registry.registerResident(officer, baby))).toBe('registry.date_before_birth');
  });
});

describe('one transaction per change', () => {
  it('publishes the event and writes the audit row with the change, without sealed values', async () => {
    const p = person({ serial: 20, ethnicity: 'Thái' });
    await registry.registerResident(officer, p);
    const events = await t.pool.query(
      `select topic, payload from platform.event where payload->>'personalId' = $1`,
      [p.personalId],
    );
    expect(events.rows.map((r) => r.topic)).toEqual(['registry.resident.registered']);
    expect(events.rows[0].payload.changed).toContain('ethnicity');
    expect(JSON.stringify(events.rows[0].payload)).not.toMatch(/Thái|v1\./);
    const audit = await t.pool.query(
      `select actor, action, legal_basis from platform.audit_log where subject_person = $1`,
      [p.personalId],
    );
    expect(audit.rows).toEqual([
      { actor: 'officer:p1', action: 'registry.resident.register', legal_basis: 'Luật Cư trú 2020' },
    ]);
  });

  it('leaves no event, audit row or partial row when a change fails midway', async () => {
    const p = person({ serial: 21 });
    await registry.registerResident(officer, p);
    const before = await Promise.all([
      count('registry.resident_event', p.personalId),
      count('platform.event', p.personalId, "payload->>'personalId'"),
      count('platform.audit_log', p.personalId, 'subject_person'),
    ]);
    // A valid permanent address, then an invalid current one: the whole change is refused.
    const code = await codeOf(
      registry.changeResidence(officer, p.personalId, {
        effectiveDate: '2025-08-01',
        legalBasis: 'Luật Cư trú 2020',
        permanentAddress: at(HAC_THANH),
        currentAddress: { version: '2025', commune: '00000', street: null },
      }),
    );
    expect(code).toBe('registry.unknown_commune');
    const after = await Promise.all([
      count('registry.resident_event', p.personalId),
      count('platform.event', p.personalId, "payload->>'personalId'"),
      count('platform.audit_log', p.personalId, 'subject_person'),
    ]);
    expect(after).toEqual(before);
    expect(await registry.getResident(officer, p.personalId, purpose)).toMatchObject({
      permanentAddress: null,
      version: 1,
    });
  });

  it('detects concurrent changes, from a stale version and from a race', async () => {
    const p = person({ serial: 22 });
    await registry.registerResident(officer, p);
    const move = (commune: string, expectedVersion?: number) =>
      registry.changeResidence(officer, p.personalId, {
        effectiveDate: '2025-08-01',
        legalBasis: 'Luật Cư trú 2020',
        currentAddress: at(commune),
        expectedVersion,
      });
    await move(HAC_THANH, 1);
    expect(await codeOf(move(HAM_RONG, 1))).toBe('registry.concurrent_change');
    const race = await Promise.allSettled([move(HAM_RONG), move(HAC_THANH), move(HAM_RONG)]);
    const codes = race.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code));
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === 'ok' || c === 'registry.concurrent_change')).toBe(true);
    const { version } = await registry.getResident(officer, p.personalId, purpose);
    expect(version).toBe(2 + codes.filter((c) => c === 'ok').length);
    expect(await count('registry.resident_event', p.personalId)).toBe(version);
  });
});

describe('life events', () => {
  const meta = { legalBasis: 'Luật Hộ tịch 2014' };

  it('a deceased person cannot move or marry, and the surviving spouse is widowed', async () => {
    const husband = person({ serial: 30, birthDate: '1960-01-01', fullName: 'Lê Văn Hải' });
    const wife = person({ serial: 31, sex: 'female', birthDate: '1962-01-01', fullName: 'Đỗ Thị Hằng' });
    await registry.registerResident(officer, husband);
    await registry.registerResident(officer, wife);
    await registry.recordMarriage(officer, {
      ...meta,
      personalId: husband.personalId,
      spousePersonalId: wife.personalId,
      effectiveDate: '2022-05-01',
    });
    expect(
      await codeOf(
        registry.recordMarriage(officer, {
          ...meta,
          personalId: husband.personalId,
          spousePersonalId: wife.personalId,
          effectiveDate: '2022-06-01',
        }),
      ),
    ).toBe('registry.marriage_not_allowed');
    const dead = await registry.recordDeath(officer, husband.personalId, {
      ...meta,
      effectiveDate: '2025-02-03',
    });
    expect(dead).toMatchObject({ lifeStatus: 'deceased', deathDate: '2025-02-03' });
    expect(await registry.getResident(officer, wife.personalId, purpose)).toMatchObject({
      maritalStatus: 'widowed',
    });
    expect(
      await codeOf(
        registry.changeResidence(officer, husband.personalId, {
          ...meta,
          effectiveDate: '2025-03-01',
          currentAddress: at(HAC_THANH),
        }),
      ),
    ).toBe('registry.resident_deceased');
    const other = person({ serial: 32, sex: 'female', birthDate: '1965-01-01' });
    await registry.registerResident(officer, other);
    expect(
      await codeOf(
        registry.recordMarriage(officer, {
          ...meta,
          personalId: other.personalId,
          spousePersonalId: husband.personalId,
          effectiveDate: '2025-06-01',
        }),
      ),
    ).toBe('registry.resident_deceased');
    const topics = await t.pool.query(
      `select topic from platform.event where payload->>'personalId' = $1 order by created_at`,
      [husband.personalId],
    );
    expect(topics.rows.map((r) => r.topic)).toContain('registry.resident.deceased');
  });

  it('registers a birth with its parents and refuses marriage under the legal age', async () => {
    const mother = person({ serial: 40, sex: 'female', birthDate: '1998-03-03' });
    await registry.registerResident(officer, mother);
    const baby = person({ serial: 41, sex: 'female', birthDate: '2026-02-20', fullName: 'Nguyễn Ngọc Diệp' });
    const { effectiveDate: _e, ...birth } = baby;
    await registry.registerBirth(officer, { ...birth, parents: [mother.personalId] });
    expect((await registry.getResident(officer, mother.personalId, purpose)).family).toEqual([
      {
        personalId: baby.personalId,
        fullName: 'Nguyễn Ngọc Diệp',
        lifeStatus: 'alive',
        kind: 'child',
        from: '2026-02-20',
        to: null,
      },
    ]);
    const young = person({ serial: 42, birthDate: '2006-05-01' });
    await registry.registerResident(officer, young);
    const bride = person({ serial: 43, sex: 'female', birthDate: '2000-01-01' });
    await registry.registerResident(officer, bride);
    expect(
      await codeOf(
        registry.recordMarriage(officer, {
          ...meta,
          personalId: young.personalId,
          spousePersonalId: bride.personalId,
          effectiveDate: '2026-03-01',
        }),
      ),
    ).toBe('registry.marriage_not_allowed');
  });
});
