import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response. The web app has no inline scripts or styles, so the CSP can be
 * strict; a route that needs another policy (the API reference) sets its own header first.
 */
const CSP = [
  "default-src 'self'",
  // WebAssembly compilation only (no eval): the QR scanner's fallback decoder for browsers without BarcodeDetector.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    // Set before the handler runs, so a route with its own policy (the API reference) replaces it.
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(self), geolocation=(), microphone=(), payment=()');
    // HSTS only means something over TLS; behind a proxy request.protocol comes from X-Forwarded-Proto.
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    done();
  });
}
