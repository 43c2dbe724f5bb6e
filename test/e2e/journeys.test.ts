import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/log.ts';
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
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
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

  it('unknown pages show a translated 404 page, not a server error', async () => {
    const { page } = await open('/khong-co-trang-nay');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/không tìm thấy/i);
    await page.close();
  });
});
