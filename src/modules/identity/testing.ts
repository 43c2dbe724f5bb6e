import { generateKeyPair } from 'jose';
import * as oidc from 'openid-client';
import { freePort } from '../../platform/net.ts';
import { createRegistry } from '../registry/index.ts';

/**
 * Test helpers for the identity module: a listening platform whose public URL is its real address, a
 * resident to register, and a browser-like cookie jar for following the provider's redirects.
 */
export const officer = { id: 'p1', kind: 'officer' as const, jurisdiction: { province: '38' } };

export function resident(serial: number) {
  return {
    personalId: `038190${String(serial).padStart(6, '0')}`,
    fullName: 'Lê Thị Hoa',
    sex: 'female' as const,
    birthDate: '1990-03-08',
    currentAddress: { version: '2025' as const, commune: '14758', street: 'Số 5 phố Trần Phú' },
    effectiveDate: '2020-01-01',
    legalBasis: 'Luật Cư trú 2020',
  };
}

export async function addResident(platform: Parameters<typeof createRegistry>[0], serial: number) {
  const r = resident(serial);
  await createRegistry(platform).registerResident(officer, r);
  return r;
}

export const publicUrlOnFreePort = async () => `http://127.0.0.1:${await freePort()}`;

/** Keeps cookies by name across requests, as a browser on one site would. */
export function browser() {
  const jar = new Map<string, string>();
  const take = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name.trim(), value.join('='));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    async get(url: string) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
      take(res);
      return res;
    },
    async post(url: string, body: unknown, type: 'json' | 'form' = 'json') {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: cookie(),
          'content-type': type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
          origin: new URL(url).origin,
        },
        body:
          type === 'json'
            ? JSON.stringify(body)
            : new URLSearchParams(body as Record<string, string>).toString(),
      });
      take(res);
      return res;
    },
  };
}

export type Browser = ReturnType<typeof browser>;

/** Follows redirects (as a browser would) until one leaves `origin` or a page answers; returns that URL. */
export async function follow(
  b: Browser,
  url: string,
  origin: string,
): Promise<{ url: string; res: Response }> {
  let current = url;
  for (let hops = 0; hops < 10; hops++) {
    if (!current.startsWith(origin)) return { url: current, res: new Response(null) };
    const res = await b.get(current);
    const location = res.headers.get('location');
    if (!location || res.status < 300 || res.status >= 400) return { url: current, res };
    current = new URL(location, current).href;
  }
  throw new Error('too many redirects');
}

export async function agencyKeys() {
  return generateKeyPair('ES256', { extractable: true });
}

export { oidc };
