import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/log.ts';
import { buildWebIfStale } from '../../src/web-build.ts';
import { createTestApp } from '../platform.ts';

/**
 * The procedure catalogue in Chromium: a citizen on a phone finds "Đăng ký khai sinh" typing without tone
 * marks and reads its page (channels, fees, documents) with the "Nộp trực tuyến" link; an administrator
 * starts a draft, changes a fee, publishes version 2 and sees the history. PROCEDURES_SCREENSHOTS=<dir>
 * keeps screenshots.
 */
const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 360, height: 780 };
const shots = process.env.PROCEDURES_SCREENSHOTS;

let t: Awaited<ReturnType<typeof createTestApp>>;
let browser: Browser;
let base: string;

describe.skipIf(!existsSync(CHROMIUM))('procedure catalogue pages', () => {
  beforeAll(async () => {
    await buildWebIfStale(createLogger('warn'));
    t = await createTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(viewport = PHONE) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on(
      'console',
      (m) => m.type() === 'error' && !/status of 40[14]/.test(m.text()) && problems.push(m.text()),
    );
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, problems, context };
  }

  it('a citizen finds birth registration without tone marks and sees what to prepare', async () => {
    const { page, problems, context } = await open();
    await page.goto(`${base}/citizen/services`);
    await page.getByLabel('Tên thủ tục hoặc từ khóa').fill('giay khai sinh');
    await page.getByRole('status').filter({ hasText: 'Tìm thấy' }).waitFor();
    const first = page.locator('.procedure-results li').first();
    expect(await first.getByRole('link').textContent()).toBe('Đăng ký khai sinh');
    if (shots)
      await page.screenshot({ path: path.join(shots, 'services-search-phone-vi.png'), fullPage: true });
    await first.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh' }).waitFor();
    const apply = page.getByRole('link', { name: 'Nộp trực tuyến' });
    expect(await apply.getAttribute('href')).toBe('/citizen/services/1.001193/apply');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Giấy chứng sinh');
    expect(main).toContain('1 ngày làm việc');
    expect(main).toContain('Luật Hộ tịch số 60/2014/QH13');
    expect(main).toContain('điền sẵn từ CSDL quốc gia về dân cư');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    if (shots)
      await page.screenshot({ path: path.join(shots, 'services-procedure-phone-vi.png'), fullPage: true });
    // A province procedure names its department and its fee.
    await page.goto(`${base}/citizen/services/2.001417`);
    await page.getByText('Sở Tư pháp tỉnh Thanh Hóa', { exact: true }).first().waitFor();
    expect(await page.locator('main').textContent()).toContain('200.000 đồng');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an administrator edits a draft, publishes version 2 and sees the history', {
    timeout: 60_000,
  }, async () => {
    const officer = await t.platform.auth.addOfficer({
      name: 'Quản trị thủ tục (e2e)',
      roles: ['procedures.admin'],
      jurisdiction: { level: 'province', code: '38' },
    });
    const token = await t.platform.auth.issueLink(officer.id);
    const { page, problems, context } = await open({ width: 1280, height: 900 });
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${base}/auth/link/${token}?next=/officer`);
    await page.goto(`${base}/admin/procedures`);
    await page.getByRole('heading', { name: 'Danh mục thủ tục hành chính' }).waitFor();
    await page.getByRole('link', { name: '1.004873' }).click();
    await page.getByRole('button', { name: 'Tạo bản nháp mới từ phiên bản hiện hành' }).click();
    await page.getByText(/Bản nháp phiên bản 2/).waitFor();
    await page.getByLabel('Phí, lệ phí (đồng) (Trực tiếp)').fill('20000');
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.getByText('Nội dung hợp lệ, có thể công bố.').waitFor();
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.getByText('Đã lưu bản nháp.').waitFor();
    if (shots)
      await page.screenshot({ path: path.join(shots, 'admin-procedure-editor-vi.png'), fullPage: true });
    await page.getByRole('button', { name: 'Công bố phiên bản mới' }).click();
    await page.getByText('Đã công bố phiên bản 2.').waitFor();
    const rows = page.getByRole('region', { name: 'Lịch sử phiên bản' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('button', { name: 'Xem 1' }).click();
    await page.getByRole('heading', { name: 'phiên bản 1' }).waitFor();
    expect(await page.locator('.panel').textContent()).toContain('15.000 đồng');
    if (shots)
      await page.screenshot({ path: path.join(shots, 'admin-procedure-history-vi.png'), fullPage: true });
    const published = await t.app.inject({ url: '/api/v1/procedures/1.004873' });
    expect(published.json()).toMatchObject({ version: 2, channels: [{ fee: { amount: 20_000 } }, {}, {}] });
    expect(problems).toEqual([]);
    await context.close();
  });
});
