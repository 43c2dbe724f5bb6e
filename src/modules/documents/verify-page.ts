/**
 * The public verification page of an issued document (`/verify/:id`, the URL in its QR code): rendered
 * on the server, no script, one inline stylesheet allowed by its hash, so a cheap phone shows the answer
 * after one request. Vietnamese by default, English with ?lang=en or Accept-Language. It shows the
 * issuer, the kind, the date, the digest and whether the agency's signature holds — never the holder —
 * and a form that uploads a PDF to check it is byte for byte the one signed.
 */
import { createHash } from 'node:crypto';
import type { Lang } from '../../platform/i18n/index.ts';
import type { DocumentInfo, Verification } from './service.ts';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7}
header{background:#7f1d1d;color:#fff;padding:.75rem 1rem;display:flex;justify-content:space-between;align-items:center;gap:.5rem}
header a{color:#fff}.brand{font-weight:700}main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.25rem 0 .5rem}h2{font-size:1.1rem;margin:0 0 .5rem}
section{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0002}
.warn{border-left:.4rem solid #b91c1c;background:#fef2f2}.warn strong{color:#991b1b}
.ok{border-left:.4rem solid #15803d;background:#f0fdf4}.ok strong{color:#14532d}.muted{color:#555;font-size:.9rem}
dl{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.35rem .75rem;margin:0}dt{color:#555}dd{margin:0;min-width:0;overflow-wrap:anywhere}@media (max-width:30rem){dl{grid-template-columns:1fr;gap:.1rem}dd{margin-bottom:.5rem}}
code{font:.85rem/1.4 ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere;word-break:break-all}
label{display:block;margin:0 0 .5rem;font-weight:600}input[type=file]{display:block;width:100%;font:inherit;padding:.5rem;border:1px dashed #888;border-radius:.25rem;background:#fafafa}
button{font:inherit;padding:.7rem 1.2rem;border:0;border-radius:.25rem;background:#7f1d1d;color:#fff;margin-top:.75rem;min-height:2.75rem}
details summary{cursor:pointer;font-weight:600}footer{text-align:center;padding:1rem;color:#555;font-size:.85rem}
`.replace(/\n/g, '');

/** Content-Security-Policy of the page: no script, only this stylesheet, forms back to this site. */
export const VERIFY_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TEXT = {
  vi: {
    title: 'Xác thực văn bản điện tử',
    brand: 'Xác thực văn bản · Citizen Stack',
    other: 'English',
    valid: 'Văn bản hợp lệ',
    validText: 'Văn bản do cơ quan dưới đây cấp; chữ ký số của cơ quan trên văn bản là hợp lệ.',
    revoked: 'Văn bản đã bị thu hồi',
    revokedText: 'Cơ quan cấp đã thu hồi văn bản này; văn bản không còn giá trị kể từ',
    badSignature: 'Chữ ký số không hợp lệ',
    badSignatureText:
      'Không xác minh được chữ ký của cơ quan cấp trên văn bản này. Không nên tin cậy văn bản.',
    issuer: 'Cơ quan cấp',
    kind: 'Loại văn bản',
    reference: 'Số, ký hiệu',
    issuedAt: 'Ngày cấp',
    id: 'Mã văn bản',
    digest: 'Mã băm SHA-256 của tệp PDF',
    signature: 'Chữ ký số',
    signatureOk: 'Hợp lệ (EdDSA, khóa của cơ quan cấp)',
    signatureBad: 'Không hợp lệ',
    status: 'Trạng thái',
    statusValid: 'Còn hiệu lực',
    statusRevoked: 'Đã thu hồi',
    check: 'Kiểm tra tệp bạn nhận được',
    checkText:
      'Chọn tệp PDF của văn bản. Tệp chỉ được dùng để tính mã băm và so sánh với văn bản đã ký, không được lưu lại.',
    file: 'Tệp PDF',
    checkButton: 'Kiểm tra tệp',
    identical: 'Tệp trùng khớp với văn bản đã ký',
    identicalText: 'Tệp bạn gửi giống hệt từng byte tệp mà cơ quan đã cấp và ký số.',
    modified: 'Tệp KHÔNG khớp với văn bản đã ký',
    modifiedText:
      'Tệp này khác với tệp cơ quan đã cấp: có thể đã bị chỉnh sửa. Không nên tin cậy nội dung của tệp.',
    revokedFile: 'Tệp khớp nhưng văn bản đã bị thu hồi',
    fileDigest: 'Mã băm của tệp bạn gửi',
    noFile: 'Chưa chọn tệp PDF.',
    technical: 'Kiểm tra độc lập (dành cho kỹ thuật viên)',
    technicalText:
      'Chữ ký JWS (EdDSA) trên các thông tin {id, sha256, agency, kind, issuedAt}; khóa công khai của các cơ quan:',
    privacy: 'Trang này không hiển thị thông tin cá nhân của người được cấp văn bản.',
    notFound: 'Không tìm thấy văn bản',
    notFoundText:
      'Không có văn bản điện tử nào với mã này. Mã QR có thể bị in sai hoặc văn bản có thể là giả mạo.',
    error: 'Không kiểm tra được',
    footer: 'Văn bản điện tử do cơ quan nhà nước cấp qua Citizen Stack.',
  },
  en: {
    title: 'Electronic document verification',
    brand: 'Document verification · Citizen Stack',
    other: 'Tiếng Việt',
    valid: 'Valid document',
    validText: 'Issued by the agency below; the agency’s digital signature on it is valid.',
    revoked: 'This document has been revoked',
    revokedText: 'The issuing agency revoked this document; it has no effect since',
    badSignature: 'Invalid signature',
    badSignatureText:
      'The issuing agency’s signature on this document cannot be verified. Do not rely on it.',
    issuer: 'Issued by',
    kind: 'Document',
    reference: 'Reference',
    issuedAt: 'Issued on',
    id: 'Document ID',
    digest: 'SHA-256 of the PDF file',
    signature: 'Digital signature',
    signatureOk: 'Valid (EdDSA, the issuing agency’s key)',
    signatureBad: 'Not valid',
    status: 'Status',
    statusValid: 'In force',
    statusRevoked: 'Revoked',
    check: 'Check the file you received',
    checkText:
      'Choose the PDF file of this document. It is only hashed and compared with the signed one, never kept.',
    file: 'PDF file',
    checkButton: 'Check file',
    identical: 'The file matches the signed document',
    identicalText: 'The file you sent is byte for byte the one the agency issued and signed.',
    modified: 'The file does NOT match the signed document',
    modifiedText:
      'This file differs from the one the agency issued: it may have been altered. Do not rely on its content.',
    revokedFile: 'The file matches, but the document has been revoked',
    fileDigest: 'SHA-256 of the file you sent',
    noFile: 'No PDF file was chosen.',
    technical: 'Independent check (for technicians)',
    technicalText:
      'JWS signature (EdDSA) over {id, sha256, agency, kind, issuedAt}; the agencies’ public keys:',
    privacy: 'This page shows no personal data about the document’s holder.',
    notFound: 'Document not found',
    notFoundText:
      'There is no electronic document with this code. The QR code may be misprinted or the document forged.',
    error: 'The file cannot be checked',
    footer: 'Electronic documents issued by state agencies through Citizen Stack.',
  },
} as const;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

function date(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}

function shell(lang: Lang, title: string, body: string, otherHref: string): string {
  const t = TEXT[lang];
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)} — ${esc(t.title)}</title><style>${CSS}</style></head><body><header><span class="brand">${esc(t.brand)}</span><a href="${esc(otherHref)}" lang="${lang === 'vi' ? 'en' : 'vi'}">${esc(t.other)}</a></header><main>${body}</main><footer>${esc(t.footer)}</footer></body></html>`;
}

const pagePath = (id: string, lang: Lang) => `/verify/${encodeURIComponent(id)}?lang=${lang}`;

export interface PageOptions {
  /** The answer for an uploaded file, or a problem with the upload. */
  checked?: Verification | { error: string };
}

export function renderVerifyPage(doc: DocumentInfo, lang: Lang, options: PageOptions = {}): string {
  const t = TEXT[lang];
  const parts: string[] = [];
  const checked = options.checked;
  if (checked && 'error' in checked) {
    parts.push(
      `<section class="warn" role="alert"><h2>${esc(t.error)}</h2><p>${esc(checked.error)}</p></section>`,
    );
  } else if (checked) {
    const [cls, heading, text] =
      checked.reason === 'identical'
        ? ['ok', `✓ ${t.identical}`, t.identicalText]
        : checked.reason === 'revoked'
          ? [
              'warn',
              `⚠ ${t.revokedFile}`,
              `${t.revokedText} ${doc.revokedAt ? date(doc.revokedAt, lang) : ''}.`,
            ]
          : checked.reason === 'signature_invalid'
            ? ['warn', `⚠ ${t.badSignature}`, t.badSignatureText]
            : ['warn', `✗ ${t.modified}`, t.modifiedText];
    parts.push(
      `<section class="${cls}" role="${cls === 'ok' ? 'status' : 'alert'}" id="result"><h2><strong>${esc(heading)}</strong></h2><p>${esc(text)}</p><p class="muted">${esc(t.fileDigest)}: <code>${esc(checked.sha256)}</code></p></section>`,
    );
  }
  if (doc.status === 'revoked')
    parts.push(
      `<section class="warn" role="alert"><h1><strong>⚠ ${esc(t.revoked)}</strong></h1><p>${esc(t.revokedText)} ${esc(doc.revokedAt ? date(doc.revokedAt, lang) : '')}.</p></section>`,
    );
  else if (!doc.signatureValid)
    parts.push(
      `<section class="warn" role="alert"><h1><strong>⚠ ${esc(t.badSignature)}</strong></h1><p>${esc(t.badSignatureText)}</p></section>`,
    );
  else
    parts.push(
      `<section class="ok"><h1><strong>✓ ${esc(t.valid)}</strong></h1><p>${esc(t.validText)}</p></section>`,
    );
  const rows: [string, string][] = [
    [t.issuer, `${esc(doc.agency.name)}<br><span class="muted">${esc(doc.agency.code)}</span>`],
    [t.kind, esc(doc.title)],
    ...(doc.reference ? ([[t.reference, esc(doc.reference)]] as [string, string][]) : []),
    [t.issuedAt, esc(date(doc.issuedAt, lang))],
    [t.status, esc(doc.status === 'revoked' ? t.statusRevoked : t.statusValid)],
    [t.signature, esc(doc.signatureValid ? t.signatureOk : t.signatureBad)],
    [t.id, `<code>${esc(doc.id)}</code>`],
    [t.digest, `<code>${esc(doc.sha256)}</code>`],
  ];
  parts.push(
    `<section><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl><p class="muted">${esc(t.privacy)}</p></section>`,
  );
  parts.push(
    `<section><h2>${esc(t.check)}</h2><p class="muted">${esc(t.checkText)}</p><form method="post" action="${esc(pagePath(doc.id, lang))}#result" enctype="multipart/form-data"><label for="file">${esc(t.file)}</label><input type="file" id="file" name="file" accept="application/pdf,.pdf" required><button type="submit">${esc(t.checkButton)}</button></form></section>`,
  );
  parts.push(
    `<section><details><summary>${esc(t.technical)}</summary><p class="muted">${esc(t.technicalText)} <a href="/api/v1/documents/keys">/api/v1/documents/keys</a> · <a href="/api/v1/documents/${esc(doc.id)}">/api/v1/documents/${esc(doc.id)}</a></p><p><code>${esc(doc.jws)}</code></p></details></section>`,
  );
  return shell(lang, doc.title, parts.join(''), pagePath(doc.id, lang === 'vi' ? 'en' : 'vi'));
}

export function renderNotFoundPage(lang: Lang, id: string): string {
  const t = TEXT[lang];
  return shell(
    lang,
    t.notFound,
    `<section class="warn" role="alert"><h1><strong>${esc(t.notFound)}</strong></h1><p>${esc(t.notFoundText)}</p><p class="muted"><code>${esc(id)}</code></p></section>`,
    pagePath(id, lang === 'vi' ? 'en' : 'vi'),
  );
}

export function renderErrorPage(lang: Lang, title: string, detail: string, back: string): string {
  const t = TEXT[lang];
  return shell(
    lang,
    t.error,
    `<section class="warn" role="alert"><h1><strong>${esc(title)}</strong></h1><p>${esc(detail)}</p><p><a href="${esc(back)}">←</a></p></section>`,
    back,
  );
}

export const noFileText = (lang: Lang) => TEXT[lang].noFile;
