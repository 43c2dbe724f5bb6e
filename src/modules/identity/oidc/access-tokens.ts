import type { IncomingHttpHeaders } from 'node:http';
import { sql } from 'kysely';
import type { Platform } from '../../../platform/context.ts';
import { certificateThumbprint, clientCertificate } from '../../../platform/http/client-cert.ts';

export interface SystemToken {
  clientId: string;
  scope: string;
  expiresAt: Date;
  /** RFC 8705 `x5t#S256`: the token is usable only with this client certificate. */
  certificateThumbprint: string | null;
}

/**
 * Resource servers inside the platform (the exchange gateway) validate an agency system's opaque access
 * token in-process: oidc-provider stores a client-credentials token under its value (`ClientCredentials`
 * model), so one indexed read of the provider's own table answers, refusing expired tokens and tokens
 * of a disabled client (disabling also deletes them). A certificate-bound token carries its thumbprint:
 * the caller must check the certificate presented with it.
 */
export function createSystemTokenCheck(platform: Platform) {
  return async (token: string): Promise<SystemToken | undefined> => {
    if (!/^[A-Za-z0-9_-]{20,256}$/.test(token)) return undefined;
    const now = platform.clock.now();
    const { rows } = await sql<{
      client_id: string;
      scope: string | null;
      expires_at: Date;
      x5t: string | null;
    }>`
      select p.payload->>'clientId' as client_id, p.payload->>'scope' as scope, p.expires_at,
        p.payload->>'x5t#S256' as x5t
      from identity.oidc_payload p
      join identity.client c on c.client_id = p.payload->>'clientId' and c.disabled_at is null
      where p.model = 'ClientCredentials' and p.id = ${token} and p.expires_at > ${now}
        -- A DPoP-bound token needs a proof this check does not see: refuse it.
        and p.payload->>'jkt' is null`.execute(platform.db);
    const row = rows[0];
    return row
      ? {
          clientId: row.client_id,
          scope: row.scope ?? '',
          expiresAt: row.expires_at,
          certificateThumbprint: row.x5t,
        }
      : undefined;
  };
}

/** Whether a request may use the token: a certificate-bound one needs the same certificate (RFC 8705 §3). */
export function presentedByHolder(platform: Platform, token: SystemToken, headers: IncomingHttpHeaders) {
  if (!token.certificateThumbprint) return true;
  const certificate = clientCertificate(headers, platform.config.trustProxy);
  return certificate !== undefined && certificateThumbprint(certificate) === token.certificateThumbprint;
}
