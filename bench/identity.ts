/**
 * e-ID scenarios (kept in their own file so other scenario blocks merge cleanly): the OpenID provider's
 * token endpoint for agency systems (client credentials with private_key_jwt) and for refresh-token
 * rotation, and password sign-in beside the bare Argon2id verification rate of this machine.
 *
 * Every request is a real, distinct protocol exchange: each client assertion has its own `jti` (the
 * provider refuses replays), each refresh uses the token the previous response returned (rotation), and
 * each sign-in verifies the password and records the interaction's result.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ARGON2_OPTIONS } from '../src/modules/identity/passwords.ts';
import { type LoadRequest, measureLoad, type ScenarioRow, withOtherCpu } from './lib.ts';

export interface IdentityContext {
  /** Where the platform listens, and the public URL it was started with (its issuer is `<public>/oidc`). */
  url: string;
  publicUrl: string;
  officerCookie: () => Promise<string>;
  step: (text: string) => void;
  duration: number;
  warmup: number;
  connections: number;
}

export type IdentityResult = ScenarioRow;

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };
const PASSWORD = 'bench password for the demo citizen';
const DEMO_CITIZEN = {
  personalId: '038171004321',
  fullName: 'Lê Thị Hoa',
  birthDate: '1971-09-05',
  sex: 'female',
};

async function call(
  ctx: IdentityContext,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${ctx.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(body === undefined ? {} : JSON_TYPE), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers };
}

/** The demo citizen's account (registered on the first run of a data directory). */
async function ensureAccount(ctx: IdentityContext) {
  const start = await call(ctx, 'POST', '/api/v1/identity/registrations', {
    ...DEMO_CITIZEN,
    phone: '0912000111',
  });
  if (start.status === 409) return; // registered by an earlier run
  if (start.status !== 202) throw new Error(`registration failed: ${start.status} ${start.text}`);
  const { challengeId } = JSON.parse(start.text) as { challengeId: string };
  const inbox = JSON.parse((await call(ctx, 'GET', '/api/v1/dev/inbox')).text) as { text: string }[];
  const code = /(\d{6})/.exec(inbox[0]?.text ?? '')?.[1];
  const done = await call(ctx, 'POST', `/api/v1/identity/registrations/${challengeId}/complete`, {
    code,
    password: PASSWORD,
  });
  if (done.status !== 201) throw new Error(`registration failed: ${done.status} ${done.text}`);
}

function cookiesOf(headers: Headers, jar: Map<string, string>) {
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...value] = (pair ?? '').split('=');
    if (name) jar.set(name.trim(), value.join('='));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Starts an authorization request as a browser would; returns the interaction and its cookies. */
async function interaction(ctx: IdentityContext, clientId: string, redirectUri: string) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: 'openid offline_access',
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: 'consent',
    state: randomUUID(),
  });
  const jar = new Map<string, string>();
  const res = await call(ctx, 'GET', `/oidc/auth?${query}`);
  cookiesOf(res.headers, jar);
  const uid = /\/oidc\/interaction\/([^/?]+)/.exec(res.headers.get('location') ?? '')?.[1];
  if (!uid) throw new Error(`no interaction (${res.status} ${res.text.slice(0, 200)})`);
  return { uid, jar, verifier };
}

