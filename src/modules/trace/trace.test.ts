import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/platform.ts';
import { withCheckDigit } from './gs1.ts';
import { DEMO_GTINS, DEMO_MEMBERS, seedDemoTrace } from './seed.ts';
import { VIEW_TTL_MS } from './service.ts';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
const cookies: Record<string, string> = {};
const businessIds: Record<string, string> = {};
let authorityCookie = '';

async function signIn(name: string): Promise<string> {
  const { platform } = ctx;
  const user = await platform.auth.findOfficerByName(name);
  if (!user) throw new Error(`no user ${name}`);
  const { session } = await platform.auth.redeemLink(await platform.auth.issueLink(user.id), 'test');
  return `citizen_session=${session}`;
}

beforeAll(async () => {
  ctx = await createTestApp();
  await seedDemoTrace(ctx.platform);
  for (const m of DEMO_MEMBERS) cookies[m.business] = await signIn(m.name);
  for (const m of DEMO_MEMBERS) {
    const me = await ctx.app.inject({ url: '/api/v1/trace/me', headers: { cookie: cookies[m.business] } });
    businessIds[m.business] = me.json().memberships[0].businessId;
  }
  const authority = await ctx.platform.auth.addOfficer({
    name: 'Thanh tra tỉnh (test)',
    roles: [],
    jurisdiction: { level: 'province', code: '38' },
  });
  const { session } = await ctx.platform.auth.redeemLink(
    await ctx.platform.auth.issueLink(authority.id),
    't',
  );
  authorityCookie = `citizen_session=${session}`;
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const nem = DEMO_GTINS.nem.padStart(14, '0');
const mam = DEMO_GTINS.mam.padStart(14, '0');
const buoi = DEMO_GTINS.buoi.padStart(14, '0');

describe('resolver: content negotiation', () => {
  it('serves the consumer page to browsers, in Vietnamese or English', async () => {
    const res = await ctx.app.inject({
      url: `/01/${nem}/10/NC2501`,
      headers: { accept: 'text/html,*/*;q=0.8' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers.link).toContain('rel="linkset"');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('Nem chua Thanh Hóa 500 g');
    expect(res.body).toContain('Phường Hạc Thành');
    expect(res.body).toContain('Xuất hàng'); // the journey's shipping step
    const en = await ctx.app.inject({
      url: `/01/${nem}/10/NC2501?lang=en`,
      headers: { accept: 'text/html' },
    });
    expect(en.body).toContain('Thanh Hóa fermented pork roll');
    expect(en.body).toContain('Journey');
  });

  it('answers apps with a linkset of GS1 link types', async () => {
    const res = await ctx.app.inject({
      url: `/01/${nem}/10/NC2501`,
      headers: { accept: 'application/linkset+json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/linkset\+json/);
    const set = res.json().linkset[0];
    expect(set.anchor).toMatch(new RegExp(`/01/${nem}/10/NC2501$`));
    for (const type of ['pip', 'defaultLink', 'traceability', 'certificationInfo', 'recallStatus'])
      expect(set[`https://gs1.org/voc/${type}`], type).toBeInstanceOf(Array);
    const viaQuery = await ctx.app.inject({
      url: `/01/${nem}?linkType=linkset`,
      headers: { accept: 'text/html' },
    });
    expect(viaQuery.headers['content-type']).toMatch(/linkset/);
  });

  it('redirects a linkType request to that link', async () => {
    const res = await ctx.app.inject({ url: `/01/${mam}/10/BL2509?linkType=gs1:recallStatus` });
    expect(res.statusCode).toBe(307);
    expect(res.headers.location).toContain('/api/v1/trace/public/recall-status?code=');
    const status = await ctx.app.inject({ url: res.headers.location as string });
    expect(status.json()).toMatchObject({ recalled: true });
  });

  it('answers unknown codes 404 and malformed codes 400, as problem+json or a page', async () => {
    const unknown = withCheckDigit('893699900001').padStart(14, '0');
    const a = await ctx.app.inject({ url: `/01/${unknown}`, headers: { accept: 'application/json' } });
    expect(a.statusCode).toBe(404);
    expect(a.headers['content-type']).toMatch(/problem\+json/);
    expect(a.json().code).toBe('trace.code_not_found');
    const b = await ctx.app.inject({
      url: `/01/${nem.slice(0, 13)}9`,
      headers: { accept: 'application/linkset+json' },
    });
    expect(b.statusCode).toBe(400);
    expect(b.json().code).toBe('trace.invalid_gtin');
    const c = await ctx.app.inject({ url: `/01/${unknown}`, headers: { accept: 'text/html' } });
    expect(c.statusCode).toBe(404);
    expect(c.body).toContain('Không tìm thấy sản phẩm');
    const d = await ctx.app.inject({ url: `/01/${nem}/21/A/10/B`, headers: { accept: 'text/html' } });
    expect(d.statusCode).toBe(400);
    expect(d.body).toContain('Mã không hợp lệ');
  });

  it('resolves the compressed form to the same product', async () => {
    const { compressElements } = await import('./gs1.ts');
    const res = await ctx.app.inject({
      url: `/${compressElements({ '01': buoi, '21': 'LV0003' })}`,
      headers: { accept: 'application/linkset+json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().linkset[0].anchor).toMatch(new RegExp(`/01/${buoi}/21/LV0003$`));
  });

  it('leaves root paths that are not compressed codes to the web app', async () => {
    const res = await ctx.app.inject({ url: '/khong-co-trang-nay', headers: { accept: 'text/html' } });
    // The app's own answer for an unknown path: its page (when the web app is built) or a 404 problem.
    if (String(res.headers['content-type']).includes('json')) expect(res.json().code).toBe('http.not_found');
    else expect(res.body).toContain('<div id="root">');
    expect(res.body).not.toContain('Digital Link');
  });

  it('publishes a resolver description file', async () => {
    const res = await ctx.app.inject({ url: '/.well-known/gs1resolver' });
    expect(res.json()).toMatchObject({ supportedPrimaryKeys: ['01'], linkTypeDefaultCanBeLinkset: true });
  });
});

describe('scan page warnings', () => {
  it('warns of a recall, of expiry, and of a serial already sold', async () => {
    const scan = async (code: string) =>
      (await ctx.app.inject({ url: `/api/v1/trace/public/items?code=${encodeURIComponent(code)}` })).json();
    const recalled = await scan(`/01/${mam}/10/BL2509`);
    expect(recalled.warnings.map((w: { kind: string }) => w.kind)).toContain('recalled');
    expect(recalled.recalls[0].reason).toMatch(/histamine/);
    const fine = await scan(`/01/${mam}/10/BL2507`);
    expect(fine.warnings).toEqual([]);
    expect(fine.journey.map((s: { step: string }) => s.step)).toEqual([
      'commissioning',
      'shipping',
      'receiving',
      'shipping',
      'receiving',
    ]);
    const expired = await scan(`/01/${nem}/10/NC2488`);
    expect(expired.warnings.map((w: { kind: string }) => w.kind)).toContain('expired');
    const sold = await scan(`/01/${buoi}/21/LV0001`);
    expect(sold.warnings.map((w: { kind: string }) => w.kind)).toContain('already_sold');
    const forged = await scan(`/01/${buoi}/21/LV9999`);
    expect(forged.warnings.map((w: { kind: string }) => w.kind)).toContain('unknown_serial');
    const tampered = await scan(`/01/${nem}/10/NC2501?17=991231`);
    expect(tampered.warnings.map((w: { kind: string }) => w.kind)).toContain('expiry_mismatch');
  });

  it('shows certifications with their validity', async () => {
    const view = (await ctx.app.inject({ url: `/api/v1/trace/public/items?code=/01/${buoi}` })).json();
    const byScheme = Object.fromEntries(
      view.certifications.map((c: { scheme: string; valid: boolean }) => [c.scheme, c.valid]),
    );
    expect(byScheme).toEqual({ vietgap: true, organic: false });
  });
});

describe('receiving check verdicts', () => {
  const check = (code: string, who = 'mart') =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/trace/businesses/${businessIds[who]}/receiving-checks`,
      headers: { cookie: cookies[who] as string },
      payload: { code },
    });

  it('genuine: a batch shipped to this retailer; records a receiving event', async () => {
    const res = await check(`https://example.vn/01/${nem}/10/NC2501`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ verdict: 'genuine', lot: 'NC2501' });
    expect(res.json().receivingEventId).toMatch(/^urn:uuid:/);
    const events = await ctx.app.inject({
      url: `/epcis/events?EQ_bizStep=receiving&MATCH_epcClass=${encodeURIComponent(`https://id.gs1.org/01/${nem}/10/NC2501`)}`,
      headers: { cookie: cookies.mart as string },
    });
    expect(events.json().epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
  });

  it('expired, recalled, duplicate serial, not shipped here, unknown', async () => {
    expect((await check(`/01/${nem}/10/NC2488`)).json().verdict).toBe('expired');
    expect((await check(`/01/${mam}/10/BL2509`)).json().verdict).toBe('recalled');
    expect((await check(`/01/${buoi}/21/LV0001`)).json().verdict).toBe('duplicate'); // received and sold already
    expect((await check(`/01/${buoi}/21/LV0002`)).json().verdict).toBe('genuine');
    expect((await check(`/01/${buoi}/21/LV0002`)).json().verdict).toBe('duplicate'); // the same label twice
    expect((await check(`/01/${buoi}/21/LV0010`)).json().verdict).toBe('not_shipped_here'); // harvested, never shipped
    expect((await check(`/01/${buoi}/21/LV9999`)).json().verdict).toBe('unknown');
    expect((await check(`/01/${nem}/10/NOPE1`)).json().verdict).toBe('unknown');
    expect((await check(`/01/${nem}/10/NC2501`, 'npp')).json().verdict).toBe('not_shipped_here');
  });

  it('refuses malformed codes and other businesses', async () => {
    expect((await check('/01/123')).statusCode).toBe(400);
    const other = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/trace/businesses/${businessIds.nem}/receiving-checks`,
      headers: { cookie: cookies.mart as string },
      payload: { code: `/01/${nem}/10/NC2501` },
    });
    expect(other.statusCode).toBe(403);
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/trace/businesses/${businessIds.mart}/receiving-checks`,
      payload: { code: `/01/${nem}/10/NC2501` },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('recalls', () => {
  it('the authority recalls a batch; scans and checks warn; handlers notify the businesses that handled it', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/trace/recalls',
      headers: { cookie: authorityCookie },
      payload: { gtin: DEMO_GTINS.nem, lot: 'NC2501', reason: 'Nghi nhiễm Salmonella (kiểm tra)' },
    });
    expect(res.statusCode).toBe(201);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/trace/recalls',
      headers: { cookie: authorityCookie },
      payload: { gtin: DEMO_GTINS.nem, lot: 'NC2501', reason: 'again' },
    });
    expect(again.statusCode).toBe(409);
    const page = await ctx.app.inject({ url: `/01/${nem}/10/NC2501`, headers: { accept: 'text/html' } });
    expect(page.body).toContain('Salmonella');
    await ctx.platform.events.drain();
    const notes = await ctx.app.inject({
      url: `/api/v1/trace/businesses/${businessIds.mart}/notifications`,
      headers: { cookie: cookies.mart as string },
    });
    expect(notes.json().items.map((n: { lot: string }) => n.lot)).toContain('NC2501');
    const npp = await ctx.app.inject({
      url: `/api/v1/trace/businesses/${businessIds.npp}/notifications`,
      headers: { cookie: cookies.npp as string },
    });
    expect(npp.json().items.map((n: { lot: string }) => n.lot)).not.toContain('NC2501');
  });

  it('a recall made through this node shows at once; one made elsewhere within the view TTL', async () => {
    const status = async (code: string) =>
      (
        await ctx.app.inject({ url: `/api/v1/trace/public/recall-status?code=${encodeURIComponent(code)}` })
      ).json().recalled as boolean;
    const product = await ctx.platform.db
      .selectFrom('trace.product')
      .select(['id'])
      .where('gtin', '=', buoi)
      .executeTakeFirstOrThrow();
    const code = `/01/${buoi}`;
    expect(await status(code)).toBe(false); // now cached
    // Another node (or the CLI) records a recall: this process learns of it only when the view expires.
    const id = crypto.randomUUID();
    await sql`insert into trace.recall (id, product_id, lot, reason, issued_by_kind, issued_by, issued_at)
      values (${id}, ${product.id}, null, 'elsewhere', 'authority', 'test', now())`.execute(ctx.platform.db);
    const seenAt = Date.now();
    let recalled = await status(code);
    while (!recalled && Date.now() - seenAt < 3000) {
      await new Promise((r) => setTimeout(r, 50));
      recalled = await status(code);
    }
    expect(recalled).toBe(true);
    expect(Date.now() - seenAt).toBeLessThanOrEqual(VIEW_TTL_MS + 500);
    // Ending it through this node's API drops the cached view at once.
    const end = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/trace/recalls/${id}/end`,
      headers: { cookie: authorityCookie },
    });
    expect(end.statusCode).toBeLessThan(300);
    expect(await status(code)).toBe(false);
  });

  it('only the producer’s manager or the authority may recall', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/trace/recalls',
      headers: { cookie: cookies.mart as string },
      payload: { gtin: DEMO_GTINS.buoi, reason: 'not mine' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('QR codes and label sheets', () => {
  it('prints a PDF label sheet for the producer’s manager only, and QR codes for anyone', async () => {
    const url = `/api/v1/trace/businesses/${businessIds.buoi}/products/${buoi}/batches/LV2511/labels.pdf`;
    const pdf = await ctx.app.inject({ url, headers: { cookie: cookies.buoi as string } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(10_000); // 12 QR images and an embedded font subset
    expect((await ctx.app.inject({ url, headers: { cookie: cookies.mart as string } })).statusCode).toBe(403);
    const svg = await ctx.app.inject({
      url: `/api/v1/trace/public/qr?code=${encodeURIComponent(`/01/${buoi}/21/LV0002`)}`,
    });
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(svg.body).toContain('<svg');
    const png = await ctx.app.inject({ url: `/api/v1/trace/public/qr?format=png&code=/01/${buoi}` });
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await ctx.app.inject({ url: '/api/v1/trace/public/qr?code=/01/123' })).statusCode).toBe(400);
  });
});

describe('anti-counterfeit: scans of one serial in distant communes', () => {
  const scanAt = (code: string, commune: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/trace/public/scans', payload: { code, commune } });

  /** Communes of Thanh Hóa: A (the pomelo's origin), B sharing no former district with A, C sharing one. */
  async function communes() {
    const rows = await sql<{ commune_code: string; old_district_name: string }>`
      select o.commune_code, o.old_district_name from reference.commune_origin o
      join reference.admin_unit u on u.code = o.commune_code and u.version = '2025' and u.level = 'commune'
      where u.province_code = '38' and o.old_district_name is not null`.execute(ctx.platform.db);
    const districts = new Map<string, Set<string>>();
    for (const r of rows.rows) {
      const set = districts.get(r.commune_code) ?? new Set();
      set.add(r.old_district_name);
      districts.set(r.commune_code, set);
    }
    const a = '15544';
    const of = (c: string) => districts.get(c) ?? new Set<string>();
    const shares = (c: string) => [...of(c)].some((d) => of(a).has(d));
    const b = [...districts.keys()].find((c) => c !== a && !shares(c));
    const c = [...districts.keys()].find((x) => x !== a && shares(x));
    if (!b || !c) throw new Error('the reference data lacks the communes this test needs');
    return { a, b, c };
  }

  it('flags a serial scanned in two distant communes within the window; near ones and old scans do not', async () => {
    const { a, b, c } = await communes();
    const code = `/01/${buoi}/21/LV0001`;
    const first = await scanAt(code, a);
    expect(first.statusCode).toBe(201);
    expect(first.json().flagged).toBe(false);
    // A neighbouring commune (formed from units of the same former district) is not distant.
    expect((await scanAt(code, c)).json().flagged).toBe(false);
    const far = await scanAt(code, b);
    expect(far.json().flagged).toBe(true);
    expect(far.json().warnings.map((w: { kind: string }) => w.kind)).toContain('distant_scans');
    // Later scans warn, on the page and in the public API; the page offers the commune picker.
    const page = await ctx.app.inject({ url: code, headers: { accept: 'text/html' } });
    expect(page.body).toContain('hai nơi cách xa nhau');
    expect(page.body).toContain('action="/api/v1/trace/public/scans"');
    expect(page.body).toContain(`<option value="${b}">`);
    // The page's form posts urlencoded and goes back to the page.
    const form = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/trace/public/scans',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ code, commune: b, lang: 'en' }).toString(),
    });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`${code}?lang=en`);
    const item = await ctx.app.inject({ url: `/api/v1/trace/public/items?code=${encodeURIComponent(code)}` });
    expect(item.json().warnings.map((w: { kind: string }) => w.kind)).toContain('distant_scans');
    // Once flagged, a flag and an outbox event per serial, however many scans follow.
    await scanAt(code, a);
    const events = await ctx.platform.db
      .selectFrom('platform.event')
      .select(['payload'])
      .where('topic', '=', 'trace.serial.flagged')
      .execute();
    const mine = events.filter((e) => (e.payload as { serial: string }).serial === 'LV0001');
    expect(mine).toHaveLength(1);
    expect(mine.map((e) => (e.payload as { communes: string[] }).communes)).toEqual([[c, b]]);

    // A retailer checking the item is warned beside the verdict.
    const checked = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/trace/businesses/${businessIds.mart}/receiving-checks`,
      headers: { cookie: cookies.mart as string },
      payload: { code },
    });
    expect(checked.json().reasons.map((r: { code: string }) => r.code)).toContain('distant_scans');

    // The brand owner and the authority see it; another business does not.
    const owner = await ctx.app.inject({
      url: `/api/v1/trace/businesses/${businessIds.buoi}/flags`,
      headers: { cookie: cookies.buoi as string },
    });
    expect(owner.statusCode).toBe(200);
    const flag = owner.json().items.find((f: { serial: string }) => f.serial === 'LV0001');
    expect(flag.scans.map((s: { place: { communeCode: string } }) => s.place.communeCode)).toEqual([c, b]);
    const authority = await ctx.app.inject({
      url: '/api/v1/trace/flags',
      headers: { cookie: authorityCookie },
    });
    expect(authority.json().items.map((f: { serial: string }) => f.serial)).toContain('LV0001');
    const other = await ctx.app.inject({
      url: `/api/v1/trace/businesses/${businessIds.buoi}/flags`,
      headers: { cookie: cookies.mart as string },
    });
    expect(other.statusCode).toBe(403);
    const notAuthority = await ctx.app.inject({
      url: '/api/v1/trace/flags',
      headers: { cookie: cookies.mart as string },
    });
    expect(notAuthority.statusCode).toBe(403);

    // A distant scan older than the window does not flag.
    const product = await ctx.platform.db
      .selectFrom('trace.product')
      .select(['id'])
      .where('gtin', '=', buoi)
      .executeTakeFirstOrThrow();
    const old = new Date(Date.now() - (ctx.platform.config.traceScanWindowMinutes + 5) * 60_000);
    await sql`insert into trace.scan (id, product_id, serial, commune_code, scanned_at)
      values (${crypto.randomUUID()}, ${product.id}, 'LV0002', ${b}, ${old})`.execute(ctx.platform.db);
    expect((await scanAt(`/01/${buoi}/21/LV0002`, a)).json().flagged).toBe(false);
  });

  it('refuses codes without a serial, unknown products and communes', async () => {
    const noSerial = await scanAt(`/01/${buoi}/10/LV2511`, '15544');
    expect(noSerial.statusCode).toBe(400);
    expect(noSerial.json().code).toBe('trace.serial_required');
    const unknown = withCheckDigit('893699900001').padStart(14, '0');
    expect((await scanAt(`/01/${unknown}/21/X1`, '15544')).statusCode).toBe(404);
    const commune = await scanAt(`/01/${buoi}/21/LV0003`, '99999');
    expect(commune.statusCode).toBe(422);
    expect(commune.json().code).toBe('trace.unknown_commune');
    expect((await scanAt(`/01/${buoi}/21/LV0003`, 'Hạc Thành')).statusCode).toBe(400);
    expect((await scanAt('not a code', '15544')).statusCode).toBe(400);
  });
});
