import type { FastifyInstance } from 'fastify';

/**
 * A fetch that answers requests to the platform's own public URL in-process (`inject`), and sends anything
 * else to the network: the web app's client and the provider's back-channel calls then work the same
 * behind any proxy, and in tests without a listening socket.
 */
export function localFetch(app: FastifyInstance, publicUrl: string) {
  const base = new URL(publicUrl);
  return async (url: string, options: RequestInit = {}): Promise<Response> => {
    const target = new URL(url);
    if (target.origin !== base.origin) {
      // oidc-provider passes a dispatcher that refuses private and loopback addresses (against SSRF by
      // dynamically registered clients). Here only administrators register clients, and agencies' systems
      // sit on the provincial network's private addresses, so their back-channel URLs must be reachable.
      const { dispatcher: _guard, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    }
    const headers: Record<string, string> = Object.fromEntries(new Headers(options.headers));
    headers.host = base.host;
    const res = await app.inject({
      method: (options.method ?? 'GET') as 'GET' | 'POST',
      url: target.pathname + target.search,
      headers,
      payload: (options.body instanceof URLSearchParams
        ? options.body.toString()
        : (options.body ?? undefined)) as string | Buffer | undefined,
    });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    }
    const empty = res.statusCode === 204 || res.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(res.rawPayload), {
      status: res.statusCode,
      headers: out,
    });
  };
}
