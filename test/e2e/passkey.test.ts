import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addResident } from '../../src/modules/identity/testing.ts';
import { createLogger } from '../../src/platform/log.ts';
import { freePort } from '../../src/platform/net.ts';
import { buildWebIfStale } from '../../src/web-build.ts';
import { createTestApp } from '../platform.ts';

/**
 * A citizen registers a passkey with Chromium's virtual authenticator (WebAuthn through the DevTools
 * protocol) on the account page, signs out, and signs in again with the passkey alone. WebAuthn needs a
 * domain name as relying party, so the platform is reached at http://localhost.
 * PASSKEY_SCREENSHOTS=<dir> keeps a screenshot of the account page.
 */
const CHROMIUM = '/usr/bin/chromium';
const shots = process.env.PASSKEY_SCREENSHOTS;
const hasChromium = existsSync(CHROMIUM);
const PASSWORD = 'trong dam gi dep bang sen';

let t: Awaited<ReturnType<typeof createTestApp>>;
let browser: Browser;
let base: string;

describe.skipIf(!hasChromium)('passkeys in a real browser', () => {
  beforeAll(async () => {
    await buildWebIfStale(createLogger('warn'));
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ env: { CITIZEN_PUBLIC_URL: base } });
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    // The person has a level 1 account (registration itself is tested in the identity module).
    const r = await addResident(t.platform, 501);
    const start = await fetch(`${base}/api/v1/identity/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        personalId: r.personalId,
        fullName: r.fullName,
        birthDate: r.birthDate,
        sex: r.sex,
        phone: '0911222333',
      }),
    });
    const { challengeId } = (await start.json()) as { challengeId: string };
    const [sms] = await t.platform.notify.inbox(1);
    await fetch(`${base}/api/v1/identity/registrations/${challengeId}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: /(\d{6})/.exec(sms?.text ?? '')?.[1], password: PASSWORD }),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('registers a passkey and signs in with it, without the personal ID or password', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    // Sign in with the password, then create a passkey on the account page.
    await page.goto(`${base}/auth/login?returnTo=/account`);
    await page.getByLabel('Số định danh cá nhân').fill('038190000501');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(`${base}/account`);
    await page.getByRole('button', { name: 'Tạo khoá truy cập trên thiết bị này' }).click();
    await expect
      .poll(async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length)
      .toBe(1);
    await expect.poll(() => page.getByText('Thiết bị này ·').count()).toBe(1);

    // Sign out of the web app and of the provider.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: /Đăng xuất \/ Sign out/ }).click();
    await page.waitForURL(`${base}/`);
    expect((await page.request.get(`${base}/api/v1/me`)).status()).toBe(401);

    // Back, with the passkey only.
    await page.goto(`${base}/auth/login?returnTo=/account`);
    await page.getByRole('button', { name: 'Đăng nhập bằng khoá truy cập (passkey)' }).click();
    await page.waitForURL(`${base}/account`);
    await expect.poll(() => page.getByText('038190000501').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('(thiết bị này)').count()).toBe(1);
    if (shots)
      await page.screenshot({ path: path.join(shots, 'account-passkey-phone-vi.png'), fullPage: true });
    const audit = await t.platform.db
      .selectFrom('platform.audit_log')
      .select(['action', 'details'])
      .where('subject_person', '=', '038190000501')
      .where('action', '=', 'identity.signin.succeeded')
      .execute();
    expect(audit.some((a) => (a.details as { method?: string }).method === 'passkey')).toBe(true);
    await page.close();
  });
});
