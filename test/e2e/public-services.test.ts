import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sql } from 'kysely';
import { decodePDFRawStream, PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import {
  startUpstream,
  UPSTREAM_ACR,
  UPSTREAM_ACR_MAP,
  type Upstream,
} from '../../src/modules/identity/federation/testing.ts';
import { addResident, publicUrlOnFreePort } from '../../src/modules/identity/testing.ts';
import { createLogger } from '../../src/platform/log.ts';
import { buildWebIfStale } from '../../src/web-build.ts';
import { createTestApp } from '../platform.ts';

/**
 * The public-services acceptance journey in Chromium: a citizen on a phone finds a procedure, applies with
 * the form pre-filled from the registry, attaches a document and submits; an officer at a desktop receives
 * the dossier and asks for a supplement; the citizen answers; the officer approves and issues the signed
 * result; the citizen downloads it, the QR code printed on it leads to the public verification page, which
 * accepts the PDF and refuses a modified copy; the receipt code looks the dossier up without personal data.
 * SERVICES_SCREENSHOTS=<dir> keeps screenshots (Vietnamese).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const shots = process.env.SERVICES_SCREENSHOTS;
const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };
const UPSTREAM_CLIENT = { id: 'citizen-thanhhoa', secret: 'upstream-secret-for-the-journey-0001' };
const PROCEDURE = '1.004873'; // Cấp Giấy xác nhận tình trạng hôn nhân (commune level, fully online)

/** A small but real PDF (the server checks what a file is from its first bytes). */
async function pdfFile(text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 12 });
  return Buffer.from(await pdf.save());
}

/** The text of the QR code drawn on the first page of a PDF (pdf-lib stores the PNG as RGB pixels). */
async function qrOf(bytes: Uint8Array): Promise<string | undefined> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    fireImmediately: true,
  });
  const pdf = await PDFDocument.load(bytes);
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image'))
      continue;
    const width = (object.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (object.dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const pixels = decodePDFRawStream(object).decode();
    const channels = pixels.length / (width * height);
    if (channels !== 1 && channels !== 3) continue; // an alpha mask
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) data[i * 4 + c] = pixels[i * channels + (channels === 3 ? c : 0)] as number;
      data[i * 4 + 3] = 255;
    }
    const found = await readBarcodes({ data, width, height, colorSpace: 'srgb' } as ImageData, {
      formats: ['QRCode'],
    });
    if (found[0]?.text) return found[0].text;
  }
  return undefined;
}

let t: Awaited<ReturnType<typeof createTestApp>>;
let upstream: Upstream;
let browser: Browser;
let base: string;
let citizen: { context: BrowserContext; page: Page; problems: string[] };
let officer: { context: BrowserContext; page: Page; problems: string[] };
let receiptCode = '';
let dossierUrl = '';
let resultPdf: Buffer;

