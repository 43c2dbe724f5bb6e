/**
 * The PDF of an issued document: A4, the national heading, the issuing agency, the title, the document's
 * lines, and a footer with a QR code of the public verification URL. Text is set in Be Vietnam Pro
 * (SIL Open Font License 1.1, from the npm package @expo-google-fonts/be-vietnam-pro, the same font the
 * traceability labels use), embedded as a subset with fontkit so every Vietnamese letter prints and a
 * reader can copy the text (pdf-lib writes a ToUnicode map).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
let fonts: Promise<[Buffer, Buffer]> | undefined;
function fontFiles(): Promise<[Buffer, Buffer]> {
  fonts ??= Promise.all([
    readFile(require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf')),
    readFile(require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf')),
  ]);
  return fonts;
}

export interface PdfContent {
  id: string;
  kind: string;
  title: string;
  agency: { code: string; name: string };
  lines: { label: string; value: string }[];
  reference: string | null;
  issuedAt: Date;
  verifyUrl: string;
}

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const MARGIN = { left: 25 * MM, right: 18 * MM, top: 18 * MM, bottom: 20 * MM };
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const FOOTER_HEIGHT = 38 * MM;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.35, 0.35, 0.35);

/** Splits text into lines no wider than `width`, breaking at spaces, and inside words only when one word is wider. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      line = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

/** "ngày 27 tháng 11 năm 2026" in Vietnam's time zone (UTC+7, no daylight saving). */
export function vietnameseDate(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `ngày ${dd} tháng ${mm} năm ${local.getUTCFullYear()}`;
}

export async function renderPdf(content: PdfContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const [regularFile, boldFile] = await fontFiles();
  const regular = await pdf.embedFont(regularFile, { subset: true });
  const bold = await pdf.embedFont(boldFile, { subset: true });
  pdf.setTitle(content.title, { showInWindowTitleBar: true });
  pdf.setSubject(`${content.kind} — ${content.agency.name}`);
  pdf.setAuthor(content.agency.name);
  pdf.setKeywords(['citizen-document', content.id, content.kind]);
  pdf.setCreator('Citizen Stack');
  pdf.setProducer('Citizen Stack (pdf-lib)');
  pdf.setCreationDate(content.issuedAt);
  pdf.setModificationDate(content.issuedAt);
  pdf.setLanguage('vi-VN');
  const qr = await pdf.embedPng(
    await QRCode.toBuffer(content.verifyUrl, {
      type: 'png',
      errorCorrectionLevel: 'M',
      margin: 1,
      width: 300,
    }),
  );

  let page: PDFPage = pdf.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN.top;
  const pages: PDFPage[] = [page];
  const newPage = () => {
    page = pdf.addPage([A4.width, A4.height]);
    pages.push(page);
    y = A4.height - MARGIN.top;
  };
  const text = (
    value: string,
    options: {
      font?: PDFFont;
      size?: number;
      x?: number;
      width?: number;
      align?: 'left' | 'center' | 'right';
      color?: ReturnType<typeof rgb>;
    } = {},
  ) => {
    const font = options.font ?? regular;
    const size = options.size ?? 11;
    const x = options.x ?? MARGIN.left;
    const width = options.width ?? TEXT_WIDTH;
    for (const line of wrap(value, font, size, width)) {
      if (y - size * 1.4 < MARGIN.bottom + FOOTER_HEIGHT) newPage();
      y -= size * 1.4;
      const w = font.widthOfTextAtSize(line, size);
      const dx = options.align === 'center' ? (width - w) / 2 : options.align === 'right' ? width - w : 0;
      page.drawText(line, { x: x + dx, y, size, font, color: options.color ?? INK });
    }
  };

  // Heading (Decree 30/2020/NĐ-CP, Appendix I): the agency on the left, the national motto on the right.
  const half = TEXT_WIDTH / 2;
  const top = y;
  text(content.agency.name.toUpperCase(), { font: bold, size: 10, width: half - 6 * MM, align: 'center' });
  if (content.reference)
    text(`Số: ${content.reference}`, { size: 10, width: half - 6 * MM, align: 'center' });
  const leftBottom = y;
  y = top;
  const right = MARGIN.left + half - 4 * MM;
  text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', {
    font: bold,
    size: 10,
    x: right,
    width: half + 4 * MM,
    align: 'center',
  });
  text('Độc lập - Tự do - Hạnh phúc', {
    font: bold,
    size: 10.5,
    x: right,
    width: half + 4 * MM,
    align: 'center',
  });
  y -= 4;
  text(vietnameseDate(content.issuedAt), {
    size: 10,
    x: right,
    width: half + 4 * MM,
    align: 'center',
    color: MUTED,
  });
  y = Math.min(y, leftBottom) - 12 * MM;

  text(content.title.toUpperCase(), { font: bold, size: 15, align: 'center' });
  y -= 8 * MM;

  const labelWidth = 55 * MM;
  for (const line of content.lines) {
    // Keep a label beside its value: start a new page when the pair does not fit on this one.
    const rows = Math.max(
      wrap(`${line.label}:`, bold, 11, labelWidth - 3 * MM).length,
      wrap(line.value, regular, 11, TEXT_WIDTH - labelWidth).length,
    );
    const pageRows = Math.floor((A4.height - MARGIN.top - MARGIN.bottom - FOOTER_HEIGHT) / (11 * 1.4));
    if (rows <= pageRows && y - rows * 11 * 1.4 < MARGIN.bottom + FOOTER_HEIGHT) newPage();
    const start = y;
    const startPage = page;
    text(`${line.label}:`, { font: bold, width: labelWidth - 3 * MM });
    const afterLabel = y;
    const labelPage = page;
    if (labelPage === startPage) y = start;
    text(line.value, { x: MARGIN.left + labelWidth, width: TEXT_WIDTH - labelWidth });
    if (page === labelPage) y = Math.min(y, afterLabel);
    y -= 3;
  }

  // Footer of every page: the QR code of the verification page and what it proves, in vi and en.
  const qrSize = 30 * MM;
  pages.forEach((p, i) => {
    const base = MARGIN.bottom;
    p.drawLine({
      start: { x: MARGIN.left, y: base + FOOTER_HEIGHT - 3 * MM },
      end: { x: A4.width - MARGIN.right, y: base + FOOTER_HEIGHT - 3 * MM },
      thickness: 0.5,
      color: MUTED,
    });
    p.drawImage(qr, { x: MARGIN.left, y: base, width: qrSize, height: qrSize });
    const x = MARGIN.left + qrSize + 5 * MM;
    const width = TEXT_WIDTH - qrSize - 5 * MM;
    let fy = base + qrSize;
    const note = (value: string, font: PDFFont, size: number, color = INK) => {
      for (const line of wrap(value, font, size, width)) {
        fy -= size * 1.35;
        p.drawText(line, { x, y: fy, size, font, color });
      }
    };
    note(`Văn bản điện tử do ${content.agency.name} cấp và ký số.`, bold, 9);
    note(`Quét mã QR hoặc truy cập ${content.verifyUrl} để kiểm tra tính xác thực.`, regular, 8.5);
    note(`Mã văn bản: ${content.id}`, regular, 8.5);
    note(
      `Electronic document issued and digitally signed by ${content.agency.code}. Verify it at the address above.`,
      regular,
      7.5,
      MUTED,
    );
    if (pages.length > 1) note(`Trang ${i + 1}/${pages.length}`, regular, 7.5, MUTED);
  });
  return pdf.save({ useObjectStreams: true });
}
