import { parseArgs } from 'node:util';
import { documentsCommand } from './modules/documents/index.ts';
import { exchangeCommand } from './modules/exchange/index.ts';
import { identityCommand } from './modules/identity/index.ts';
import { modules } from './modules/index.ts';
import {
  DEMO_CITIZEN,
  exportResidentsCommand,
  importResidentsCommand,
  seedResidentsCommand,
} from './modules/registry/index.ts';
import { demoBusinessLinks, traceCommand } from './modules/trace/index.ts';
import { demoOfficerLinks, officerCommand } from './officers.ts';
import { verifyAuditChain } from './platform/audit/index.ts';
import { loadConfig } from './platform/config.ts';
import { CliError } from './platform/errors.ts';
import { createLogger } from './platform/log.ts';
import { seed } from './seed.ts';
import { type Opened, open, startServer } from './server.ts';

const USAGE = `Citizen Stack — nền tảng công dân số / digital-citizen platform

Usage: citizen <command> [options]

Commands:
  start                 Start the server (embedded PostgreSQL unless DATABASE_URL is set)
  migrate               Apply pending database migrations, then exit
  seed                  Seed the demo province (idempotent), then exit
  seed residents --count N [--province 38] [--seed S]
                        Add N synthetic residents (deterministic for a seed; re-running adds nothing)
  import residents FILE.csv [--report rejected.csv]
                        Import residents (households atomic; re-running changes nothing);
                        rejected rows go to the report, exit code 2
  export residents --commune CODE [--out FILE] [--purpose TEXT] [--sensitive]
                        Export a commune's living residents in the import format (audited);
                        ethnicity and religion only with --sensitive
  audit verify          Walk the audit log's hash chain and report the first broken row
  exchange verify       Prove every exchange message-log record signed and unchanged
  exchange deliver [--lease-seconds 60]
                        Run a webhook delivery worker until stopped (the server runs one too)
  keys rotate [--alg EdDSA|ES256]
                        Start signing with a new key; the old one stays published for 7 days
  officer add --name NAME (--commune CODE | --province CODE) [--roles r1,r2] [--hours H] [--personal-id ID]
                        Add an officer and print a one-time sign-in link
                        (roles: registry.read, registry.write, registry.sensitive, identity.admin, platform.admin)
  officer link --name NAME [--hours H] [--personal-id ID]
                        Print a new one-time sign-in link for an officer
  trace member add --name NAME --business ENTERPRISE_CODE [--role manager|staff] [--hours H]
                        Let a user act for a business (traceability) and print a sign-in link
  documents verify FILE.pdf [--id ID]
                        Check that a PDF is byte for byte an issued, signed, unrevoked document
  identity target set --unit PROVINCE_OR_COMMUNE --period YYYY[-MM] --target N [--level 1|2]
                        Set an e-ID activation target (level 2 by default; audited)

Options:
  -h, --help            Show this help
  -v, --version         Show the version

Configuration comes from environment variables; see README.md ("Configuration").`;

// A command whose output is data on standard output (an export) logs to standard error.
const log = (to?: NodeJS.WritableStream) =>
  createLogger(process.env.CITIZEN_LOG_LEVEL ?? 'warn', to as Parameters<typeof createLogger>[1]);

