import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/platform.ts';
import { searchKey } from '../../platform/text.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json(), type: res.headers['content-type'] };
};

describe('administrative units', () => {
  it('lists the 34 provinces of 2025 with their commune counts, Thanh Hóa with 166', async () => {
    const { status, body } = await get('/api/v1/admin-units/provinces');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(34);
    expect(body.items.reduce((n: number, p: { communeCount: number }) => n + p.communeCount, 0)).toBe(3321);
    expect(body.items.find((p: { code: string }) => p.code === '38')).toMatchObject({
      name: 'Thanh Hóa',
      communeCount: 166,
    });
  });

  it('keeps the 63 pre-2025 provinces and 10,035 communes', async () => {
    const { body } = await get('/api/v1/admin-units/provinces?version=pre2025');
    expect(body.items).toHaveLength(63);
    expect(body.items.reduce((n: number, p: { communeCount: number }) => n + p.communeCount, 0)).toBe(10035);
  });

  it('finds communes without tones or diacritics, best match first', async () => {
    for (const q of ['ham rong', 'Hàm Rồng', 'HAM RONG', 'phuong ham rong']) {
      const { body } = await get(`/api/v1/admin-units/communes?q=${encodeURIComponent(q)}&province=38`);
      expect(body.items[0]).toMatchObject({
        code: '14758',
        fullName: 'Phường Hàm Rồng',
        provinceName: 'Thanh Hóa',
      });
    }
    const dd = await get(`/api/v1/admin-units/communes?q=${encodeURIComponent('dong son')}`);
    expect(dd.body.items.length).toBeGreaterThan(0);
    // Exact tone-insensitive matches ("Đông Sơn", "Đồng Sơn") rank before merely similar names.
    const keys = dd.body.items.map((c: { fullName: string }) => searchKey(c.fullName).includes('dong son'));
    expect(keys[0]).toBe(true);
    expect(keys.indexOf(false) === -1 || keys.lastIndexOf(true) < keys.indexOf(false)).toBe(true);
  });

  it('tolerates a typo through trigram similarity', async () => {
    const { body } = await get(
      `/api/v1/admin-units/communes?q=${encodeURIComponent('ham rongg')}&province=38`,
    );
    expect(body.items[0]?.code).toBe('14758');
  });

  it('shows the pre-2025 units a 2025 commune was formed from, with their old codes', async () => {
    const { status, body } = await get('/api/v1/admin-units/communes/14758');
    expect(status).toBe(200);
    expect(body.formedFrom.map((o: { name: string }) => o.name)).toEqual([
      'Phường Thiệu Dương',
      'Phường Đông Cương',
      'Phường Nam Ngạn',
      'Phường Hàm Rồng',
      'Phường Đông Thọ',
    ]);
    expect(body.formedFrom.find((o: { name: string }) => o.name === 'Phường Đông Thọ').code).toBe('14758');
  });

  it('keeps codes apart by dataset version: 14758 is Đông Thọ before 2025 and its successor is Hàm Rồng', async () => {
    const { body } = await get('/api/v1/admin-units/communes/14758?version=pre2025');
    expect(body).toMatchObject({ name: 'Đông Thọ', districtName: 'Thành phố Thanh Hóa', version: 'pre2025' });
    expect(body.successors.map((s: { name: string }) => s.name)).toContain('Hàm Rồng');
  });

  it('answers problems for bad input and unknown units', async () => {
    const missing = await get('/api/v1/admin-units/communes/99999');
    expect(missing).toMatchObject({ status: 404, body: { code: 'reference.unit_not_found' } });
    expect(missing.type).toMatch(/^application\/problem\+json/);
    const badCode = await get('/api/v1/admin-units/communes/12');
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors[0].pointer).toBe('/params/code');
    expect((await get('/api/v1/admin-units/communes')).body.code).toBe('reference.query_required');
    expect((await get('/api/v1/admin-units/communes?province=99')).body.code).toBe(
      'reference.unit_not_found',
    );
    const badLimit = await get('/api/v1/admin-units/communes?q=a&limit=1000&version=1999');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/query/limit', '/query/version']),
    );
  });
});