describe.skipIf(!hasChromium)('public services: apply online, one-stop back office, signed result', () => {
  beforeAll(async () => {
    await buildWebIfStale(createLogger('warn'));
    base = await publicUrlOnFreePort();
    upstream = await startUpstream({ ...UPSTREAM_CLIENT, redirectUri: `${base}/auth/upstream/callback` });
    t = await createTestApp({
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
    const open = async (viewport: { width: number; height: number }) => {
      const context = await browser.newContext({ viewport, locale: 'vi-VN', acceptDownloads: true });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on(
        'console',
        (m) => m.type() === 'error' && !/status of 4(01|04|09)/.test(m.text()) && problems.push(m.text()),
      );
      page.on('pageerror', (e) => problems.push(e.message));
      return { context, page, problems };
    };
    citizen = await open(PHONE);
    officer = await open(DESKTOP);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await upstream?.close();
  });

  const shot = async (page: Page, name: string) => {
    if (shots) await page.screenshot({ path: path.join(shots, name), fullPage: true });
  };
  const fitsPhone = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  it('a citizen signed in with e-ID finds the procedure and applies with the form pre-filled', async () => {
    const r = await addResident(t.platform, 601);
    upstream.signInAs({
      sub: 'vneid-601',
      personalId: r.personalId,
      acr: UPSTREAM_ACR[2],
      phone: '0912345678',
    });
    const { page } = citizen;
    await page.goto(`${base}/auth/login?returnTo=/citizen/services`);
    await page.getByRole('link', { name: /Đăng nhập bằng VNeID/ }).click();
    await page.waitForURL(`${base}/citizen/services`);
    // The account's phone, as verified when it was registered: the form's contact number comes from it.
    await sql`update identity.account set phone = '0912345678' where personal_id = ${r.personalId}`.execute(
      t.platform.db,
    );

    // The catalogue: a search without tone marks finds the procedure; its page leads to the application.
    await page.getByLabel('Tên thủ tục hoặc từ khóa').fill('xac nhan doc than');
    await page.waitForURL(/q=xac/); // the search has run
    await page.getByRole('link', { name: 'Cấp Giấy xác nhận tình trạng hôn nhân' }).click();
    await page.getByRole('link', { name: 'Nộp trực tuyến' }).click();
    await page.waitForURL(`${base}/citizen/services/${PROCEDURE}/apply`);
    // A commune-level procedure: the People's Committee of the commune where she lives, unless she picks one.
    await expect(page.getByLabel('Nơi nộp hồ sơ').inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Bắt đầu khai hồ sơ' }).click();

    // What the registry knows is shown as confirmed data, not as inputs.
    const you = page.getByRole('region', { name: /Thông tin của bạn/ });
    await you.getByText(r.fullName).waitFor();
    await you.getByText(r.personalId).waitFor();
    await you.getByText('0912345678').waitFor(); // from the e-ID account
    await expect(you.getByRole('textbox').count()).resolves.toBe(0);
    expect(await page.getByLabel(/Họ, chữ đệm, tên người yêu cầu/).count()).toBe(0);
    await you.getByText('✓ Từ CSDL dân cư').first().waitFor();

    // The citizen types only what the registry cannot know; the draft saves itself.
    await page.getByLabel(/Mục đích sử dụng/).fill('Bổ sung hồ sơ đăng ký kết hôn');
    await page.locator('[data-save="saved"]').waitFor();
    await expect(page.locator('[data-save="saved"]').textContent()).resolves.toMatch(
      /Đã lưu nháp lúc \d{2}:\d{2}/,
    );

    // A file of the wrong type is refused before it is sent; a PDF is accepted.
    const declaration = page.locator('[data-component="declaration"]');
    await declaration.locator('input[type=file]').setInputFiles({
      name: 'to-khai.gif',
      mimeType: 'image/gif',
      buffer: Buffer.from('GIF89a'),
    });
    await declaration
      .getByRole('alert')
      .getByText(/không đúng định dạng/)
      .waitFor();
    await declaration.locator('input[type=file]').setInputFiles({
      name: 'to-khai.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfFile('To khai xac nhan tinh trang hon nhan'),
    });
    await declaration.getByText(/Đã tải lên/).waitFor();
    await page.getByText('7.500 đ').first().waitFor(); // the online fee
    await fitsPhone(page);
    await shot(page, 'services-apply-phone-vi.png');

    await page.getByLabel(/cam đoan/).check();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Đã nộp hồ sơ thành công' }).waitFor();
    receiptCode = (await page.locator('.receipt-code').textContent())?.trim() ?? '';
    expect(receiptCode).toMatch(/^[0-9A-Z.]+-\d{6}-\d{4}$/);
    expect(await page.locator('.receipt-due').textContent()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await shot(page, 'services-submitted-phone-vi.png');
    await page.getByRole('link', { name: 'Xem hồ sơ' }).click();
    await page.getByRole('heading', { name: /Cấp Giấy xác nhận tình trạng hôn nhân/ }).waitFor();
    dossierUrl = page.url();
    expect(citizen.problems).toEqual([]);
  }, 120_000);

  it('an officer of the commune receives it and asks for a supplement', async () => {
    const o = await t.platform.auth.addOfficer({
      name: 'Nguyễn Văn Tiếp',
      roles: ['dossiers.receive', 'dossiers.process', 'dossiers.approve'],
      jurisdiction: { level: 'commune', code: '14758' },
    });
    const token = await t.platform.auth.issueLink(o.id);
    const { page } = officer;
    await page.goto(`${base}/auth/link/${token}?next=/officer/cases`);
    await page.getByRole('heading', { name: 'Hồ sơ một cửa' }).waitFor();
    await page.getByRole('link', { name: receiptCode }).waitFor();
    await shot(page, 'services-officer-queue-vi.png');
    await page.getByRole('link', { name: receiptCode }).click();

    // Only the actions the status allows are offered.
    const receive = page.getByRole('button', { name: 'Tiếp nhận', exact: true });
    await receive.waitFor();
    expect(await page.getByRole('button', { name: 'Phê duyệt và ký kết quả' }).count()).toBe(0);
    await receive.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã thực hiện: Tiếp nhận.').waitFor();

    // Assigned to a colleague of the commune who handles dossiers, chosen by name.
    await t.platform.auth.addOfficer({
      name: 'Trần Thị Xử Lý',
      roles: ['dossiers.process'],
      jurisdiction: { level: 'commune', code: '14758' },
    });
    await page.getByRole('button', { name: 'Phân công xử lý' }).click();
    const assign = page.getByRole('dialog');
    const handler = assign.getByLabel('Cán bộ được giao xử lý');
    await handler.locator('option', { hasText: 'Trần Thị Xử Lý' }).waitFor({ state: 'attached' });
    await handler.selectOption({ label: 'Trần Thị Xử Lý' });
    await shot(page, 'services-officer-assign-vi.png');
    await assign.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã thực hiện: Phân công xử lý.').waitFor();
    await page.locator('dd', { hasText: 'Trần Thị Xử Lý' }).waitFor();

    // The paper declaration handed in is scanned into the electronic dossier (digitisation).
    const scan = page.locator('[data-component="declaration"]');
    await scan.locator('input[type=file]').setInputFiles({
      name: 'to-khai-ban-giay.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfFile('To khai ban giay da ky'),
    });
    await scan.getByText('to-khai-ban-giay.pdf').waitFor();
    expect(await scan.getByRole('button', { name: 'Xoá' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel('Giấy tờ, nội dung cần bổ sung')
      .fill('Bổ sung trích lục khai tử của chồng trước.');
    await shot(page, 'services-officer-supplement-vi.png');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã thực hiện: Yêu cầu bổ sung.').waitFor();
    await page.locator('.dossier-timeline').getByText('Bổ sung trích lục khai tử').waitFor();
    expect(officer.problems).toEqual([]);
  }, 60_000);

  it('the citizen answers the supplement request with a document', async () => {
    const { page } = citizen;
    await page.goto(dossierUrl);
    const section = page.getByRole('region', { name: 'Bổ sung hồ sơ' });
    await section.getByText('Bổ sung trích lục khai tử của chồng trước.').waitFor();
    await section.locator('[data-component="divorceProof"] input[type=file]').setInputFiles({
      name: 'trich-luc-khai-tu.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfFile('Trich luc khai tu'),
    });
    await section
      .locator('[data-component="divorceProof"]')
      .getByText(/Đã tải lên/)
      .waitFor();
    await section.getByLabel('Lời nhắn cho cán bộ').fill('Tôi gửi bổ sung trích lục khai tử.');
    await fitsPhone(page);
    await shot(page, 'services-supplement-phone-vi.png');
    await section.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await page.getByText('Đã gửi phần bổ sung.').waitFor();
    await page.locator('[data-status="in_process"]').first().waitFor();
    expect(citizen.problems).toEqual([]);
  }, 60_000);

  it('the officer moves it through the workflow, approves and issues the signed result', async () => {
    const { page } = officer;
    await page.reload();
    // Forward through the workflow's steps until the last one, where approval is offered.
    const approve = page.getByRole('button', { name: 'Phê duyệt và ký kết quả' });
    for (let step = 0; step < 4 && (await approve.count()) === 0; step++) {
      await page.getByRole('button', { name: 'Chuyển bước tiếp theo' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
      await page.getByText('Đã thực hiện: Chuyển bước tiếp theo.').waitFor();
    }
    await approve.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã thực hiện: Phê duyệt và ký kết quả.').waitFor();
    await page.getByRole('link', { name: 'Tải văn bản kết quả' }).waitFor();
    await shot(page, 'services-officer-approved-vi.png');
    expect(officer.problems).toEqual([]);
  }, 60_000);

  it('the citizen downloads the result, rates the service and the QR code verifies the PDF', async () => {
    const { page } = citizen;
    await page.goto(dossierUrl);
    await page.locator('[data-status="finished"]').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải kết quả (PDF)' }).click(),
    ]);
    resultPdf = readFileSync((await download.path()) as string);
    expect(resultPdf.subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('radio', { name: 'Hài lòng', exact: true }).check();
    await page.getByLabel('Góp ý (không bắt buộc)').fill('Nhanh, không phải khai lại thông tin.');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.getByText('Cảm ơn bạn đã đánh giá.').waitFor();
    await fitsPhone(page);
    await shot(page, 'services-result-phone-vi.png');

    // The QR code printed on the PDF carries the public verification URL of this very document.
    const verifyUrl = await qrOf(resultPdf);
    expect(verifyUrl).toMatch(new RegExp(`^${base}/verify/[0-9a-f-]{36}$`));
    const verifier = await browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    await verifier.goto(verifyUrl as string);
    await verifier.getByRole('heading', { name: /Văn bản hợp lệ/ }).waitFor();
    await verifier.getByText(/Hợp lệ \(EdDSA/).waitFor();
    await verifier.getByLabel('Tệp PDF').setInputFiles({
      name: 'ket-qua.pdf',
      mimeType: 'application/pdf',
      buffer: resultPdf,
    });
    await verifier.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await verifier.getByText('Tệp trùng khớp với văn bản đã ký').waitFor();
    await shot(verifier, 'services-verify-phone-vi.png');

    // One byte changed in the document's text: the verification fails.
    const modified = Buffer.from(resultPdf);
    const at = modified.indexOf('endstream') - 10;
    modified[at] = (modified[at] as number) ^ 0x01;
    await verifier.goto(verifyUrl as string);
    await verifier.getByLabel('Tệp PDF').setInputFiles({
      name: 'ket-qua-da-sua.pdf',
      mimeType: 'application/pdf',
      buffer: modified,
    });
    await verifier.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await verifier.getByText('Tệp KHÔNG khớp với văn bản đã ký').waitFor();
    await verifier.close();

    // Every status change reached her as an in-app notice (the outbox's handler; no relay runs in tests).
    await t.platform.events.drain();
    await page.goto(`${base}/citizen/applications`);
    const notices = page.getByRole('region', { name: 'Thông báo mới' });
    await notices.getByRole('link').first().waitFor();
    expect(await notices.getByRole('link').count()).toBeGreaterThanOrEqual(3);
    await page.locator('.dossier-card [data-status="finished"]').waitFor();
    await fitsPhone(page);
    await shot(page, 'services-my-dossiers-phone-vi.png');
    expect(citizen.problems).toEqual([]);
  }, 90_000);

  it('the citizen sends a complaint about the dossier and reads the one-stop’s answer', async () => {
    const { page } = citizen;
    await page.goto(dossierUrl);
    const panel = page.locator('section', {
      has: page.getByRole('heading', { name: 'Phản ánh, kiến nghị' }),
    });
    await panel.getByText('Gửi phản ánh, kiến nghị', { exact: true }).first().click();
    await panel.getByRole('radio', { name: 'Phản ánh' }).check();
    await panel.getByLabel('Nội dung').fill('Tôi không nhận được tin nhắn khi hồ sơ có kết quả.');
    await panel.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
    await page.getByText(/Đã gửi\. Cơ quan sẽ trả lời trước ngày/).waitFor();
    await panel.getByText('Đang chờ trả lời').waitFor();

    const o = officer.page;
    await o.goto(`${base}/officer/feedback`);
    const item = o.locator('article', { hasText: 'không nhận được tin nhắn' });
    await item.waitFor();
    await item
      .getByLabel('Nội dung trả lời người dân')
      .fill('Xin lỗi bà, chúng tôi đã kiểm tra lại số điện thoại nhận tin.');
    await shot(o, 'services-officer-feedback-vi.png');
    await item.getByRole('button', { name: 'Gửi trả lời' }).click();
    await o.getByText('Đã gửi trả lời.').waitFor();
    expect(officer.problems).toEqual([]);

    await page.reload();
    await panel.getByText('đã kiểm tra lại số điện thoại').waitFor();
    await fitsPhone(page);
    await shot(page, 'services-feedback-phone-vi.png');
    expect(citizen.problems).toEqual([]);
  }, 60_000);

  it('the signed result is in the citizen’s wallet and a new application takes it from there', async () => {
    const { page } = citizen;
    await page.goto(`${base}/citizen/wallet`);
    const card = page.locator('[data-document]').first();
    await card.getByRole('heading', { name: /Giấy xác nhận tình trạng hôn nhân/ }).waitFor();
    await card.getByText('Còn hiệu lực').waitFor();
    expect(await card.getByRole('link', { name: 'Tải về (PDF)' }).getAttribute('href')).toMatch(
      /^\/api\/v1\/me\/documents\/[0-9a-f-]{36}\/file$/,
    );
    await fitsPhone(page);
    await shot(page, 'services-wallet-phone-vi.png');

    await page.goto(`${base}/citizen/services/${PROCEDURE}/apply`);
    await page.getByRole('button', { name: 'Bắt đầu khai hồ sơ' }).click();
    const declaration = page.locator('[data-component="declaration"]');
    await declaration.getByLabel('Hoặc lấy từ Ví giấy tờ').waitFor();
    await declaration.getByRole('button', { name: 'Dùng giấy tờ này' }).click();
    await declaration.getByText(/Đã tải lên/).waitFor();
    await fitsPhone(page);
    expect(citizen.problems).toEqual([]);
  }, 60_000);

  it('anyone looks the dossier up by its receipt code and sees the status, nothing personal', async () => {
    const page = await browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    await page.goto(`${base}/public/dossier-lookup`);
    await page.getByLabel('Mã hồ sơ').fill(receiptCode);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByRole('heading', { name: receiptCode }).waitFor();
    await page.locator('[data-status="finished"]').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
    expect(text).not.toContain('Lê Thị Hoa');
    await shot(page, 'services-lookup-phone-vi.png');
    await page.close();
  }, 30_000);

  it('at the counter, the officer files for a walk-in resident found by personal ID', async () => {
    const walkIn = await addResident(t.platform, 602);
    const { page } = officer;
    await page.goto(`${base}/officer/cases`);
    await page.getByRole('link', { name: 'Tiếp nhận tại quầy' }).click();
    await page.getByLabel('Số định danh cá nhân của công dân').fill(walkIn.personalId);
    await page.getByLabel('Tìm thủ tục').fill('doc than');
    await page.getByLabel('Thủ tục', { exact: true }).selectOption(PROCEDURE);
    // The registry's fields are not asked for; the rest of the form is.
    await page
      .getByText(/Lấy tự động từ CSDL dân cư khi tiếp nhận: Họ, chữ đệm, tên người yêu cầu/)
      .waitFor();
    expect(await page.getByLabel(/Họ, chữ đệm, tên người yêu cầu/).count()).toBe(0);
    await page.getByLabel(/Số điện thoại liên hệ/).fill('0987654321');
    await page.getByLabel(/Mục đích sử dụng/).fill('Làm thủ tục vay vốn ngân hàng');
    await shot(page, 'services-officer-counter-vi.png');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.waitForURL(/\/officer\/cases\/[0-9a-f-]{36}$/);
    await page.getByText(walkIn.fullName).first().waitFor();
    await page.getByText('Trực tiếp').first().waitFor();
    const code = (await page.locator('[data-receipt-code]').first().textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-Z.]+-\d{6}-\d{4}$/);
    expect(officer.problems).toEqual([]);
  }, 60_000);

  it('the public statistics count the month’s dossiers and score the Decision 766 indicators', async () => {
    const page = await browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    await page.goto(`${base}/public/service-indicators`);
    const stats = page.getByRole('region', { name: /Thống kê giải quyết hồ sơ/ });
    await stats.locator('.stats-total').waitFor();
    expect(Number(await stats.locator('.stats-total td').first().textContent())).toBeGreaterThanOrEqual(2);
    const indicators = page.getByRole('region', { name: /Quyết định 766/ });
    await indicators.getByText('Công khai, minh bạch').waitFor();
    await indicators
      .locator('.indicator-total')
      .getByText(/Tổng điểm/)
      .waitFor();
    await fitsPhone(page);
    await shot(page, 'services-indicators-phone-vi.png');
    await page.close();
  }, 30_000);
});
