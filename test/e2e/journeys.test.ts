import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modules } from '../../src/modules/index.ts';
import { createLogger } from '../../src/platform/log.ts';
import { seed } from '../../src/seed.ts';
import { buildWebIfStale } from '../../src/web-build.ts';
import { createTestApp } from '../platform.ts';

/**
 * Journeys in a real browser (Debian's Chromium, driven by playwright-core) against the real server.
 * Skipped, and said so, on a machine without /usr/bin/chromium (.ci/run installs it).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser journeys skipped: ${CHROMIUM} not found (apt-get install chromium)`);

let t: Awaited<ReturnType<typeof createTestApp>>;
let browser: Browser;
let base: string;

describe.skipIf(!hasChromium)('browser journeys', () => {
  beforeAll(async () => {
    await buildWebIfStale(createLogger('warn'));
    t = await createTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(path: string, width = 360) {
    const page = await browser.newPage({ viewport: { width, height: 740 } });
    const problems: string[] = [];
    // A signed-out officer area asks for the session and gets a 401: expected, not a problem.
    page.on(
      'console',
      (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && problems.push(m.text()),
    );
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(base + path);
    return { page, problems };
  }

  it('home page explains the platform in Vietnamese, switches to English and leads to every area', async () => {
    const { page, problems } = await open('/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/công dân số/i);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    for (const area of ['/citizen', '/officer', '/business', '/admin', '/public']) {
      expect(await page.locator(`main a[href="${area}"]`).count()).toBeGreaterThan(0);
    }
    // Usable on a 360 px phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/digital/i);
    expect(problems).toEqual([]); // includes CSP violations, which Chromium reports as console errors
    await page.close();
  });

  it('each area is a real shell with navigation', async () => {
    for (const area of ['citizen', 'officer', 'business', 'admin']) {
      const { page, problems } = await open(`/${area}`, 1280);
      await page.getByRole('heading', { level: 1 }).waitFor(); // the area's code loads on demand
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      expect(await page.locator(`nav a[href^="/${area}/"]`).count()).toBeGreaterThan(1);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('a citizen finds a commune without typing tones and sees what it was formed from', async () => {
    const { page, problems } = await open('/public/admin-units');
    await page.getByLabel(/Tên xã/).fill('ham rong');
    const result = page.getByRole('link', { name: 'Phường Hàm Rồng' });
    await result.waitFor();
    await result.click();
    await page.getByText('Phường Thiệu Dương').waitFor();
    expect(await page.getByText('Phường Đông Thọ').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an officer signs in with a one-time link, states a purpose once, finds a resident and reads the timeline', async () => {
    await seed(t.platform, modules);
    const officer = await t.platform.auth.addOfficer({
      name: 'Cán bộ kiểm thử',
      roles: ['registry.read', 'registry.write'],
      jurisdiction: { level: 'commune', code: '14758' },
    });
    const token = await t.platform.auth.issueLink(officer.id);
    const { page, problems } = await open(`/auth/link/${token}`, 1280);
    await page.getByText('Cán bộ kiểm thử').waitFor();
    await page.getByRole('link', { name: 'Tra cứu dân cư' }).first().click();
    await page
      .getByRole('textbox', { name: 'Mục đích truy cập' })
      .fill('Giải quyết hồ sơ đăng ký thường trú số 2026-77');
    await page.getByRole('button', { name: 'Xác nhận mục đích' }).click();
    await page.getByLabel('Số định danh cá nhân hoặc họ tên').fill('nguyen thi lan');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.getByRole('link', { name: 'Nguyễn Thị Lan' }).click();
    await page.getByRole('heading', { name: 'Lịch sử biến động' }).waitFor();
    await page.getByText('Đăng ký tạm trú').first().waitFor(); // the demo record's temporary residence
    // The view was audited with the stated purpose.
    const audit = await t.platform.db
      .selectFrom('platform.audit_log')
      .select(['action', 'purpose'])
      .where('actor', '=', `officer:${officer.id}`)
      .where('action', '=', 'registry.resident.view')
      .execute();
    expect(audit[0]?.purpose).toBe('Giải quyết hồ sơ đăng ký thường trú số 2026-77');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an officer splits a household and merges it back, then imports and exports a resident file', async () => {
    const officer = await t.platform.auth.addOfficer({
      name: 'Cán bộ hộ tịch',
      roles: ['registry.read', 'registry.write'],
      jurisdiction: { level: 'commune', code: '14758' },
    });
    const token = await t.platform.auth.issueLink(officer.id);
    const { page, problems } = await open(`/auth/link/${token}`, 1280);
    await page.getByText('Cán bộ hộ tịch').waitFor();
    await page.goto(`${base}/officer/residents/households/38-14758-000012/split`);
    await page
      .getByRole('textbox', { name: 'Mục đích truy cập' })
      .fill('Giải quyết hồ sơ tách hộ số 2026-05');
    await page.getByRole('button', { name: 'Xác nhận mục đích' }).click();
    await page.getByLabel('Số hộ mới').fill('38-14758-000099');
    await page.getByLabel('Chủ hộ mới').selectOption({ label: 'Nguyễn Văn Minh (038095012345)' });
    await page.getByLabel(/Nguyễn Thị Lan/).check();
    await page.getByLabel('Quan hệ với Nguyễn Văn Minh').fill('em gái');
    await page.getByLabel('Căn cứ pháp lý').fill('Luật Cư trú 2020, Điều 25');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { name: 'Xác nhận thay đổi' }).waitFor();
    await page.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    await page.getByText('Đã tách hộ.').waitFor();
    expect(page.url()).toContain('/officer/residents/households/38-14758-000099');
    await page.getByText('Quan hệ với chủ hộ: em gái').waitFor();

    await page.goto(`${base}/officer/residents/households/38-14758-000012`);
    await page.getByRole('link', { name: 'Nhập hộ khác vào hộ này' }).click();
    await page.getByLabel('Số hộ được nhập').fill('38-14758-000099');
    await page.getByRole('button', { name: 'Tìm hộ' }).click();
    await page.getByLabel(/Nguyễn Văn Minh \(038095012345\)/).fill('con');
    await page.getByLabel(/Nguyễn Thị Lan \(038301023456\)/).fill('con');
    await page.getByLabel('Căn cứ pháp lý').fill('Luật Cư trú 2020, Điều 26');
    await page.getByLabel('Lý do (không bắt buộc)').fill('Về ở chung với bố mẹ');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    await page.getByText('Đã nhập hộ.').waitFor();
    await page.getByRole('link', { name: 'Nguyễn Thị Lan' }).click();
    await page.getByRole('heading', { name: 'Lịch sử biến động' }).waitFor();
    // The timeline names the event and the officer who recorded it.
    await page.getByText('Nhập hộ (hợp nhất hộ)').first().waitFor();
    expect(await page.getByText(/bởi Cán bộ hộ tịch/).count()).toBe(2);

    await page.goto(`${base}/officer/residents/files`);
    const header =
      'personal_id,full_name,other_names,birth_date,sex,ethnicity,religion,nationality,place_of_birth,current_version,current_commune,current_street,permanent_version,permanent_commune,permanent_street,household_number,relation_to_head,id_card_issued_on,id_card_expires_on,id_card_authority';
    const csv = [
      header,
      '038085900101,Phạm Văn Hải,,1985-03-02,Nam,Kinh,Không,Việt Nam,Thanh Hóa,2025,14758,Số 3 Lê Lai,2025,14758,Số 3 Lê Lai,38-14758-000500,chủ hộ,,,',
      '038187900102,Lê Thị Thu,,1987-09-09,x,Kinh,Không,Việt Nam,Thanh Hóa,2025,14758,Số 3 Lê Lai,2025,14758,Số 3 Lê Lai,38-14758-000500,vợ,,,',
    ].join('\n');
    await page.getByLabel('Tệp dữ liệu (CSV, UTF-8)').setInputFiles({
      name: 'ho-moi.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Nhập dữ liệu' }).click();
    await page.getByText('Đã đọc 2 dòng: thêm mới 0, đã có sẵn 0, từ chối 2.').waitFor();
    await page.getByText('Giới tính không hợp lệ').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Tải tệp CSV' }).click();
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('038301023456,Nguyễn Thị Lan,');
    expect(text).not.toContain('038040000789'); // deceased: not a resident any more

    // The record's own change forms share the same steps.
    await page.goto(`${base}/officer/residents/038068001234/residence`);
    await page.getByLabel('Xã, phường mới').selectOption({ label: 'Phường Hàm Rồng' });
    await page.getByLabel('Số nhà, đường phố, thôn, xóm').fill('Số 20 đường Hàm Rồng');
    await page.getByLabel('Căn cứ pháp lý').fill('Luật Cư trú 2020');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('button', { name: 'Xác nhận thay đổi' }).click();
    await page.getByText('Đã cập nhật nơi cư trú.').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('unknown pages show a translated 404 page, not a server error', async () => {
    const { page } = await open('/khong-co-trang-nay');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/không tìm thấy/i);
    await page.close();
  });
});
