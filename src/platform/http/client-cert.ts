import { hash, X509Certificate } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The client certificate that a TLS-terminating proxy verified and passed on in the `Client-Cert` header
 * (RFC 9440: the DER certificate as a structured-field byte sequence, `:<base64>:`). It is read only
 * behind a trusted proxy (CITIZEN_TRUST_PROXY): from anyone else the header is a claim, not a proof.
 */
export function clientCertificate(
  headers: IncomingHttpHeaders,
  trustProxy: boolean,
): X509Certificate | undefined {
  if (!trustProxy) return undefined;
  const raw = headers['client-cert'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  const der = value && /^:([A-Za-z0-9+/]+={0,2}):$/.exec(value)?.[1];
  if (!der) return undefined;
  try {
    return new X509Certificate(Buffer.from(der, 'base64'));
  } catch {
    return undefined;
  }
}

/** RFC 8705 §3.1: the base64url SHA-256 of the DER certificate, as in a token's `cnf.x5t#S256`. */
export const certificateThumbprint = (certificate: X509Certificate) =>
  hash('sha256', certificate.raw, 'base64url');
