import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/modules/exchange/catalogue.ts';
import { addResident } from '../../src/modules/identity/testing.ts';
import { createLogger } from '../../src/platform/log.ts';
import { freePort } from '../../src/platform/net.ts';
import { buildWebIfStale } from '../../src/web-build.ts';
import { createTestApp } from '../platform.ts';

/**
 * The exchange in Chromium: an access request waiting for a decision is approved from the administration
 * page, which also lists the service catalogue with OpenAPI documents and revokes the granted right; a citizen consents on their account page to an agency retrieving their data, then withdraws it.
 * EXCHANGE_SCREENSHOTS=<dir> keeps screenshots.
 */
const CHROMIUM = '/usr/bin/chromium';
const shots = process.env.EXCHANGE_SCREENSHOTS;
const PASSWORD = 'mot cau mat khau de nho 2026';
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

  it('an administrator approves a pending access request, browses the catalogue and revokes the right', async () => {
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
    const row = page
      .getByRole('region', { name: 'Yêu cầu cấp quyền chờ duyệt' })
      .getByRole('row', { name: /000\.00\.00\.H56\/ho-tich/ });
    await row.getByText('Xác minh khai sinh · Nghị định 45/2020/NĐ-CP').waitFor();
    if (shots) await page.screenshot({ path: path.join(shots, 'admin-integrations-vi.png'), fullPage: true });
    await row.getByRole('button', { name: 'Phê duyệt' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await catalogue.rights({ status: 'approved' })).map((r) => r.id)).toEqual([rightId]);

    // The catalogue lists the platform's services, each with its OpenAPI document.
    const link = page.getByRole('link', { name: 'Tài liệu OpenAPI: /x/lgsp/core/citizen-verification' });
    const document = await page.request.get(`${base}${await link.getAttribute('href')}`);
    expect(((await document.json()) as { openapi: string }).openapi).toBe('3.1.0');
    await expect
      .poll(() =>
        page
          .getByRole('row', { name: /\/x\/lgsp\/core\/events/ })
          .getByRole('link')
          .count(),
      )
      .toBe(0);

    // The granted right is listed, and revoked from here after a confirmation.
    const granted = page.getByRole('region', { name: 'Quyền truy cập đang hiệu lực' });
    const grantedRow = granted.getByRole('row', { name: /000\.00\.00\.H56\/ho-tich/ });
    await grantedRow.getByText('Không thời hạn').waitFor();
    if (shots)
      await page.screenshot({ path: path.join(shots, 'admin-integrations-granted-vi.png'), fullPage: true });
    page.once('dialog', (dialog) => dialog.accept());
    await grantedRow.getByRole('button', { name: 'Thu hồi' }).click();
    await grantedRow.waitFor({ state: 'detached' });
    expect((await catalogue.rights({ status: 'revoked' })).map((r) => r.id)).toEqual([rightId]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a citizen consents to an agency retrieving their data, sees it listed and withdraws it', async () => {
    const catalogue = createCatalogue(t.platform);
    const [system] = await catalogue.systems('000.00.00.H56');
    const service = await catalogue.service('lgsp', 'core', 'citizen-data');
    const rightId = await catalogue.requestRight(
      system as NonNullable<typeof system>,
      service as NonNullable<typeof service>,
      {
        purpose: 'Đăng ký khai sinh',
        legalBasis: 'Luật Hộ tịch 2014',
        attributes: ['fullName', 'birthDate'],
      },
    );
    await catalogue.decide('cli', rightId, 'approve');
    const r = await addResident(t.platform, 601);
    const start = await fetch(`${base}/api/v1/identity/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        personalId: r.personalId,
        fullName: r.fullName,
        birthDate: r.birthDate,
        sex: r.sex,
        phone: '0911222444',
      }),
    });
    const { challengeId } = (await start.json()) as { challengeId: string };
    const [sms] = await t.platform.notify.inbox(1);
    await fetch(`${base}/api/v1/identity/registrations/${challengeId}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: /(\d{6})/.exec(sms?.text ?? '')?.[1], password: PASSWORD }),
    });

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/auth/login?returnTo=/account`);
    await page.getByLabel('Số định danh cá nhân').fill(r.personalId);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(`${base}/account`);
    const section = page.getByRole('region', { name: /Cơ quan được lấy dữ liệu của tôi/ });
    await section.getByText('Bạn chưa đồng ý cho hệ thống nào.').waitFor();
    await section.getByLabel('Hệ thống của cơ quan').selectOption({ label: 'Sở Tư pháp · Hộ tịch' });
    await section
      .getByText('Mục đích: Đăng ký khai sinh · Căn cứ: Luật Hộ tịch 2014 · Dữ liệu: họ tên, ngày sinh')
      .waitFor();
    await section.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    const listed = section
      .getByRole('listitem')
      .filter({ hasText: 'Sở Tư pháp · Hộ tịch: Đăng ký khai sinh' });
    await listed.waitFor();
    if (shots)
      await page.screenshot({ path: path.join(shots, 'account-exchange-consent-vi.png'), fullPage: true });
    const consentOf = () =>
      t.platform.db
        .selectFrom('exchange.consent')
        .select(['revoked_at'])
        .where('personal_id', '=', r.personalId)
        .executeTakeFirst();
    expect(await consentOf()).toEqual({ revoked_at: null });
    await listed.getByRole('button', { name: 'Rút lại đồng ý' }).click();
    await listed.getByText('đã rút lại').waitFor();
    expect((await consentOf())?.revoked_at).toBeInstanceOf(Date);
    expect(problems).toEqual([]);
    await page.close();
  });
});
