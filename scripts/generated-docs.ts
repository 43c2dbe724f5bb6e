import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { modules } from '../src/modules/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { connect } from '../src/platform/db/index.ts';
import { errorCatalogue } from '../src/platform/errors.ts';
import { createLogger } from '../src/platform/log.ts';
import { createPlatform } from '../src/platform/platform.ts';

/**
 * Generated artefacts (ARCHITECTURE §8.10): the OpenAPI document and the error catalogue are produced from
 * the code. `node scripts/generated-docs.ts` rewrites them; test/generated-docs.test.ts fails when the
 * committed copies are stale.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
export const OPENAPI_FILE = path.join(ROOT, 'docs/api/openapi.json');
export const ERRORS_FILE = path.join(ROOT, 'docs/api/errors.md');

export async function openApiDocument(): Promise<string> {
  const config = loadConfig({
    NODE_ENV: 'test',
    CITIZEN_MASTER_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64'),
    // Never contacted: building the app runs no query.
    DATABASE_URL: 'postgres://127.0.0.1:1/none',
    CITIZEN_PUBLIC_URL: 'http://localhost:3000',
  });
  const database = connect(config.databaseUrl as string);
  const platform = createPlatform(config, database, createLogger('silent'), modules);
  const app = await buildApp(platform, modules);
  await app.ready();
  const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await database.close();
  return document;
}

export function errorsDocument(): string {
  const rows = errorCatalogue().map(
    ([code, spec]) => `| \`${code}\` | ${spec.status} | ${spec.title.en} | ${spec.title.vi} |`,
  );
  return [
    '# Error catalogue',
    '',
    'Every error is answered as RFC 9457 `application/problem+json`:',
    '',
    '```json',
    '{ "type": "urn:citizen-stack:problem:<code>", "title": "…", "status": 400, "detail": "…",',
    '  "instance": "/api/v1/…", "code": "<code>", "requestId": "…", "errors": [{ "pointer": "/body/x", "detail": "…" }] }',
    '```',
    '',
    '`title` follows `Accept-Language` (Vietnamese by default, English), and so does `detail` where the module',
    'writes it in both languages (the registry does); `code` is stable and is what clients',
    'should branch on; `errors` lists each failing field of a validation error; `requestId` is also the',
    '`X-Request-Id` response header and appears in the server log.',
    '',
    'This file is generated from the code by `node scripts/generated-docs.ts`.',
    '',
    '| code | status | title (en) | title (vi) |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.main) {
  writeFileSync(OPENAPI_FILE, await openApiDocument());
  writeFileSync(ERRORS_FILE, errorsDocument());
  console.log(`wrote ${path.relative(ROOT, OPENAPI_FILE)} and ${path.relative(ROOT, ERRORS_FILE)}`);
}

export const committed = (file: string) => readFileSync(file, 'utf8');
