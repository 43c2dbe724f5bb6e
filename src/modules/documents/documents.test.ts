import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { sql } from 'kysely';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../../test/platform.ts';
import {
  createDocuments,
  documentIdOf,
  documentsCommand,
  type IssuedDocument,
  pdfText,
  sha256Hex,
} from './index.ts';
import { VERIFY_LIMIT } from './routes.ts';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let documents: ReturnType<typeof createDocuments>;
let doc: IssuedDocument;

const PROVINCE = { code: '000.00.00.H56', name: 'Ủy ban nhân dân tỉnh Thanh Hóa' };
const JUSTICE = { code: '000.00.08.H56', name: 'Sở Tư pháp tỉnh Thanh Hóa' };
const HOLDER = '038190001234';

const issue = (agency = PROVINCE, title = 'Giấy xác nhận tình trạng hôn nhân') =>
  ctx.platform.db.transaction().execute((tx) =>
    documents.issue(tx, {
      kind: 'procedure-result',
      title,
      agency,
      holderPersonalId: HOLDER,
      reference: '000.00.00.H56-261127-0001',
      lines: [
        { label: 'Họ, chữ đệm, tên', value: 'Nguyễn Thị Hường' },
        { label: 'Ngày, tháng, năm sinh', value: '12/03/1990' },
        { label: 'Nơi cư trú', value: 'Phường Hạc Thành, tỉnh Thanh Hóa' },
        { label: 'Tình trạng hôn nhân', value: 'Chưa đăng ký kết hôn với ai' },
        { label: 'Mục đích sử dụng', value: 'Để làm thủ tục đăng ký kết hôn. '.repeat(8) },
      ],
    }),
  );

