import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, {
  type Adapter,
  type AdapterPayload,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';

/**
 * Test helpers for federation: a second, independent OpenID provider standing in for the national e-ID
 * (plain oidc-provider on its own port, in-memory storage, one static client), whose sign-in step signs in
 * whoever the test chose, and a browser that keeps cookies per host (both providers use the same cookie
 * names).
 */
export const UPSTREAM_ACR = { 1: 'urn:vn:vneid:loa:1', 2: 'urn:vn:vneid:loa:2' } as const;
export const UPSTREAM_ACR_MAP = `${UPSTREAM_ACR[1]}=1,${UPSTREAM_ACR[2]}=2`;

export interface UpstreamPerson {
  sub: string;
  /** The personal ID claim; absent to test an upstream that gives none. */
  personalId?: string;
  /** The `acr` the upstream asserts; absent for none. */
  acr?: string;
  phone?: string;
}

export async function startUpstream(client: { id: string; secret: string; redirectUri: string }) {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const people = new Map<string, UpstreamPerson>();
  let next: UpstreamPerson | 'cancel' | undefined;

  // In-memory storage (the library's own default warns that it is for quick starts only).
  const store = new Map<string, { payload: AdapterPayload; expires: number }>();
  class MemoryAdapter implements Adapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }
    key = (id: string) => `${this.model}:${id}`;
    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      store.set(this.key(id), { payload, expires: Date.now() + expiresIn * 1000 });
      if (payload.uid)
        store.set(`${this.model}:uid:${payload.uid}`, { payload, expires: Date.now() + expiresIn * 1000 });
    }
    async find(id: string) {
      const found = store.get(this.key(id));
      return found && found.expires > Date.now() ? found.payload : undefined;
    }
    async findByUid(uid: string) {
      return this.find(`uid:${uid}`);
    }
    async findByUserCode() {
      return undefined;
    }
    async consume(id: string) {
      const found = store.get(this.key(id));
      if (found) found.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [k, v] of store) if (v.payload.grantId === grantId) store.delete(k);
    }
  }

  const configuration: Configuration = {
    adapter: MemoryAdapter,
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Grant: 600,
      Session: 600,
    },
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'upstream-1', alg: 'ES256', use: 'sig' }] },
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    cookies: { keys: ['upstream-test-cookie-key'] },
    acrValues: [UPSTREAM_ACR[1], UPSTREAM_ACR[2], 'urn:other:loa:high'],
    claims: {
      openid: ['sub'],
      personal_id: ['personal_id'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    scopes: ['openid', 'personal_id', 'phone'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The national e-ID has its own consent; here every request is granted.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client: rp, session, provider } = ctx.oidc;
      if (!rp || !session?.accountId) return undefined;
      const grant = new provider.Grant({ clientId: rp.clientId, accountId: session.accountId });
      grant.addOIDCScope([...(ctx.oidc.requestParamScopes ?? ['openid'])].join(' '));
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, sub) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          ...(person.personalId ? { personal_id: person.personalId } : {}),
          ...(person.phone ? { phone_number: person.phone, phone_number_verified: true } : {}),
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    // The sign-in step: whoever the test chose is signed in at once (or cancels).
    const chosen = next;
    next = undefined;
    const result =
      chosen === 'cancel' || chosen === undefined
        ? { error: 'access_denied', error_description: 'cancelled' }
        : { login: { accountId: chosen.sub, ...(chosen.acr ? { acr: chosen.acr } : {}) } };
    provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false }).catch(() => {
      res.statusCode = 400;
      res.end();
    });
  });

  return {
    issuer,
    /** The next sign-in at the upstream is this person (kept for findAccount), or a cancellation. */
    signInAs(person: UpstreamPerson | 'cancel') {
      if (person !== 'cancel') people.set(person.sub, person);
      next = person;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Upstream = Awaited<ReturnType<typeof startUpstream>>;

/** Keeps cookies per host, as a browser does for two sites; follows no redirect by itself. */
export function siteBrowser() {
  const jars = new Map<string, Map<string, string>>();
  const jar = (url: string) => {
    const host = new URL(url).host;
    let found = jars.get(host);
    if (!found) {
      found = new Map();
      jars.set(host, found);
    }
    return found;
  };
  const take = (url: string, res: Response) => {
    const cookies = jar(url);
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      const v = value.join('=');
      if (v === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name.trim());
      else cookies.set(name.trim(), v);
    }
  };
  const cookieHeader = (url: string) => [...jar(url)].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    cookies: (url: string) => jar(url),
    async get(url: string) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(url) } });
      take(url, res);
      return res;
    },
    async post(url: string, body: unknown) {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: cookieHeader(url),
          'content-type': 'application/json',
          origin: new URL(url).origin,
        },
        body: JSON.stringify(body),
      });
      take(url, res);
      return res;
    },
    /**
     * Follows redirects across sites until one reaches `stopAt` (not fetched) or a page answers; returns
     * the URL reached and the URLs passed through.
     */
    async follow(url: string, stopAt: string) {
      const trail: string[] = [];
      let current = url;
      for (let hops = 0; hops < 15; hops++) {
        trail.push(current);
        if (current.startsWith(stopAt)) return { url: current, trail, res: undefined };
        const res = await this.get(current);
        const location = res.headers.get('location');
        if (!location || res.status < 300 || res.status >= 400) return { url: current, trail, res };
        current = new URL(location, current).href;
      }
      throw new Error(`too many redirects: ${trail.join(' → ')}`);
    },
  };
}

export type SiteBrowser = ReturnType<typeof siteBrowser>;
