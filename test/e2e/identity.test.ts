import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederation } from '../../src/modules/identity/federation/service.ts';
import {
  startUpstream,
  UPSTREAM_ACR,
  UPSTREAM_ACR_MAP,
  type Upstream,
} from '../../src/modules/identity/federation/testing.ts';
import { addResident, officer, publicUrlOnFreePort, resident } from '../../src/modules/identity/testing.ts';
import { createRegistry } from '../../src/modules/registry/index.ts';
import { createLogger } from '../../src/platform/log.ts';
import { buildWebIfStale } from '../../src/web-build.ts';
import { createTestApp } from '../platform.ts';

/**
 * e-ID journeys in Chromium: "Sign in with VNeID" through a second OpenID provider playing the national
 * e-ID (and the message when the person is not in the registry), and the activation statistics in the
 * administration area. IDENTITY_SCREENSHOTS=<dir> keeps screenshots.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const shots = process.env.IDENTITY_SCREENSHOTS;
// Real time, which the seeding of past months shifts (a fixed clock would give every audit row one instant).
let shift = 0;
const clock = { now: () => new Date(Date.now() + shift) };
const travelTo = (at: Date | undefined) => {
  shift = at ? at.getTime() - Date.now() : 0;
};
const UPSTREAM_CLIENT = { id: 'citizen-thanhhoa', secret: 'upstream-secret-for-the-journey-0001' };

let t: Awaited<ReturnType<typeof createTestApp>>;
let upstream: Upstream;
let browser: Browser;
let base: string;

describe.skipIf(!hasChromium)('e-ID journeys', () => {
  beforeAll(async () => {
    await buildWebIfStale(createLogger('warn'));
    base = await publicUrlOnFreePort();
    upstream = await startUpstream({ ...UPSTREAM_CLIENT, redirectUri: `${base}/auth/upstream/callback` });
    t = await createTestApp({
      clock,
      env: {
        CITIZEN_PUBLIC_URL: base,
        CITIZEN_UPSTREAM_ISSUER: upstream.issuer,
        CITIZEN_UPSTREAM_CLIENT_ID: UPSTREAM_CLIENT.id,
        CITIZEN_UPSTREAM_CLIENT_SECRET: UPSTREAM_CLIENT.secret,
        CITIZEN_UPSTREAM_ACR_MAP: UPSTREAM_ACR_MAP,
      },
    });
    await t.app.listen({ host: '127.0.0.1', port: Number(new URL(base).port) });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await upstream?.close();
  });

  async function open(url: string, width = 390) {
    const page = await browser.newPage({ viewport: { width, height: 844 } });
    const problems: string[] = [];
    page.on(
      'console',
      (m) => m.type() === 'error' && !/status of 40[13]/.test(m.text()) && problems.push(m.text()),
    );
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url);
    return { page, problems };
  }

  it('a resident signs in with VNeID on a phone and lands on their account page at level 2', async () => {
    const r = await addResident(t.platform, 301);
    upstream.signInAs({ sub: 'vneid-301', personalId: r.personalId, acr: UPSTREAM_ACR[2] });
    const { page, problems } = await open(`${base}/auth/login?returnTo=/account`);
    const button = page.getByRole('link', { name: /Đăng nhập bằng VNeID/ });
    await button.waitFor();
    if (shots) await page.screenshot({ path: path.join(shots, 'signin-vneid-phone-vi.png'), fullPage: true });
    await button.click();
    await page.waitForURL(`${base}/account`);
    await page.getByText(r.fullName).first().waitFor();
    await page.getByText(/Mức định danh: 2/).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a person the registry does not know is told so on the sign-in page', async () => {
    upstream.signInAs({ sub: 'vneid-stranger', personalId: '038190888888', acr: UPSTREAM_ACR[2] });
    const { page, problems } = await open(`${base}/auth/login?returnTo=/account`);
    await page.getByRole('link', { name: /Đăng nhập bằng VNeID/ }).click();
    await page
      .getByRole('alert')
      .getByText(/không có trong Cơ sở dữ liệu dân cư/)
      .waitFor();
    // The password form is still there.
    await page.getByLabel('Số định danh cá nhân').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a province officer reads the activation statistics with charts and targets', async () => {
    // A year of activations in three communes: accounts opened by the national e-ID at level 1 or 2.
    const federation = createFederation(t.platform);
    const registry = createRegistry(t.platform);
    const communes = ['14758', '14797', '14812'];
    let serial = 400;
    for (let month = 0; month < 12; month++) {
      const count = 2 + Math.round(3 * Math.sin((month / 11) * Math.PI)) + month;
      for (let i = 0; i < count; i++) {
        serial += 1;
        travelTo(new Date(Date.UTC(2025, month, 3 + i, 3)));
        const commune = communes[serial % 3] as string;
        const p = {
          ...resident(serial),
          currentAddress: { version: '2025' as const, commune, street: null },
        };
        await registry.registerResident(officer, p);
        await federation.link(`vneid-${serial}`, p.personalId, serial % 5 < 3 ? 2 : 1, undefined);
      }
    }
    travelTo(undefined);
    const admin = await t.platform.auth.addOfficer({
      name: 'Cán bộ Công an tỉnh',
      roles: ['registry.read', 'identity.admin'],
      jurisdiction: { level: 'province', code: '38' },
    });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/identity/activation-targets',
      headers: {
        cookie: `citizen_session=${(await t.platform.auth.redeemLink(await t.platform.auth.issueLink(admin.id), 'test')).session}`,
      },
      payload: { unit: { level: 'province', code: '38' }, period: '2025', level: 2, target: 50 },
    });
    expect(put.statusCode).toBe(200);

    const token = await t.platform.auth.issueLink(admin.id);
    const { page, problems } = await open(`${base}/auth/link/${token}`, 1280);
    await page.getByText('Cán bộ Công an tỉnh').waitFor();
    await page.goto(`${base}/admin/activations`);
    await page.getByRole('heading', { name: 'Thống kê kích hoạt định danh điện tử' }).waitFor();
    await page.getByRole('heading', { name: /Tỉnh Thanh Hóa/ }).waitFor(); // the default months answered
    await page.getByLabel('Từ tháng').fill('2025-01');
    await page.getByLabel('Đến tháng').fill('2025-12');
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.getByRole('heading', { name: /12\/2025/ }).waitFor();
    await page.getByText('01/2025').first().waitFor();
    // Three charts, with the province target drawn on the first.
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBe(3);
    await page.locator('.chart-target').first().waitFor();
    const total = serial - 400;
    await page.getByText(String(total), { exact: true }).first().waitFor();
    await page.getByText(/Tỉnh Thanh Hóa · 2025 · mức 2/).waitFor();
    if (shots) await page.screenshot({ path: path.join(shots, 'admin-activations-vi.png'), fullPage: true });

    // One commune picked from the list.
    await page.getByLabel('Xã/phường', { exact: true }).selectOption({ label: 'Phường Hạc Thành' });
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.getByRole('heading', { name: /Phường Hạc Thành/ }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
