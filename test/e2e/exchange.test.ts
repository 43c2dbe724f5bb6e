import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/modules/exchange/catalogue.ts';
import { createLogger } from '../../src/platform/log.ts';
import { freePort } from '../../src/platform/net.ts';
import { buildWebIfStale } from '../../src/web-build.ts';
import { createTestApp } from '../platform.ts';

/**
 * The exchange's administration page in Chromium: an access request waiting for a decision is approved
 * from the page. EXCHANGE_SCREENSHOTS=<dir> keeps a screenshot.
 */
const CHROMIUM = '/usr/bin/chromium';
const shots = process.env.EXCHANGE_SCREENSHOTS;
let t: Awaited<ReturnType<typeof createTestApp>>;
let browser: Browser;
let base: string;

describe.skipIf(!existsSync(CHROMIUM))('exchange administration page', () => {
  beforeAll(async () => {
    await buildWebIfStale(createLogger('warn'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { CITIZEN_PUBLIC_URL: base } });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an administrator approves a pending access request', async () => {
    const catalogue = createCatalogue(t.platform);
    await catalogue.addMember('cli', { code: '000.00.00.H56', name: 'Sở Tư pháp' });
    const consumer = await catalogue.addSystem('cli', '000.00.00.H56', {
      code: 'ho-tich',
      name: 'Hộ tịch',
      clientId: 'ho-tich-client',
    });
    const service = await catalogue.service('lgsp', 'core', 'citizen-verification');
    const [system] = (await catalogue.systems('000.00.00.H56')).filter((s) => s.id === consumer.id);
    const rightId = await catalogue.requestRight(
      system as NonNullable<typeof system>,
      service as NonNullable<typeof service>,
      {
        purpose: 'Xác minh khai sinh',
        legalBasis: 'Nghị định 45/2020/NĐ-CP',
      },
    );
    const admin = await t.platform.auth.addOfficer({
      name: 'Quản trị LGSP',
      roles: ['platform.admin'],
      jurisdiction: { level: 'province', code: '38' },
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/auth/link/${await t.platform.auth.issueLink(admin.id)}`);
    await page.getByText('Quản trị LGSP').waitFor();
    await page.goto(`${base}/admin/integrations`);
    await page.getByRole('heading', { name: 'Nền tảng chia sẻ dữ liệu (LGSP)' }).waitFor();
    const row = page.getByRole('row', { name: /000\.00\.00\.H56\/ho-tich/ });
    await row.getByText('Xác minh khai sinh · Nghị định 45/2020/NĐ-CP').waitFor();
    if (shots) await page.screenshot({ path: path.join(shots, 'admin-integrations-vi.png'), fullPage: true });
    await row.getByRole('button', { name: 'Phê duyệt' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await catalogue.rights({ status: 'approved' })).map((r) => r.id)).toEqual([rightId]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
