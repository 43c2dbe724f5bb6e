import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { type Browser, chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GTINS, DEMO_MEMBERS, seedDemoTrace } from '../../src/modules/trace/seed.ts';
import { createLogger } from '../../src/platform/log.ts';
import { buildWebIfStale } from '../../src/web-build.ts';
import { createTestApp } from '../platform.ts';

/**
 * Traceability journeys in Chromium on a phone-sized screen: the consumer scan page, and a retailer's
 * receiving check with the camera — Chromium's fake camera plays a video of a QR code, which the page
 * decodes (BarcodeDetector is absent on Linux, so this runs the lazy-loaded WebAssembly fallback).
 * TRACE_SCREENSHOTS=<dir> keeps screenshots of both.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const PHONE = { width: 360, height: 780 }; // a small Android phone (the narrowest common width)
const shots = process.env.TRACE_SCREENSHOTS;

/** A Y4M video (what Chromium's fake camera plays) showing a QR code of `text`, black on white. */
function qrVideo(text: string, file: string) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const width = 640;
  const height = 480;
  const modules = qr.modules.size + 8; // with the quiet zone
  const scale = Math.floor(440 / modules);
  const left = Math.floor((width - modules * scale) / 2);
  const top = Math.floor((height - modules * scale) / 2);
  const y = Buffer.alloc(width * height, 235);
  for (let row = 0; row < qr.modules.size; row++)
    for (let col = 0; col < qr.modules.size; col++) {
      if (!qr.modules.get(row, col)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const start = (top + (row + 4) * scale + dy) * width + left + (col + 4) * scale;
        y.fill(16, start, start + scale);
      }
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const frames = Array.from({ length: 10 }, () => frame);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...frames]),
  );
}

let t: Awaited<ReturnType<typeof createTestApp>>;
let browser: Browser;
let base: string;
let tmp: string;
const nem = DEMO_GTINS.nem.padStart(14, '0');
const mam = DEMO_GTINS.mam.padStart(14, '0');
const buoi = DEMO_GTINS.buoi.padStart(14, '0');