/** A refresh token by a full code flow: sign in, consent, code, token. */
async function refreshToken(ctx: IdentityContext, client: { id: string; secret: string; redirect: string }) {
  const { uid, jar, verifier } = await interaction(ctx, client.id, client.redirect);
  const post = async (path: string, body: unknown) => {
    const res = await call(ctx, 'POST', path, body, { cookie: cookieHeader(jar), origin: ctx.publicUrl });
    cookiesOf(res.headers, jar);
    return JSON.parse(res.text) as { redirectTo?: string; represent?: unknown };
  };
  const follow = async (location: string) => {
    let next = location;
    for (let hops = 0; hops < 6; hops++) {
      if (!next.startsWith(ctx.publicUrl)) return next;
      const res = await call(ctx, 'GET', next.slice(ctx.publicUrl.length), undefined, {
        cookie: cookieHeader(jar),
      });
      cookiesOf(res.headers, jar);
      const to = res.headers.get('location');
      if (!to) return next;
      next = new URL(to, next).href;
    }
    return next;
  };
  let step = await post(`/oidc/interaction/${uid}/login`, {
    personalId: DEMO_CITIZEN.personalId,
    password: PASSWORD,
  });
  if (step.represent) step = await post(`/oidc/interaction/${uid}/represent`, { mandateId: null });
  const consentAt = await follow(step.redirectTo as string);
  const consentUid = /\/oidc\/interaction\/([^/?]+)/.exec(consentAt)?.[1];
  const consented = await post(`/oidc/interaction/${consentUid}/consent`, {});
  const callback = new URL(await follow(consented.redirectTo as string));
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback}`);
  const res = await fetch(`${ctx.url}/oidc/token`, {
    method: 'POST',
    headers: {
      ...FORM,
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: client.redirect,
      code_verifier: verifier,
    }),
  });
  const body = (await res.json()) as { refresh_token?: string };
  if (!body.refresh_token) throw new Error(`no refresh token: ${JSON.stringify(body)}`);
  return body.refresh_token;
}

async function measure(ctx: IdentityContext, path: string, requests: LoadRequest[]) {
  return {
    path,
    ...(await measureLoad(
      { url: ctx.url, connections: ctx.connections, requests },
      ctx.warmup,
      ctx.duration,
    )),
  };
}

/** Argon2id verifications per second in this process, as many at once as the server's thread pool runs. */
async function bareArgon2(seconds: number) {
  const stored = await hash(PASSWORD, ARGON2_OPTIONS);
  const parallel = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const { value: count, otherCpu } = await withOtherCpu(async () => {
    const until = performance.now() + seconds * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (performance.now() < until) {
          await verify(stored, PASSWORD);
          done++;
        }
      }),
    );
    return done;
  });
  return { rps: count / seconds, otherCpu };
}

export async function identityScenarios(ctx: IdentityContext): Promise<IdentityResult[]> {
  const cores = os.cpus().length;
  const issuer = `${ctx.publicUrl}/oidc`;
  const cookie = await ctx.officerCookie();
  const admin = { cookie, origin: ctx.publicUrl };
  const run = Date.now().toString(36);

  // An agency system (client credentials, private_key_jwt) and a relying party for refresh tokens.
  const keys = await generateKeyPair('ES256', { extractable: true });
  const agency = `bench-agency-${run}`;
  const registered = await call(
    ctx,
    'POST',
    '/api/v1/identity/clients',
    {
      client_id: agency,
      client_name: 'Benchmark agency system',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' }] },
    },
    admin,
  );
  if (registered.status !== 201) throw new Error(`registering the agency client failed: ${registered.text}`);
  const rp = { id: `bench-rp-${run}`, secret: '', redirect: 'http://rp.bench.invalid/cb' };
  const rpRegistered = await call(
    ctx,
    'POST',
    '/api/v1/identity/clients',
    {
      client_id: rp.id,
      client_name: 'Benchmark relying party',
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: [rp.redirect],
    },
    admin,
  );
  if (rpRegistered.status !== 201)
    throw new Error(`registering the relying party failed: ${rpRegistered.text}`);
  rp.secret = (JSON.parse(rpRegistered.text) as { clientSecret: string }).clientSecret;
  await ensureAccount(ctx);

  const results: IdentityResult[] = [];
  const push = (
    name: string,
    load: Awaited<ReturnType<typeof measure>>,
    floor: string,
    floorRps?: number,
    floorCpu?: number,
  ) =>
    results.push({
      name,
      ...load,
      floor,
      checkStatus: 200,
      floorRequestsPerSecond: floorRps,
      floorOtherCpu: floorCpu,
      ratio: floorRps ? load.requestsPerSecond / floorRps : undefined,
      perCore: load.requestsPerSecond / cores,
    });

  // Client credentials: assertions signed beforehand (3,000 per second of load is more than enough).
  ctx.step(`identity: signing ${3000 * (ctx.warmup + ctx.duration)} client assertions`);
  const assertions: string[] = [];
  for (let i = 0; i < 3000 * (ctx.warmup + ctx.duration); i++) {
    assertions.push(
      await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
        .setIssuer(agency)
        .setSubject(agency)
        .setAudience(issuer)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(keys.privateKey),
    );
  }
  let next = 0;
  const grantBody = (assertion: string) =>
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: agency,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString();
  const check = await fetch(`${ctx.url}/oidc/token`, {
    method: 'POST',
    headers: FORM,
    body: grantBody(assertions[next++] as string),
  });
  if (check.status !== 200) throw new Error(`client credentials failed: ${await check.text()}`);
  ctx.step(
    `scenario oidc client credentials (private_key_jwt) (${ctx.warmup} s warm-up + ${ctx.duration} s)`,
  );
  push(
    'oidc client credentials (private_key_jwt)',
    await measure(ctx, '/oidc/token', [
      {
        method: 'POST',
        path: '/oidc/token',
        headers: FORM,
        setupRequest: (request) => ({
          ...request,
          body: grantBody(assertions[next++ % assertions.length] as string),
        }),
      },
    ]),
    'per core',
  );

  // Refresh: one rotating chain per connection, each request using the token the last response gave.
  // Chains whose request is in flight when a run stops lose their token (the server rotated it), so
  // there are enough for the warm-up's losses and every connection of the measured run.
  const chains = 2 * ctx.connections + 10;
  ctx.step(`identity: ${chains} sign-ins for refresh-token chains`);
  const pool: string[] = [];
  for (let i = 0; i < chains; i++) pool.push(await refreshToken(ctx, rp));
  const basic = `Basic ${Buffer.from(`${rp.id}:${rp.secret}`).toString('base64')}`;
  const first = await fetch(`${ctx.url}/oidc/token`, {
    method: 'POST',
    headers: { ...FORM, authorization: basic },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: pool[0] as string }),
  });
  const firstBody = (await first.json()) as { refresh_token?: string };
  if (!firstBody.refresh_token) throw new Error(`refresh failed: ${JSON.stringify(firstBody)}`);
  pool[0] = firstBody.refresh_token;
  ctx.step(`scenario oidc refresh (rotation) (${ctx.warmup} s warm-up + ${ctx.duration} s)`);
  push(
    'oidc refresh-token rotation',
    await measure(ctx, '/oidc/token', [
      {
        method: 'POST',
        path: '/oidc/token',
        headers: { ...FORM, authorization: basic },
        // autocannon gives each request a fresh context that its response sees: a request takes a chain's
        // latest token from the free list, and its response puts the rotated one back.
        setupRequest: (request, context) => {
          context.token = pool.shift();
          return {
            ...request,
            body: new URLSearchParams({
              grant_type: 'refresh_token',
              refresh_token: String(context.token),
            }).toString(),
          };
        },
        onResponse: (status, body) => {
          if (status === 200) pool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
        },
      },
    ]),
    'per core',
  );

  // Password sign-in beside the bare hashing rate: one pending interaction per connection.
  ctx.step(`floor: bare Argon2id verification in this process (${ctx.duration} s)`);
  const floor = await bareArgon2(ctx.duration);
  const interactions: { uid: string; cookie: string }[] = [];
  for (let i = 0; i < chains; i++) {
    const { uid, jar } = await interaction(ctx, rp.id, rp.redirect);
    interactions.push({ uid, cookie: cookieHeader(jar) });
  }
  const signIn = JSON.stringify({ personalId: DEMO_CITIZEN.personalId, password: PASSWORD });
  ctx.step(`scenario password sign-in (${ctx.warmup} s warm-up + ${ctx.duration} s)`);
  push(
    'password sign-in (Argon2id)',
    await measure(ctx, '/oidc/interaction/:uid/login', [
      {
        method: 'POST',
        path: '/',
        setupRequest: (request, context) => {
          context.interaction = interactions.shift() ?? interactions[0];
          const { uid, cookie: jar } = context.interaction as { uid: string; cookie: string };
          return {
            ...request,
            path: `/oidc/interaction/${uid}/login`,
            headers: { ...JSON_TYPE, cookie: jar, origin: ctx.publicUrl },
            body: signIn,
          };
        },
        onResponse: (_status, _body, context) => {
          interactions.push(context.interaction as { uid: string; cookie: string });
        },
      },
    ]),
    'bare Argon2id verify',
    floor.rps,
    floor.otherCpu,
  );
  return results;
}
