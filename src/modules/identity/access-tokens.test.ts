import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/platform.ts';
import { createSystemTokenCheck } from './index.ts';
import { disableClient, saveClient } from './oidc/clients.ts';
import { agencyKeys, oidc, publicUrlOnFreePort } from './testing.ts';

/** The in-process check of an agency system's access token that the exchange gateway relies on. */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let base: string;

beforeAll(async () => {
  base = await publicUrlOnFreePort();
  ctx = await createTestApp({ env: { CITIZEN_PUBLIC_URL: base } });
  await ctx.app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
});
afterAll(() => ctx?.close());

describe('system token check', () => {
  it('accepts a live client-credentials token, and nothing once the client is disabled', async () => {
    const keys = await agencyKeys();
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k', alg: 'ES256', use: 'sig' };
    await saveClient(ctx.platform, {
      client_id: 'so-gtvt',
      client_name: 'Sở GTVT',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [jwk] },
    });
    const config = await oidc.discovery(
      new URL(`${base}/oidc`),
      'so-gtvt',
      {},
      oidc.PrivateKeyJwt(keys.privateKey),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    const { access_token: token } = await oidc.clientCredentialsGrant(config);
    const check = createSystemTokenCheck(ctx.platform);
    const valid = await check(token);
    expect(valid?.clientId).toBe('so-gtvt');
    expect(valid?.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await check(`${token.slice(0, -2)}xx`)).toBeUndefined();
    expect(await check("' or 1=1 --")).toBeUndefined();
    await disableClient(ctx.platform, 'so-gtvt');
    expect(await check(token)).toBeUndefined();
  });
});