describe.skipIf(!hasChromium)('traceability journeys on a phone', () => {
  beforeAll(async () => {
    await buildWebIfStale(createLogger('warn'));
    t = await createTestApp();
    await seedDemoTrace(t.platform);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'citizen-trace-e2e-'));
    const video = path.join(tmp, 'qr.y4m');
    qrVideo(`${base}/01/${nem}/10/NC2501`, video);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function phonePage() {
    const context = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      locale: 'vi-VN',
      permissions: ['camera'],
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on(
      'console',
      (m) => m.type() === 'error' && !/status of 4(01|04|22)/.test(m.text()) && problems.push(m.text()),
    );
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, problems, context };
  }

  it('a shopper scans a recalled bottle of fish sauce and a pomelo: warnings, origin, journey', async () => {
    const { page, problems, context } = await phonePage();
    await page.goto(`${base}/01/${mam}/10/BL2509`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/thu hồi/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Nước mắm/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    if (shots)
      await page.screenshot({ path: path.join(shots, 'trace-scan-recalled-phone-vi.png'), fullPage: true });

    await page.goto(`${base}/01/${buoi}/21/LV0002`);
    const text = await page.locator('main').textContent();
    expect(text).toContain('Xã Lam Sơn'); // origin on the 2025 units
    expect(text).toContain('Xã Thọ Xương'); // … and the pre-2025 commune it was formed from
    expect(text).toContain('VietGAP');
    expect(text).toMatch(/Xuất hàng/);
    expect(await page.locator('ol.timeline li').count()).toBeGreaterThanOrEqual(2);
    if (shots) await page.screenshot({ path: path.join(shots, 'trace-scan-phone-vi.png'), fullPage: true });
    // The shopper says where they are (a plain form): the scan is kept with the commune, nothing else.
    await page.getByText('Bạn đang quét mã ở đâu?').click();
    await page.getByLabel(/Chọn xã\/phường/).selectOption('15544');
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.waitForURL(/\/21\/LV0002\?lang=vi$/);
    const scans = await t.platform.db.selectFrom('trace.scan').select(['serial', 'commune_code']).execute();
    expect(scans).toEqual([{ serial: 'LV0002', commune_code: '15544' }]);
    // English, and the counterfeit report (a plain form: the page has no script)
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByText('Report a suspected counterfeit').click();
    await page.getByLabel('What looks wrong?').fill('The seal was broken and the label looks reprinted.');
    await page.getByRole('button', { name: 'Send report' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/Thank you/);
    const reports = await t.platform.db
      .selectFrom('trace.counterfeit_report')
      .select(['serial', 'description'])
      .execute();
    expect(reports).toEqual([
      { serial: 'LV0002', description: 'The seal was broken and the label looks reprinted.' },
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a supermarket checks incoming goods with the phone camera, then by typing a code', async () => {
    const member = DEMO_MEMBERS.find((m) => m.business === 'mart');
    const user = await t.platform.auth.findOfficerByName(member?.name as string);
    const token = await t.platform.auth.issueLink(user?.id as string);
    const { page, problems, context } = await phonePage();
    await page.goto(`${base}/auth/link/${token}?next=/business/receiving`);
    await page.getByRole('heading', { name: 'Kiểm tra hàng nhập' }).waitFor();
    await page.getByRole('button', { name: 'Mở camera để quét' }).click();
    const verdict = page.locator('[data-verdict]');
    await verdict.waitFor({ timeout: 30_000 });
    expect(await verdict.getAttribute('data-verdict')).toBe('genuine');
    await expect(verdict.textContent()).resolves.toMatch(/Nem chua Thanh Hóa/);
    await expect(page.getByText('Đã ghi nhận nhập hàng.')).toBeDefined();
    await page.getByRole('button', { name: 'Tắt camera' }).click();
    if (shots)
      await page.screenshot({ path: path.join(shots, 'trace-receiving-phone-vi.png'), fullPage: true });
    // The receiving event is in the repository.
    const received = await t.platform.db
      .selectFrom('trace.epcis_event')
      .select('event_id')
      .where('biz_step', '=', 'receiving')
      .execute();
    expect(received.length).toBeGreaterThanOrEqual(3); // two seeded + this one

    await page.getByLabel('Mã trên sản phẩm').fill(`${base}/01/${buoi}/21/LV0001`);
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.locator('[data-verdict="duplicate"]').waitFor();
    await page.getByLabel('Mã trên sản phẩm').fill(`/01/${nem}/10/NC2488`);
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.locator('[data-verdict="expired"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('a manager sees My business with certification badges and adds a staff member by personal ID', async () => {
    const member = DEMO_MEMBERS.find((m) => m.business === 'nem');
    const user = await t.platform.auth.findOfficerByName(member?.name as string);
    const token = await t.platform.auth.issueLink(user?.id as string);
    // The person to add has an e-ID account (what registration and activation leave behind).
    await sql`insert into identity.account (id, personal_id, level, state, phone, created_at, updated_at)
      values (gen_random_uuid(), '038090004321', 2, 'active', '0912345678', now(), now())`.execute(
      t.platform.db,
    );
    const { page, problems, context } = await phonePage();
    await page.goto(`${base}/auth/link/${token}?next=/business/my-business`);
    await page.getByRole('heading', { name: 'Doanh nghiệp của tôi' }).waitFor();
    await expect(
      page.getByRole('heading', { name: /Cơ sở Nem chua Hạc Thành/ }).textContent(),
    ).resolves.toMatch(/Đang hoạt động/);
    await expect(page.locator('.trace-certs').textContent()).resolves.toMatch(/Còn hiệu lực/);
    await page.getByLabel('Số định danh cá nhân').fill('038090004321');
    await page.getByLabel('Họ và tên').fill('Lê Thị Hoa');
    await page.getByLabel('Vai trò').selectOption('staff');
    await page.getByRole('button', { name: 'Thêm thành viên' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thêm Lê Thị Hoa.' }).waitFor();
    await page.locator('.trace-members li', { hasText: 'Lê Thị Hoa' }).waitFor();
    await expect(page.locator('.trace-members li', { hasText: 'Lê Thị Hoa' }).textContent()).resolves.toMatch(
      /Định danh điện tử/,
    );
    // Someone without an e-ID account is refused with the platform's problem text.
    await page.getByLabel('Số định danh cá nhân').fill('038090009876');
    await page.getByLabel('Họ và tên').fill('Không Có Tài Khoản');
    await page.getByRole('button', { name: 'Thêm thành viên' }).click();
    await page.getByText('Người này chưa có tài khoản định danh điện tử').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    if (shots)
      await page.screenshot({ path: path.join(shots, 'trace-my-business-phone-vi.png'), fullPage: true });
    await page.getByRole('button', { name: 'Xóa Lê Thị Hoa khỏi doanh nghiệp' }).click();
    await page.locator('.trace-members li', { hasText: 'Lê Thị Hoa' }).waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('the province registrar registers a business and records its OCOP certificate', async () => {
    const registrar = await t.platform.auth.addOfficer({
      name: 'Chuyên viên Sở Công Thương (e2e)',
      roles: ['platform.admin'],
      jurisdiction: { level: 'province', code: '38' },
    });
    const token = await t.platform.auth.issueLink(registrar.id);
    const { page, problems, context } = await phonePage();
    await page.goto(`${base}/auth/link/${token}?next=/business/business-registry`);
    await page.getByRole('heading', { name: 'Sổ đăng ký doanh nghiệp' }).waitFor();
    await page.getByText('5 doanh nghiệp').waitFor();
    await page.getByLabel('Mã số doanh nghiệp').fill('2809990001');
    await page.getByLabel('Tên doanh nghiệp').fill('HTX Chè Như Xuân');
    await page.getByLabel('Nhà phân phối').check();
    await page.getByLabel('Mã xã/phường (danh mục 2025)').fill('14797');
    await page.getByLabel('Mã doanh nghiệp GS1').fill('8936111');
    await page.getByRole('button', { name: 'Đăng ký doanh nghiệp' }).click();
    await page.getByText('Đã đăng ký HTX Chè Như Xuân.').waitFor();
    await page.getByText('6 doanh nghiệp').waitFor();
    const card = page.locator('li.card').filter({ hasText: 'HTX Chè Như Xuân' });
    await card.getByRole('button', { name: 'Quản lý' }).click();
    await card.getByLabel('Loại chứng nhận').selectOption('ocop');
    await card.getByLabel('Số hiệu').fill('OCOP-TH-2026-0099');
    await card.getByLabel('Cơ quan cấp').fill('UBND tỉnh Thanh Hóa');
    await card.getByLabel('Hiệu lực từ').fill('2026-01-01');
    await card.getByLabel('Hiệu lực đến').fill('2029-01-01');
    await card.getByRole('button', { name: 'Thêm chứng nhận' }).click();
    await card.locator('.trace-certs').getByText('OCOP-TH-2026-0099').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