async function withDatabase<T>(
  run: (opened: Awaited<ReturnType<typeof open>>) => Promise<T>,
  logTo?: NodeJS.WritableStream,
): Promise<T> {
  const opened = await open(loadConfig(), log(logTo));
  try {
    return await run(opened);
  } finally {
    await opened.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      alg: { type: 'string' },
    },
  });
  const [command, sub] = positionals;
  if (values.version) {
    console.log('citizen 0.1.0');
    return 0;
  }
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  switch (command) {
    case 'start': {
      const running = await startServer(loadConfig());
      // Handlers first: the server already answers, so a Ctrl-C may come while the welcome is prepared.
      let signals = 0;
      const shutdown = (signal: string) => {
        if (++signals > 1) process.exit(130); // a second Ctrl-C does not wait
        running.app.log.info({ signal }, 'stopping');
        running.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      const crash = (error: unknown) => {
        running.app.log.fatal({ err: error }, 'crashed: stopping');
        running.stop().finally(() => process.exit(1));
      };
      process.on('uncaughtException', crash);
      process.on('unhandledRejection', crash);
      const config = running.opened.platform.config;
      // Development only: fresh demo sign-in links, since e-ID sign-in is not there yet.
      const demoLinks = async () =>
        config.env !== 'production' && config.seedDemo
          ? [
              ...(await demoOfficerLinks(running.opened.platform, running.url)),
              ...(await demoBusinessLinks(running.opened.platform, running.url)),
            ]
          : [];
      // A stop that began meanwhile closes the database under them: no welcome then, and no error.
      const links = await demoLinks().catch((error) => {
        if (signals === 0) throw error;
        return [];
      });
      if (signals === 0) printWelcome(running.url, running.opened, links);
      return -1; // keep running
    }
    case 'migrate':
      return withDatabase(async () => {
        console.log('Database is up to date.');
        return 0;
      });
    case 'seed':
      if (sub === 'residents')
        return withDatabase(({ platform }) => seedResidentsCommand(platform, argv.slice(2)));
      return withDatabase(async ({ platform, province }) => {
        await seed(platform, modules);
        console.log(`Seeded the demo for ${province.name} (${province.code}).`);
        return 0;
      });
    case 'audit':
      if (sub !== 'verify')
        throw new CliError(`unknown audit command "${sub ?? ''}".`, 'Did you mean: citizen audit verify');
      return withDatabase(async ({ platform }) => {
        const result = await verifyAuditChain(platform.db);
        if (result.ok) {
          console.log(`Audit log intact: ${result.rows} rows verified.`);
          return 0;
        }
        console.error(
          `Audit log BROKEN at row seq=${result.brokenSeq}: ${result.reason} (${result.rows} rows before it verified).`,
        );
        return 2;
      });
    case 'keys': {
      const alg = String(values.alg ?? 'EdDSA');
      if (sub !== 'rotate')
        throw new CliError(`unknown keys command "${sub ?? ''}".`, 'Did you mean: citizen keys rotate');
      if (alg !== 'EdDSA' && alg !== 'ES256')
        throw new CliError(`--alg must be EdDSA or ES256, got "${alg}".`);
      return withDatabase(async ({ platform }) => {
        const kid = await platform.keys.rotate(alg);
        await platform.audit.record(platform.db, {
          actor: 'cli',
          action: 'platform.keys.rotated',
          details: { kid, alg },
        });
        console.log(`New ${alg} signing key ${kid}; the previous one stays in the JWKS for 7 days.`);
        return 0;
      });
    }
    case 'import':
      if (sub !== 'residents')
        throw new CliError(
          `unknown import "${sub ?? ''}".`,
          'Did you mean: citizen import residents FILE.csv',
        );
      return withDatabase(({ platform }) => importResidentsCommand(platform, argv.slice(2)));
    case 'export':
      if (sub !== 'residents')
        throw new CliError(
          `unknown export "${sub ?? ''}".`,
          'Did you mean: citizen export residents --commune CODE',
        );
      return withDatabase(({ platform }) => exportResidentsCommand(platform, argv.slice(2)), process.stderr);
    case 'officer':
      return withDatabase(({ platform }) => officerCommand(platform, sub, argv.slice(2)));
    case 'trace':
      return withDatabase(({ platform }) => traceCommand(platform, argv.slice(1)));
    case 'identity':
      return withDatabase(({ platform }) => identityCommand(platform, argv.slice(1)));
    case 'exchange':
      return withDatabase(({ platform }) => exchangeCommand(platform, argv.slice(1)));
    case 'documents':
      return withDatabase(({ platform }) => documentsCommand(platform, argv.slice(1)));
    default:
      throw new CliError(`unknown command "${command}".`, 'Run citizen --help for the list of commands.');
  }
}

function printWelcome(url: string, opened: Opened, links: { name: string; url: string }[]) {
  const { province, embedded, platform } = opened;
  console.log(`
  Citizen Stack is running at ${url}
  Province: ${province.name} (${province.code})
  Database: ${embedded ? `embedded PostgreSQL in ${platform.config.postgresDir}` : 'DATABASE_URL'}

  Try:
    Home page ............ ${url}/
    Administrative units . ${url}/public/admin-units
    Scan a product ....... ${url}/01/08936034000018/21/LV0002 (traceability demo)
    e-ID registration .... ${url}/register${platform.config.env === 'production' ? '' : ` (codes "sent" by SMS appear at ${url}/dev/inbox)`}
    API reference ........ ${url}/docs
    API as an agency ..... curl '${url}/api/v1/admin-units/communes?q=ham%20rong&province=38'
    Health ............... ${url}/readyz
${
  links.length === 0
    ? ''
    : `
  Demo sign-in links (officer console, business area; one use each, valid 8 hours; new ones at every start):
${links.map((l) => `    ${l.name}\n      ${l.url}`).join('\n')}

  Demo citizen: register at ${url}/register as ${DEMO_CITIZEN.personalId} · ${DEMO_CITIZEN.fullName} · born ${DEMO_CITIZEN.birthDate} · ${DEMO_CITIZEN.sex === 'male' ? 'Nam' : 'Nữ'},
  then see his returned one-stop dossier at ${url}/citizen/applications and its signed result in ${url}/citizen/wallet.
`
}
  Press Ctrl-C to stop.
`);
}

function describe(error: unknown): { message: string; hint?: string } {
  if (error instanceof CliError) return { message: error.message, hint: error.hint };
  const e = error as NodeJS.ErrnoException & { code?: string };
  if (e?.code === 'EADDRINUSE')
    return {
      message: `the port is already in use (${e.message}).`,
      hint: 'Set CITIZEN_PORT to another port, or stop the other server.',
    };
  if (e?.code === 'ECONNREFUSED')
    return {
      message: `cannot reach PostgreSQL (${e.message}).`,
      hint: 'Check DATABASE_URL, or unset it to use the embedded PostgreSQL.',
    };
  if (e?.code === '28P01' || e?.code === '3D000')
    return {
      message: `PostgreSQL refused the connection: ${e.message}.`,
      hint: 'Check the user, password and database name in DATABASE_URL.',
    };
  return {
    message: (e as Error)?.message ?? String(error),
    hint: 'Set CITIZEN_LOG_LEVEL=debug for details.',
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    const { message, hint } = describe(error);
    console.error(`citizen: ${message}`);
    if (hint) console.error(`  hint: ${hint}`);
    if (process.env.CITIZEN_LOG_LEVEL === 'debug') console.error(error);
    process.exit(1);
  },
);
