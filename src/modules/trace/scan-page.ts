/**
 * The consumer scan page: server-rendered HTML, no script, one inline stylesheet allowed by its hash, so
 * a cheap phone on a slow network shows the answer after one request. Vietnamese by default, English on
 * request (?lang=en or Accept-Language).
 */
import { createHash } from 'node:crypto';
import type { Lang } from '../../platform/i18n/index.ts';
import type { Trace } from './service.ts';

type ScanView = Awaited<ReturnType<Trace['scan']>>;

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f5f6f4}
header{background:#14532d;color:#fff;padding:.75rem 1rem;display:flex;justify-content:space-between;align-items:center;gap:.5rem}
header a{color:#fff}.brand{font-weight:700}main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.25rem 0 .5rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
section,.card{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0002}
.warn{border-left:.4rem solid #b91c1c;background:#fef2f2}.warn strong{color:#991b1b}
.ok{border-left:.4rem solid #15803d;background:#f0fdf4}.muted{color:#555;font-size:.9rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:0}dt{color:#555}dd{margin:0}
ol.timeline{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid #15803d}
ol.timeline li{position:relative;margin:0 0 1rem;padding-left:.5rem}
ol.timeline li:before{content:"";position:absolute;left:-1.45rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;background:#15803d}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-size:.85rem;background:#dcfce7;color:#14532d}
.badge.expired{background:#fee2e2;color:#991b1b}img.product{max-width:100%;border-radius:.5rem}
label{display:block;margin:.5rem 0 .25rem;font-weight:600}textarea,input{width:100%;font:inherit;padding:.5rem;border:1px solid #888;border-radius:.25rem}
button{font:inherit;padding:.6rem 1rem;border:0;border-radius:.25rem;background:#b91c1c;color:#fff;margin-top:.75rem}
details summary{cursor:pointer;font-weight:600}footer{text-align:center;padding:1rem;color:#555;font-size:.85rem}
`.replace(/\n/g, '');

/** Content-Security-Policy of the page: no script at all, only this stylesheet. */
export const SCAN_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TEXT = {
  vi: {
    title: 'Truy xuất nguồn gốc',
    brand: 'Truy xuất nguồn gốc · Citizen Stack',
    other: 'English',
    product: 'Sản phẩm',
    gtin: 'Mã GTIN',
    lot: 'Số lô',
    serial: 'Số sê-ri',
    produced: 'Ngày sản xuất',
    expiry: 'Hạn sử dụng',
    netContent: 'Khối lượng tịnh',
    ingredients: 'Thành phần',
    producer: 'Nhà sản xuất',
    enterpriseCode: 'Mã số doanh nghiệp',
    address: 'Địa chỉ',
    origin: 'Xuất xứ',
    formerly: 'Trước 2025 thuộc',
    map: 'Xem trên bản đồ',
    unit: 'Tra cứu đơn vị hành chính',
    certs: 'Chứng nhận',
    validUntil: 'hiệu lực đến',
    certExpired: 'đã hết hiệu lực',
    certWithdrawn: 'đã bị thu hồi',
    certNotYetValid: 'chưa có hiệu lực',
    noCerts: 'Chưa có chứng nhận được đăng ký.',
    journey: 'Hành trình sản phẩm',
    noJourney: 'Chưa có sự kiện nào được ghi nhận cho mã này.',
    allGood: 'Không có cảnh báo: mã đã đăng ký, chưa hết hạn, không bị thu hồi.',
    report: 'Báo cáo nghi ngờ hàng giả',
    where: 'Bạn đang quét mã ở đâu?',
    whereWhy:
      'Chọn xã/phường nơi bạn đang đứng. Chỉ lưu tên xã và thời điểm, không lưu thông tin về bạn; mã bị quét ở hai nơi cách xa nhau trong thời gian ngắn sẽ được báo cho nhà sản xuất.',
    whereSend: 'Gửi',
    reportWhat: 'Bạn thấy điều gì bất thường?',
    reportWhere: 'Nơi mua (không bắt buộc)',
    reportContact: 'Số điện thoại hoặc email để cơ quan chức năng liên hệ (không bắt buộc)',
    reportSend: 'Gửi báo cáo',
    reported: 'Cảm ơn bạn. Báo cáo đã được gửi tới cơ quan quản lý.',
    schemes: { vietgap: 'VietGAP', ocop: 'OCOP', organic: 'Hữu cơ', food_safety: 'Cơ sở đủ điều kiện ATTP' },
    stars: 'sao',
    notFound: 'Không tìm thấy sản phẩm',
    notFoundText:
      'Mã này chưa được đăng ký trên hệ thống truy xuất của tỉnh. Hàng không rõ nguồn gốc: hãy cân nhắc trước khi mua.',
    invalid: 'Mã không hợp lệ',
    invalidText: 'Đây không phải mã truy xuất GS1 Digital Link hợp lệ. Mã có thể bị in sai hoặc bị làm giả.',
    kinds: {
      producer: 'Nhà sản xuất',
      processor: 'Cơ sở chế biến',
      distributor: 'Nhà phân phối',
      retailer: 'Nhà bán lẻ',
    },
    footer: 'Dữ liệu theo chuẩn GS1 Digital Link và EPCIS 2.0.',
  },
  en: {
    title: 'Product traceability',
    brand: 'Traceability · Citizen Stack',
    other: 'Tiếng Việt',
    product: 'Product',
    gtin: 'GTIN',
    lot: 'Batch',
    serial: 'Serial',
    produced: 'Produced',
    expiry: 'Expiry',
    netContent: 'Net content',
    ingredients: 'Ingredients',
    producer: 'Producer',
    enterpriseCode: 'Enterprise code',
    address: 'Address',
    origin: 'Origin',
    formerly: 'Before 2025 part of',
    map: 'Show on a map',
    unit: 'About this administrative unit',
    certs: 'Certifications',
    validUntil: 'valid until',
    certExpired: 'expired',
    certWithdrawn: 'withdrawn',
    certNotYetValid: 'not yet valid',
    noCerts: 'No certification is registered.',
    journey: 'Journey',
    noJourney: 'No event has been recorded for this code yet.',
    allGood: 'No warning: the code is registered, not expired and not recalled.',
    report: 'Report a suspected counterfeit',
    where: 'Where are you scanning this code?',
    whereWhy:
      'Pick the commune or ward you are in. Only the commune and the time are kept, nothing about you; a code scanned in two distant places within a short time is reported to the producer.',
    whereSend: 'Send',
    reportWhat: 'What looks wrong?',
    reportWhere: 'Where you bought it (optional)',
    reportContact: 'Phone or e-mail so the authority can contact you (optional)',
    reportSend: 'Send report',
    reported: 'Thank you. Your report has been sent to the authority.',
    schemes: { vietgap: 'VietGAP', ocop: 'OCOP', organic: 'Organic', food_safety: 'Food-safety certified' },
    stars: 'stars',
    notFound: 'Product not found',
    notFoundText:
      'This code is not registered with the province’s traceability system. The goods are of unknown origin: think before you buy.',
    invalid: 'Invalid code',
    invalidText: 'This is not a valid GS1 Digital Link. The code may be misprinted or forged.',
    kinds: { producer: 'Producer', processor: 'Processor', distributor: 'Distributor', retailer: 'Retailer' },
    footer: 'Data follows the GS1 Digital Link and EPCIS 2.0 standards.',
  },
} as const;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const esc = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

function date(iso: string | null, lang: Lang, withTime = false): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00+07:00` : iso);
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(d);
}

function shell(lang: Lang, title: string, body: string, otherLangHref: string): string {
  const t = TEXT[lang];
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} — ${esc(t.title)}</title><style>${CSS}</style></head><body><header><span class="brand">${esc(t.brand)}</span><a href="${esc(otherLangHref)}" lang="${lang === 'vi' ? 'en' : 'vi'}">${esc(t.other)}</a></header><main>${body}</main><footer>${esc(t.footer)}</footer></body></html>`;
}

/** The same page in the other language: the current URL with lang switched. */
export function otherLanguageHref(url: string, lang: Lang): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang === 'vi' ? 'en' : 'vi');
  return `${u.pathname}${u.search}`;
}

export function renderScanPage(
  view: ScanView,
  lang: Lang,
  url: string,
  options: { reported: boolean; communes?: { code: string; name: string }[] },
): string {
  const t = TEXT[lang];
  const p = view.product;
  const name = lang === 'en' && p.nameEn ? p.nameEn : p.name;
  const parts: string[] = [];
  if (options.reported) parts.push(`<section class="ok" role="status"><p>${esc(t.reported)}</p></section>`);
  if (view.warnings.length > 0) {
    parts.push(
      `<section class="warn" role="alert">${view.warnings.map((w) => `<p><strong>⚠ ${esc(w[lang])}</strong></p>`).join('')}</section>`,
    );
  } else {
    parts.push(`<section class="ok"><p>✓ ${esc(t.allGood)}</p></section>`);
  }
  const rows: [string, string][] = [[t.gtin, p.gtinDisplay]];
  if (view.code.lot) rows.push([t.lot, view.code.lot]);
  if (view.code.serial) rows.push([t.serial, view.code.serial]);
  if (view.batch?.productionDate) rows.push([t.produced, date(view.batch.productionDate, lang)]);
  const expiry = view.batch?.expiryDate ?? view.code.expiryOnCode;
  if (expiry) rows.push([t.expiry, date(expiry, lang)]);
  if (p.netContent) rows.push([t.netContent, p.netContent]);
  parts.push(
    `<section><h1>${esc(name)}</h1>${p.images[0] ? `<img class="product" src="${esc(p.images[0])}" alt="${esc(name)}">` : ''}${p.description ? `<p>${esc(p.description)}</p>` : ''}<dl>${rows
      .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
      .join(
        '',
      )}</dl>${p.ingredients ? `<p><strong>${esc(t.ingredients)}:</strong> ${esc(p.ingredients)}</p>` : ''}</section>`,
  );
  const producer = view.producer;
  const address = [producer.street, producer.place?.communeName, producer.place?.provinceName]
    .filter(Boolean)
    .join(', ');
  parts.push(
    `<section><h2>${esc(t.producer)}</h2><p><strong>${esc(producer.name)}</strong> · ${esc(t.kinds[producer.kind])}</p><dl><dt>${esc(t.enterpriseCode)}</dt><dd>${esc(producer.enterpriseCode)}</dd><dt>${esc(t.address)}</dt><dd>${esc(address)}</dd></dl></section>`,
  );
  if (view.origin) {
    const o = view.origin;
    const loc = producer.location;
    const links = [
      `<a href="/public/admin-units/${esc(o.communeCode)}">${esc(t.unit)}</a>`,
      ...(loc
        ? [
            `<a href="https://www.openstreetmap.org/?mlat=${loc.latitude}&amp;mlon=${loc.longitude}#map=12/${loc.latitude}/${loc.longitude}" rel="noopener">${esc(t.map)}</a>`,
          ]
        : []),
    ];
    parts.push(
      `<section><h2>${esc(t.origin)}</h2><p><strong>${esc(o.communeName)}</strong>, ${esc(o.provinceName)}</p>${o.formerUnits.length ? `<p class="muted">${esc(t.formerly)}: ${esc(o.formerUnits.join(', '))}</p>` : ''}<p>${links.join(' · ')}</p></section>`,
    );
  }
  parts.push(
    `<section><h2>${esc(t.certs)}</h2>${
      view.certifications.length === 0
        ? `<p class="muted">${esc(t.noCerts)}</p>`
        : `<ul>${view.certifications
            .map(
              (c) =>
                `<li><strong>${esc(t.schemes[c.scheme])}${c.scheme === 'ocop' && c.level ? ` ${c.level} ${esc(t.stars)}` : ''}</strong> — ${esc(c.number)}, ${esc(c.issuer)} <span class="badge${c.valid ? '' : ' expired'}">${c.valid ? `${esc(t.validUntil)} ${esc(date(c.validUntil, lang))}` : esc(c.status === 'withdrawn' ? t.certWithdrawn : c.status === 'not_yet_valid' ? t.certNotYetValid : t.certExpired)}</span></li>`,
            )
            .join('')}</ul>`
    }</section>`,
  );
  parts.push(
    `<section><h2>${esc(t.journey)}</h2>${
      view.journey.length === 0
        ? `<p class="muted">${esc(t.noJourney)}</p>`
        : `<ol class="timeline">${view.journey
            .map(
              (s) =>
                `<li><strong>${esc(s.label[lang])}</strong><br><span class="muted">${esc(date(s.time, lang, true))}</span><br>${esc(s.business ?? '')}${s.place ? ` — ${esc(s.place.communeName)}, ${esc(s.place.provinceName)}` : ''}</li>`,
            )
            .join('')}</ol>`
    }</section>`,
  );
  if (view.code.serial && options.communes?.length)
    parts.push(whereForm(lang, view.code.path, options.communes));
  parts.push(reportForm(lang, view.code.path));
  return shell(lang, name, parts.join(''), otherLanguageHref(url, lang));
}

/** Where the reader is (a commune they pick): scans of one serial in distant communes flag it. */
function whereForm(lang: Lang, code: string, communes: { code: string; name: string }[]): string {
  const t = TEXT[lang];
  return `<section><details><summary>${esc(t.where)}</summary><form method="post" action="/api/v1/trace/public/scans"><input type="hidden" name="code" value="${esc(code)}"><input type="hidden" name="lang" value="${lang}"><label for="commune">${esc(t.whereWhy)}</label><select id="commune" name="commune" required><option value="">—</option>${communes
    .map((c) => `<option value="${esc(c.code)}">${esc(c.name)}</option>`)
    .join('')}</select><button type="submit">${esc(t.whereSend)}</button></form></details></section>`;
}

function reportForm(lang: Lang, code: string): string {
  const t = TEXT[lang];
  return `<section><details><summary>${esc(t.report)}</summary><form method="post" action="/api/v1/trace/public/reports"><input type="hidden" name="code" value="${esc(code)}"><input type="hidden" name="lang" value="${lang}"><label for="d">${esc(t.reportWhat)}</label><textarea id="d" name="description" required maxlength="2000" rows="3"></textarea><label for="w">${esc(t.reportWhere)}</label><input id="w" name="place" maxlength="200"><label for="c">${esc(t.reportContact)}</label><input id="c" name="contact" maxlength="100" autocomplete="tel"><button type="submit">${esc(t.reportSend)}</button></form></details></section>`;
}

/** The friendly page for a code that is malformed (400) or unknown (404). */
export function renderProblemPage(
  lang: Lang,
  kind: 'not_found' | 'invalid',
  detail: string,
  url: string,
  code?: string,
): string {
  const t = TEXT[lang];
  const title = kind === 'not_found' ? t.notFound : t.invalid;
  const text = kind === 'not_found' ? t.notFoundText : t.invalidText;
  return shell(
    lang,
    title,
    `<section class="warn" role="alert"><h1>${esc(title)}</h1><p>${esc(text)}</p><p class="muted">${esc(detail)}</p></section>${code ? reportForm(lang, code) : ''}`,
    otherLanguageHref(url, lang),
  );
}

export function renderThanksPage(lang: Lang, back: string): string {
  const t = TEXT[lang];
  return shell(
    lang,
    t.report,
    `<section class="ok" role="status"><p>${esc(t.reported)}</p><p><a href="${esc(back)}">←</a></p></section>`,
    back,
  );
}
