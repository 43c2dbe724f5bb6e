import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  type PDFRef,
} from 'pdf-lib';

/**
 * The text runs of a PDF written by pdf-lib with embedded fonts (one `<hex> Tj` per line), decoded through
 * each font's ToUnicode map: enough to check what an issued document says, in tests and tools. Not a
 * general PDF text extractor (no TJ arrays, no positioning).
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const runs: string[] = [];
  const decode = (stream: unknown) =>
    stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : '';
  for (const page of pdf.getPages()) {
    const maps = new Map<string, Map<string, string>>();
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'));
    if (fonts instanceof PDFDict) {
      for (const [name, ref] of fonts.entries()) {
        const font = pdf.context.lookup(ref as PDFRef);
        if (!(font instanceof PDFDict)) continue;
        const cmap = decode(font.lookup(PDFName.of('ToUnicode')));
        const map = new Map<string, string>();
        for (const [, code, unicode] of cmap.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
          const units = (unicode as string).match(/.{4}/g)?.map((u) => Number.parseInt(u, 16)) ?? [];
          map.set((code as string).toLowerCase(), String.fromCharCode(...units));
        }
        maps.set(name.asString(), map);
      }
    }
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((r) => pdf.context.lookup(r)) : [contents];
    let map = new Map<string, string>();
    for (const stream of streams) {
      for (const op of decode(stream).matchAll(/(\/[^\s/<>[\]()]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
        if (op[1]) map = maps.get(op[1]) ?? new Map();
        else
          runs.push((op[2]?.match(/.{4}/g) ?? []).map((g) => map.get(g.toLowerCase()) ?? '\uFFFD').join(''));
      }
    }
  }
  return runs.join('\n').normalize('NFC');
}
