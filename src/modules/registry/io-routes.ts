import { Readable, Transform } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireOfficer } from '../../platform/auth/http.ts';
import type { Officer } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { httpErrors } from '../../platform/http/problem.ts';
import { negotiate } from '../../platform/i18n/index.ts';
import { errors } from './errors.ts';
import { exportResidents } from './export/residents.ts';
import { ImportFileError } from './import/import.ts';
import { importForOfficer } from './import/officer.ts';
import { detailIn } from './import/reasons.ts';
import { actorOf } from './jurisdiction.ts';
import { ImportReport, Purpose } from './schemas.ts';

const tags = ['Population registry'];
const problem = { $ref: 'Problem#' };

/**
 * Bulk import and export of residents (issue 3, "Import and export"), in the file format of
 * `import/csv-format.ts`. Registered inside the registry's routes so that the CSV body parser, which hands
 * the request stream to the import untouched, applies to these routes only.
 */
export function ioRoutes(platform: Platform): FastifyPluginAsyncTypebox {
  const limit = platform.config.importBodyLimit;
  const actor = (request: FastifyRequest) => actorOf(request.officer as Officer);

  return async (app) => {
    // The body stays a stream: a province file is hundreds of megabytes, read once, a batch at a time.
    app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));

    app.post(
      '/imports',
      {
        // Checked before the body is read: who sends it, its type, its announced size.
        onRequest: [requireOfficer(platform.auth, platform.config, 'registry.write'), csvUpload(limit)],
        bodyLimit: limit,
        schema: {
          tags,
          summary:
            'Import residents from a CSV file (streamed; households atomic; re-running changes nothing)',
          description:
            'The body is the file itself (`text/csv`, UTF-8), in the format of `citizen import residents`. ' +
            'Rows are validated one by one; whole households are loaded in batches, each in one transaction; ' +
            'a household with a bad row is rejected whole. A commune officer may import only residents of ' +
            'the commune (other rows are rejected with a reason). The answer lists every rejected row with ' +
            `its line and reasons. Files above ${limit} bytes are refused (413).`,
          querystring: Type.Object({
            fileName: Type.Optional(
              Type.String({
                pattern: '^[\\p{L}\\p{N} ._()-]{1,120}$',
                description: 'Name of the file, recorded in the events’ legal basis and the audit log',
              }),
            ),
          }),
          body: {
            content: {
              'text/csv': {
                schema: Type.Unknown({ description: 'The resident file (header line, one person per row)' }),
              },
            },
          },
          response: {
            200: ImportReport,
            400: problem,
            401: problem,
            403: problem,
            413: problem,
            415: problem,
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!(body instanceof Readable))
          throw errors.import_file_invalid({ vi: 'Tệp rỗng.', en: 'The file is empty.' });
        const fileName = request.query.fileName ?? 'upload.csv';
        let result: Awaited<ReturnType<typeof importForOfficer>>;
        try {
          result = await importForOfficer(platform, actor(request), limited(body, limit), {
            fileName,
            requestId: request.id,
          });
        } catch (error) {
          // The rest of the upload is not wanted: close the connection rather than read it to the end.
          reply.header('connection', 'close');
          if (error instanceof ImportFileError) {
            throw errors.import_file_invalid({
              vi: `Dòng ${error.line}: tệp không đúng định dạng (${error.message}). Các lô trước dòng này đã được nhập và giữ lại; nhập lại tệp đã sửa không làm thay đổi chúng.`,
              en: `Line ${error.line}: ${error.message} Batches before it are kept; importing the corrected file again changes nothing for them.`,
            });
          }
          throw error;
        }
        const lang = negotiate(request.headers['accept-language']);
        reply.header('cache-control', 'no-store');
        return {
          fileName,
          rows: result.rows,
          imported: result.imported,
          unchanged: result.unchanged,
          rejectedRows: result.rejected.length,
          rejected: result.rejected.map((row) => ({
            line: row.line,
            personalId: row.personalId,
            reasons: row.reasons.map((r) => ({ code: r.code, title: r[lang], detail: detailIn(r, lang) })),
          })),
        };
      },
    );

    app.get(
      '/communes/:code/residents.csv',
      {
        preHandler: requireOfficer(platform.auth, platform.config, 'registry.read'),
        schema: {
          tags,
          summary: 'Export a commune’s living residents as CSV, in the import format (audited per person)',
          description:
            'Streamed from a database cursor. The commune must be within the officer’s jurisdiction ' +
            '(another commune is answered like one that does not exist). Ethnicity and religion are filled ' +
            'only for officers with `registry.sensitive`. Every person exported is audited with the purpose.',
          params: Type.Object({ code: Type.String({ pattern: '^[0-9]{5}$' }) }),
          querystring: Type.Object({ purpose: Purpose }),
          response: {
            200: {
              description: 'The file (UTF-8 with a byte-order mark)',
              content: { 'text/csv': { schema: Type.String() } },
            },
            400: problem,
            401: problem,
            403: problem,
            404: problem,
          },
        },
      },
      async (request, reply) => {
        const exported = await exportResidents(platform, actor(request), {
          commune: request.params.code,
          purpose: request.query.purpose,
          requestId: request.id,
        });
        const day = platform.clock.now().toISOString().slice(0, 10);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="cu-dan-${exported.commune.code}-${day}.csv"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(exported.chunks, { objectMode: false }));
      },
    );
  };
}

/** Only `text/csv` in UTF-8, and not announced larger than the limit (415, 413 before reading a byte). */
function csvUpload(limit: number) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // A refused upload is not read: the connection closes after the answer.
    reply.header('connection', 'close');
    const [media = '', ...params] = (request.headers['content-type'] ?? '')
      .split(';')
      .map((part) => part.trim().toLowerCase());
    if (media !== 'text/csv')
      throw httpErrors.unsupported_media_type(`Send the file as text/csv, not ${media || 'without a type'}.`);
    const charset = params
      .find((p) => p.startsWith('charset='))
      ?.slice(8)
      .replace(/"/g, '');
    if (charset && charset !== 'utf-8' && charset !== 'utf8')
      throw httpErrors.unsupported_media_type(`The file must be UTF-8, not ${charset}.`);
    const length = Number(request.headers['content-length']);
    if (length > limit)
      throw httpErrors.payload_too_large(`The file has ${length} bytes; at most ${limit} are accepted.`);
    reply.removeHeader('connection');
  };
}

/**
 * The body, failing with 413 once more than `limit` bytes came (a chunked upload announces no size), and
 * with the upload's own error when the client goes away: the import then stops after its last batch.
 */
function limited(body: Readable, limit: number): Readable {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limit) {
        body.unpipe(counter);
        callback(
          httpErrors.payload_too_large(
            `The file exceeds ${limit} bytes. Batches before that point are kept; importing a smaller file again changes nothing for them.`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
  body.once('error', (error) => counter.destroy(error));
  body.once('close', () => {
    if (!body.readableEnded) counter.destroy(new Error('The upload was interrupted.'));
  });
  return body.pipe(counter);
}
