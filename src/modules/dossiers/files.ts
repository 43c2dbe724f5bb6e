/**
 * What an uploaded file really is, from its first bytes: a declared type that the content contradicts is
 * refused (a script renamed to .pdf is not a PDF). Only the types dossier components accept are known.
 */
const SIGNATURES: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: 'application/pdf', test: (b) => ascii(b, 0, 5) === '%PDF-' },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', test: (b) => ascii(b, 1, 4) === 'PNG' && b[0] === 0x89 },
  { type: 'image/webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
  {
    type: 'image/heic',
    test: (b) => ascii(b, 4, 8) === 'ftyp' && ['heic', 'heix', 'mif1'].includes(ascii(b, 8, 12)),
  },
];

function ascii(b: Uint8Array, from: number, to: number) {
  return String.fromCharCode(...b.subarray(from, to));
}

export function sniff(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.type;
}

/** Whether `accept` (media types, `image/*`, or extensions like `.pdf`) admits a file of this type and name. */
export function accepted(accept: readonly string[], mediaType: string, fileName: string): boolean {
  if (accept.length === 0) return true;
  const ext = fileName.includes('.') ? `.${fileName.split('.').pop()?.toLowerCase()}` : '';
  return accept.some((a) => {
    const rule = a.toLowerCase();
    if (rule.startsWith('.')) return rule === ext;
    if (rule.endsWith('/*')) return mediaType.startsWith(rule.slice(0, -1));
    return rule === mediaType;
  });
}
