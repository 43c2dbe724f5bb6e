import type { FastifyInstance } from 'fastify';
import type { Role } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { createRegistry } from '../registry/index.ts';

/**
 * Test helpers of the dossiers module: residents in the registry, officers with sessions, a citizen signed
 * in to the web app with e-ID (the real OpenID flow, through a listening app), multipart bodies.
 */
const registrar = { id: 'dossiers-test', kind: 'officer' as const, jurisdiction: { province: '38' } };

export function person(serial: number, commune = '14758') {
  return {
    // Digit 4 of the personal ID is the sex and century: 1 a woman, 0 a man born in the 1900s.
    personalId: `038${serial % 2 ? 1 : 0}90${String(serial).padStart(6, '0')}`,
    fullName: serial % 2 ? 'Lê Thị Hoa' : 'Nguyễn Văn Nam',
    sex: serial % 2 ? ('female' as const) : ('male' as const),
    birthDate: '1990-03-08',
    currentAddress: { version: '2025' as const, commune, street: 'Số 5 phố Trần Phú' },
    effectiveDate: '2020-01-01',
    legalBasis: 'Luật Cư trú 2020',
  };
}

export async function addPerson(platform: Platform, serial: number, commune = '14758') {
  const p = person(serial, commune);
  await createRegistry(platform).registerResident(registrar, p);
  return p;
}

export async function officerCookie(
  platform: Platform,
  input: {
    jurisdiction: { level: 'province' | 'commune'; code: string };
    roles: Role[];
    agency?: string;
    name?: string;
  },
) {
  const officer = await platform.auth.addOfficer({
    name: input.name ?? `Cán bộ ${Math.random().toString(36).slice(2, 8)}`,
    roles: input.roles,
    jurisdiction: input.jurisdiction,
    ...(input.agency ? { agency: input.agency } : {}),
  });
  const { session } = await platform.auth.redeemLink(await platform.auth.issueLink(officer.id), 'test');
  return { cookie: `citizen_session=${session}`, id: officer.id };
}

/** Registers the person's e-ID account (code from the developer inbox) and signs in; returns the cookie. */
export async function signedInCitizen(
  platform: Platform,
  base: string,
  p: { personalId: string; fullName: string; birthDate: string; sex: 'male' | 'female' },
  phone: string,
): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const request = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { cookie: cookie(), origin: base, ...(init.headers as Record<string, string>) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name.trim(), value.join('='));
    }
    return res;
  };
  const json = (url: string, body: unknown) =>
    request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const follow = async (url: string) => {
    let current = url;
    for (let hops = 0; hops < 10 && current.startsWith(base); hops++) {
      const res = await request(current);
      const to = res.headers.get('location');
      if (!to) return current;
      current = new URL(to, current).href;
    }
    return current;
  };
  const password = 'hoa-sen-ven-ho-2024';
  const start = await json(`${base}/api/v1/identity/registrations`, {
    personalId: p.personalId,
    fullName: p.fullName,
    birthDate: p.birthDate,
    sex: p.sex,
    phone,
  });
  if (start.status !== 202) throw new Error(`registration: ${start.status} ${await start.text()}`);
  const { challengeId } = (await start.json()) as { challengeId: string };
  const sms = (await platform.notify.inbox(20)).find((m) => m.to === phone);
  const code = /(\d{6})/.exec(sms?.text ?? '')?.[1];
  const done = await json(`${base}/api/v1/identity/registrations/${challengeId}/complete`, {
    code,
    password,
  });
  if (done.status !== 201) throw new Error(`registration complete: ${done.status}`);
  const page = await follow(`${base}/auth/login?returnTo=/citizen`);
  const uid = /\/oidc\/interaction\/([^/?]+)/.exec(page)?.[1];
  const login = await json(`${base}/oidc/interaction/${uid}/login`, { personalId: p.personalId, password });
  const { redirectTo } = (await login.json()) as { redirectTo: string };
  const landed = await follow(redirectTo);
  if (landed !== `${base}/citizen`) throw new Error(`sign-in landed on ${landed}`);
  return cookie();
}

/** A multipart/form-data body with fields and one file. */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; type: string; content: Buffer },
) {
  const boundary = `----dossiers${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** `app.inject` with a cookie and our origin; JSON in and out. */
export function caller(app: FastifyInstance, base: string) {
  return async (
    cookie: string | undefined,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: { origin: base, ...(cookie ? { cookie } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    let json: Record<string, unknown> = {};
    try {
      json = res.json();
    } catch {}
    return { status: res.statusCode, json, res };
  };
}
