/**
 * The one file of a multipart/form-data body (RFC 7578), for the verification page's upload form, which
 * works without script. The body is already bounded by the route's byte limit; the first part named
 * `file` is returned, or undefined when there is none.
 */
export interface FormFile {
  filename: string;
  type: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}

export function formFile(
  body: Buffer,
  contentType: string | undefined,
  field = 'file',
): FormFile | undefined {
  const boundary = boundaryOf(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) return undefined;
    const headersEnd = body.indexOf('\r\n\r\n', start);
    if (headersEnd === -1) return undefined;
    const next = body.indexOf(between, headersEnd + 4);
    if (next === -1) return undefined;
    const headers = body.subarray(start, headersEnd).toString('utf8');
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === field) {
      return {
        filename: /;\s*filename="([^"]*)"/i.exec(disposition)?.[1] ?? '',
        type: /^content-type:\s*([^\r\n;]+)/im.exec(headers)?.[1]?.trim().toLowerCase() ?? '',
        data: body.subarray(headersEnd + 4, next),
      };
    }
    at = next + 2;
  }
  return undefined;
}
