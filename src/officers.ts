import { parseArgs } from 'node:util';
import { demoOfficer, demoOneStopOfficers } from './modules/dossiers/index.ts';
import { accountIdOf } from './modules/identity/index.ts';
import { createCatalogue } from './modules/procedures/index.ts';
import { findCommune, findProvince } from './modules/reference/index.ts';
import { type Officer, ROLES, type Role } from './platform/auth/index.ts';
import type { Platform } from './platform/context.ts';
import { CliError } from './platform/errors.ts';

/**
 * Officers' one-time sign-in links (`citizen officer add|link`), until an officer links their e-ID account;
 * a development install has demo officers whose fresh links are printed at every start.
 */
const linkUrl = (base: string, token: string) => `${base}/auth/link/${token}`;

const DEMO = [
  {
    name: 'Cán bộ Phường Hàm Rồng (demo)',
    roles: ['registry.read', 'registry.write'] as Role[],
    jurisdiction: { level: 'commune' as const, code: '14758' },
  },
  {
    name: 'Cán bộ Tỉnh Thanh Hóa (demo)',
    roles: [...ROLES],
    jurisdiction: { level: 'province' as const, code: '38' },
  },
];

/** The demo officers (created when missing) with a sign-in link each, valid for `hours`. */
export async function demoOfficerLinks(platform: Platform, base: string, hours = 8) {
  if (platform.config.provinceCode !== '38') return []; // the demo population lives in Thanh Hóa
  const links = [];
  for (const demo of [...DEMO, ...(await demoOneStopOfficers(platform))]) {
    const officer = await demoOfficer(platform, demo);
    links.push({ name: officer.name, url: linkUrl(base, await platform.auth.issueLink(officer.id, hours)) });
  }
  return links;
}

async function jurisdictionOf(
  platform: Platform,
  commune?: string,
  province?: string,
): Promise<Officer['jurisdiction']> {
  if (commune && !province) {
    if (!(await findCommune(platform.db, commune, '2025'))) {
      throw new CliError(
        `no commune ${commune} in the 2025 administrative units.`,
        'Look it up: GET /api/v1/admin-units/communes?q=…',
      );
    }
    return { level: 'commune', code: commune };
  }
  if (province && !commune) {
    if (!(await findProvince(platform.db, province)))
      throw new CliError(`no province ${province} in the 2025 units.`);
    return { level: 'province', code: province };
  }
  throw new CliError('give exactly one of --commune CODE or --province CODE.');
}

/** QCVN 102:2016/BTTTT agency codes: `000.00.04.H56` (level-3.level-2.level-1.province letter + number). */
async function agencyCode(platform: Platform, code: string): Promise<string> {
  if (!/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/.test(code))
    throw new CliError(`"${code}" is not a QCVN 102 agency code.`, 'Example: --agency 000.00.04.H56');
  if (!(await createCatalogue(platform).agency(code)))
    throw new CliError(`no agency ${code} in the catalogue.`, 'Look it up: GET /api/v1/agencies?q=…');
  return code;
}

/**
 * `citizen officer add --name N (--commune C | --province P) [--agency A] [--roles r,…] [--hours H] [--personal-id P]` and
 * `officer link --name N [--personal-id P]`; `--personal-id` links the officer to their e-ID account.
 */
export async function officerCommand(
  platform: Platform,
  sub: string | undefined,
  argv: string[],
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      commune: { type: 'string' },
      province: { type: 'string' },
      roles: { type: 'string', default: 'registry.read' },
      hours: { type: 'string', default: '1' },
      'personal-id': { type: 'string' },
      agency: { type: 'string' },
    },
  });
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 72)
    throw new CliError('--hours must be between 0 and 72.');
  if (!values.name?.trim())
    throw new CliError('--name is required.', 'citizen officer add --name "Lê Thị Hoa" --commune 14758');
  const name = values.name.trim();
  let officer: Officer | undefined;
  if (sub === 'add') {
    const roles = values.roles.split(',').map((r) => r.trim());
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0)
      throw new CliError(`unknown role ${unknown.join(', ')}.`, `Roles: ${ROLES.join(', ')}`);
    if (await platform.auth.findOfficerByName(name))
      throw new CliError(`an officer named "${name}" exists.`, 'Use: citizen officer link --name …');
    officer = await platform.auth.addOfficer({
      name,
      roles: roles as Role[],
      jurisdiction: await jurisdictionOf(platform, values.commune, values.province),
      ...(values.agency ? { agency: await agencyCode(platform, values.agency) } : {}),
    });
  } else if (sub === 'link') {
    officer = await platform.auth.findOfficerByName(name);
    if (!officer) throw new CliError(`no officer named "${name}".`, 'Create one with: citizen officer add …');
  } else {
    throw new CliError(
      `unknown officer command "${sub ?? ''}".`,
      'Use: citizen officer add … or citizen officer link …',
    );
  }
  const personalId = values['personal-id'];
  if (personalId) {
    const accountId = await accountIdOf(platform, personalId);
    if (!accountId)
      throw new CliError(`no e-ID account for ${personalId}.`, 'The officer registers at /register first.');
    await platform.auth.linkAccount(officer.id, accountId);
    console.log(
      `${officer.name} now signs in with e-ID at level 2 (two factors): /auth/login?returnTo=/officer&level=2`,
    );
  }
  const token = await platform.auth.issueLink(officer.id, hours);
  console.log(
    `Sign-in link for ${officer.name} (one use, valid ${hours} h):\n${linkUrl(platform.config.publicUrl, token)}`,
  );
  return 0;
}
