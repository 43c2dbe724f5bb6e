/**
 * QR codes (SVG, PNG) of Digital Link URIs and printable A4 label sheets (PDF). A GS1 Digital Link QR
 * code carries the URI as it is (GS1 Digital Link standard: the QR Code symbol encodes the URI); error
 * correction M survives a scuffed label. The sheet uses Be Vietnam Pro (SIL OFL) so Vietnamese prints.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export async function qrPng(text: string, width = 300): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width });
}

const require = createRequire(import.meta.url);
let fonts: Promise<[Buffer, Buffer]> | undefined;
function fontFiles(): Promise<[Buffer, Buffer]> {
  fonts ??= Promise.all([
    readFile(require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf')),
    readFile(require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf')),
  ]);
  return fonts;
}

export interface Label {
  uri: string;
  title: string;
  lines: string[];
}

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const COLUMNS = 3;
const ROWS = 8;
const MARGIN = 8 * MM;

function clip(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** An A4 sheet of 3 × 8 labels per page (70 × 35 mm cells), each a QR code beside its text. */
export async function labelSheet(labels: Label[], title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(title);
  pdf.setCreator('Citizen Stack');
  const [regular, bold] = await fontFiles();
  const font = await pdf.embedFont(regular, { subset: true });
  const fontBold = await pdf.embedFont(bold, { subset: true });
  const cellW = (A4.width - 2 * MARGIN) / COLUMNS;
  const cellH = (A4.height - 2 * MARGIN) / ROWS;
  const qrSize = cellH - 4 * MM;
  const perPage = COLUMNS * ROWS;
  // Identical URIs (a lot-level label repeated) share one embedded image.
  const images = new Map<string, Awaited<ReturnType<typeof pdf.embedPng>>>();
  for (const label of labels)
    if (!images.has(label.uri)) images.set(label.uri, await pdf.embedPng(await qrPng(label.uri, 240)));
  for (let start = 0; start < Math.max(labels.length, 1); start += perPage) {
    const page = pdf.addPage([A4.width, A4.height]);
    labels.slice(start, start + perPage).forEach((label, i) => {
      const x = MARGIN + (i % COLUMNS) * cellW;
      const y = A4.height - MARGIN - (Math.floor(i / COLUMNS) + 1) * cellH;
      page.drawRectangle({
        x,
        y,
        width: cellW,
        height: cellH,
        borderColor: rgb(0.85, 0.85, 0.85),
        borderWidth: 0.5,
      });
      const image = images.get(label.uri);
      if (image) page.drawImage(image, { x: x + 2 * MM, y: y + 2 * MM, width: qrSize, height: qrSize });
      const textX = x + qrSize + 4 * MM;
      const textW = cellW - qrSize - 6 * MM;
      page.drawText(clip(label.title, fontBold, 8, textW), {
        x: textX,
        y: y + cellH - 7 * MM,
        size: 8,
        font: fontBold,
      });
      label.lines.forEach((line, j) => {
        page.drawText(clip(line, font, 6.5, textW), {
          x: textX,
          y: y + cellH - (11.5 + j * 3.6) * MM,
          size: 6.5,
          font,
        });
      });
    });
  }
  return pdf.save();
}
