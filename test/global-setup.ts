import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { modules } from '../src/modules/index.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { connect } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { migrationSets } from '../src/platform/platform.ts';

/**
 * One real PostgreSQL for the whole run: TEST_DATABASE_URL when set, else an embedded one in a temporary
 * directory. The migrations build a template database once; each test file then gets its own copy.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let tmp: string | undefined;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'citizen-test-'));
    chmodSync(tmp, 0o755); // the embedded server runs as `postgres` when the tests run as root
    embedded = await startEmbeddedPostgres(path.join(tmp, 'postgres'), { fast: true });
    adminUrl = embedded.url;
  }
  const templateDb = `citizen_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${templateDb}`);
  await admin.query(`create database ${templateDb}`);
  await admin.end();
  const database = connect(withDatabase(adminUrl, templateDb), { max: 2 });
  await migrate(database.db, migrationSets(modules));
  await database.close();
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${templateDb} with (force)`);
    await client.end();
    await embedded?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
}