const verify = (id: string, body: Uint8Array | string, contentType = 'application/pdf') =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/documents/${id}/verify`,
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : Buffer.from(body),
  });

function multipart(data: Uint8Array) {
  const boundary = '----citizen-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ket-qua.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  ctx = await createTestApp();
  documents = createDocuments(ctx.platform);
  doc = await issue();
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

describe('issuing', () => {
  it('returns the PDF, its digest, the verification URL and a JWS', async () => {
    expect(Buffer.from(doc.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(doc.sha256).toBe(sha256Hex(doc.pdf));
    expect(doc.verifyUrl).toBe(`${ctx.platform.config.publicUrl}/verify/${doc.id}`);
    expect(doc.jws.split('.')).toHaveLength(3);
    expect(Buffer.from(await documents.file(doc.id)).equals(Buffer.from(doc.pdf))).toBe(true);
  });

  it('prints the Vietnamese text with an embedded Unicode font, and the verification URL', async () => {
    const text = await pdfText(doc.pdf);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN');
    expect(text).toContain('Nguyễn Thị Hường');
    expect(text).toContain('Phường Hạc Thành, tỉnh Thanh Hóa');
    expect(text).toContain(doc.id);
    expect(text).not.toContain('\uFFFD');
    // The URL in the footer (wrapped across lines by width) is the one the QR code carries.
    expect(text.replace(/\s+/g, '')).toContain(doc.verifyUrl);
    const loaded = await PDFDocument.load(doc.pdf);
    // The TrueType program itself is embedded (FontFile2), not a reference to a font the reader may lack.
    const embedded = loaded.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (o): o is PDFDict =>
          o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
      )
      .filter((d) => d.get(PDFName.of('FontFile2')) !== undefined)
      .map((d) => String(d.get(PDFName.of('FontName'))));
    expect(embedded.some((name) => name.includes('BeVietnamPro-Regular'))).toBe(true);
    expect(embedded.some((name) => name.includes('BeVietnamPro-Bold'))).toBe(true);
    expect(loaded.getTitle()).toBe('Giấy xác nhận tình trạng hôn nhân');
    expect(loaded.getKeywords()).toContain(doc.id);
  });

  it('stores the PDF and the holder sealed, never in clear', async () => {
    const row = await ctx.platform.db
      .selectFrom('documents.document')
      .select(['pdf_sealed', 'holder_sealed'])
      .where('id', '=', doc.id)
      .executeTakeFirstOrThrow();
    expect(row.pdf_sealed).toMatch(/^v1\./);
    expect(row.holder_sealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(HOLDER);
  });

  it('signs with each agency’s own key, created once, published in the JWKS', async () => {
    const second = await issue();
    const other = await issue(JUSTICE, 'Phiếu lý lịch tư pháp số 1');
    const kid = (d: IssuedDocument) => decodeProtectedHeader(d.jws).kid;
    expect(kid(second)).toBe(kid(doc));
    expect(kid(other)).not.toBe(kid(doc));
    const res = await ctx.app.inject({ url: '/api/v1/documents/keys' });
    expect(res.statusCode).toBe(200);
    const jwks = res.json() as { keys: { kid: string; agency: string; d?: string }[] };
    expect(jwks.keys.find((k) => k.kid === kid(doc))?.agency).toBe(PROVINCE.code);
    expect(jwks.keys.find((k) => k.kid === kid(other))?.agency).toBe(JUSTICE.code);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });

  it('the JWS verifies against the published JWKS and states the PDF’s digest', async () => {
    const jwks = (await ctx.app.inject({ url: '/api/v1/documents/keys' })).json();
    const { payload, protectedHeader } = await compactVerify(doc.jws, createLocalJWKSet(jwks));
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'citizen-document+jws' });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toEqual({
      id: doc.id,
      sha256: sha256Hex(doc.pdf),
      agency: PROVINCE.code,
      kind: 'procedure-result',
      issuedAt: doc.issuedAt,
    });
    const key = jwks.keys.find((k: { kid: string }) => k.kid === protectedHeader.kid);
    expect(key.agency).toBe(claims.agency);
  });

  it('refuses bad input', async () => {
    await expect(
      ctx.platform.db.transaction().execute((tx) =>
        documents.issue(tx, {
          kind: 'Kết quả',
          title: '',
          agency: PROVINCE,
          holderPersonalId: '123',
          lines: [],
        }),
      ),
    ).rejects.toMatchObject({ code: 'documents.invalid_input', status: 422 });
  });

  it('publishes documents.issued in the issuing transaction', async () => {
    const events = await sql<{ n: number }>`
      select count(*)::int as n from platform.event where topic = 'documents.issued' and payload->>'id' = ${doc.id}
    `.execute(ctx.platform.db);
    expect(events.rows[0]?.n).toBe(1);
  });
});

describe('public metadata', () => {
  it('shows issuer, kind, date, digest, status and the JWS, and nothing about the holder', async () => {
    const res = await ctx.app.inject({ url: `/api/v1/documents/${doc.id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: doc.id,
      kind: 'procedure-result',
      title: 'Giấy xác nhận tình trạng hôn nhân',
      agency: PROVINCE,
      issuedAt: doc.issuedAt,
      sha256: doc.sha256,
      status: 'valid',
      revokedAt: null,
      jws: doc.jws,
      signatureValid: true,
      verifyUrl: doc.verifyUrl,
    });
    expect(res.body).not.toContain(HOLDER);
    expect(res.body).not.toContain('Nguyễn Thị Hường');
  });

  it('answers 404 problem+json for an unknown id and 400 for a malformed one', async () => {
    const missing = await ctx.app.inject({ url: '/api/v1/documents/01900000-0000-7000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.json().code).toBe('documents.not_found');
    const malformed = await ctx.app.inject({ url: '/api/v1/documents/not-a-uuid' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('http.validation_failed');
    await expect(documents.file('01900000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'documents.not_found',
    });
  });
});

describe('verifying a file', () => {
  it('accepts the signed PDF byte for byte', async () => {
    const res = await verify(doc.id, doc.pdf);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      valid: true,
      reason: 'identical',
      sha256: doc.sha256,
      expected: doc.sha256,
    });
  });

  it('fails a PDF with one byte changed', async () => {
    const changed = new Uint8Array(doc.pdf);
    const at = Math.floor(changed.length / 2);
    changed[at] = (changed[at] as number) ^ 0x01;
    const res = await verify(doc.id, changed);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: false, reason: 'modified', expected: doc.sha256 });
    expect(res.json().sha256).not.toBe(doc.sha256);
  });

  it('fails a PDF re-saved with the same content (not the signed bytes)', async () => {
    const resaved = await (await PDFDocument.load(doc.pdf)).save();
    expect((await verify(doc.id, resaved)).json()).toMatchObject({ valid: false, reason: 'modified' });
  });

  it('answers 404 for an unknown document, 415 for another content type, 413 above the limit, 400 empty', async () => {
    const missing = await verify('01900000-0000-7000-8000-000000000000', doc.pdf);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('documents.not_found');
    for (const type of ['application/json', 'text/plain', 'image/png', 'multipart/form-data; boundary=x']) {
      const res = await verify(doc.id, type === 'application/json' ? '{}' : 'x', type);
      expect(res.statusCode, type).toBe(415);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('documents.not_a_pdf');
    }
    const big = await verify(doc.id, new Uint8Array(VERIFY_LIMIT + 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('http.payload_too_large');
    const empty = await verify(doc.id, new Uint8Array(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('documents.empty_file');
  });

  it('reports a signature that no longer matches the stored facts', async () => {
    const forged = await issue(JUSTICE, 'Bản sao trích lục khai sinh');
    const fake = 'f'.repeat(64);
    await ctx.platform.db
      .updateTable('documents.document')
      .set({ sha256: fake })
      .where('id', '=', forged.id)
      .execute();
    const info = (await ctx.app.inject({ url: `/api/v1/documents/${forged.id}` })).json();
    expect(info.signatureValid).toBe(false);
    expect((await verify(forged.id, forged.pdf)).json()).toMatchObject({
      valid: false,
      reason: 'signature_invalid',
    });
  });
});

describe('the verification page', () => {
  it('shows the issuer, kind, date, digest and signature in Vietnamese, with a strict CSP and no holder data', async () => {
    const res = await ctx.app.inject({ url: `/verify/${doc.id}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toContain('script-src');
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('Văn bản hợp lệ');
    expect(res.body).toContain(PROVINCE.name);
    expect(res.body).toContain('Giấy xác nhận tình trạng hôn nhân');
    expect(res.body).toContain(doc.sha256);
    expect(res.body).toContain('Hợp lệ (EdDSA');
    expect(res.body).toContain('type="file"');
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toContain('name="viewport"');
    expect(res.body).not.toContain(HOLDER);
    expect(res.body).not.toContain('Nguyễn Thị Hường');
    const en = await ctx.app.inject({ url: `/verify/${doc.id}?lang=en` });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Valid document');
  });

  it('answers an unknown document with a 404 page', async () => {
    for (const id of ['01900000-0000-7000-8000-000000000000', 'khong-co']) {
      const res = await ctx.app.inject({ url: `/verify/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('Không tìm thấy văn bản');
    }
  });

  it('checks an uploaded file: the signed one matches, a modified one does not', async () => {
    const same = await ctx.app.inject({ method: 'POST', url: `/verify/${doc.id}`, ...multipart(doc.pdf) });
    expect(same.statusCode).toBe(200);
    expect(same.body).toContain('Tệp trùng khớp với văn bản đã ký');
    const changed = new Uint8Array(doc.pdf);
    changed[100] = (changed[100] as number) ^ 0xff;
    const other = await ctx.app.inject({
      method: 'POST',
      url: `/verify/${doc.id}?lang=en`,
      ...multipart(changed),
    });
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain('The file does NOT match the signed document');
    expect(other.body).toContain(sha256Hex(changed));
    const none = await ctx.app.inject({
      method: 'POST',
      url: `/verify/${doc.id}`,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--\r\n',
    });
    expect(none.body).toContain('Chưa chọn tệp PDF.');
  });

  it('answers an oversize upload with a page, not JSON', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/verify/${doc.id}`,
      ...multipart(new Uint8Array(VERIFY_LIMIT + 128 * 1024)),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('revocation', () => {
  it('revokes once: the document then fails verification and the page says so', async () => {
    const victim = await issue(PROVINCE, 'Giấy phép xây dựng');
    const revoked = await ctx.platform.db
      .transaction()
      .execute((tx) => documents.revoke(tx, victim.id, 'Cấp nhầm đối tượng'));
    expect(revoked.status).toBe('revoked');
    expect(revoked.revokedAt).not.toBeNull();
    const info = (await ctx.app.inject({ url: `/api/v1/documents/${victim.id}` })).json();
    expect(info).toMatchObject({ status: 'revoked', signatureValid: true });
    expect(JSON.stringify(info)).not.toContain('Cấp nhầm');
    expect((await verify(victim.id, victim.pdf)).json()).toMatchObject({ valid: false, reason: 'revoked' });
    const page = await ctx.app.inject({ url: `/verify/${victim.id}` });
    expect(page.body).toContain('Văn bản đã bị thu hồi');
    await expect(
      ctx.platform.db.transaction().execute((tx) => documents.revoke(tx, victim.id, 'lần hai')),
    ).rejects.toMatchObject({ code: 'documents.already_revoked', status: 409 });
    const events = await sql<{ n: number }>`
      select count(*)::int as n from platform.event where topic = 'documents.revoked' and payload->>'id' = ${victim.id}
    `.execute(ctx.platform.db);
    expect(events.rows[0]?.n).toBe(1);
  });
});

describe('citizen documents verify', () => {
  it('finds the id in the PDF and exits 0 for the signed file, 2 for a modified one', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'documents-'));
    const good = path.join(dir, 'ket-qua.pdf');
    const bad = path.join(dir, 'sua.pdf');
    await writeFile(good, doc.pdf);
    const changed = new Uint8Array(doc.pdf);
    changed[200] = (changed[200] as number) ^ 0x20;
    await writeFile(bad, changed);
    expect(await documentIdOf(doc.pdf)).toBe(doc.id);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await documentsCommand(ctx.platform, ['verify', good])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('VALID: the file is the signed document.');
      expect(await documentsCommand(ctx.platform, ['verify', bad, '--id', doc.id])).toBe(2);
      expect(
        await documentsCommand(ctx.platform, [
          'verify',
          good,
          '--id',
          '01900000-0000-7000-8000-000000000000',
        ]),
      ).toBe(2);
      await writeFile(bad, 'not a pdf');
      await expect(documentsCommand(ctx.platform, ['verify', bad])).rejects.toThrow(/names no document id/);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
