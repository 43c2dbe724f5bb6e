/**
 * GS1-Conformant resolver (GS1-Conformant Resolver Standard 1.2): Digital Link URIs on the platform host
 * answer with the consumer page for browsers and a linkset (RFC 9264, application/linkset+json) for apps.
 * Unknown codes answer 404 and malformed ones 400, as problem+json or as a friendly page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { sendProblem } from '../../platform/http/problem.ts';
import { type Lang, negotiate } from '../../platform/i18n/index.ts';
import { type DigitalLink, digitalLinkPath, parseDigitalLink } from './gs1.ts';
import { renderProblemPage, renderScanPage, SCAN_PAGE_CSP } from './scan-page.ts';
import type { Trace } from './service.ts';

export const GS1_VOC = 'https://gs1.org/voc/';
export const LINK_TYPES = [
  'pip',
  'defaultLink',
  'traceability',
  'certificationInfo',
  'recallStatus',
  'epcis',
] as const;

/** The resolver description file at /.well-known/gs1resolver (its JSON schema is a normative artefact). */
export function resolverDescription(publicUrl: string) {
  return {
    name: 'Citizen Stack traceability resolver',
    resolverRoot: publicUrl,
    supportedPrimaryKeys: ['01'],
    supportedLinkType: [{ namespace: GS1_VOC, prefix: 'gs1:', profile: `${GS1_VOC}?show=linktypes` }],
    linkTypeDefaultCanBeLinkset: true,
    supportedContextValuesEnumerated: [],
    contact: { fn: 'Citizen Stack', hasURL: `${publicUrl}/public/traceability` },
  };
}

interface Link {
  href: string;
  title: string;
  type: string;
  hreflang?: string[];
}

export function linkset(base: string, link: DigitalLink, view: Awaited<ReturnType<Trace['scan']>>) {
  const anchor = `${base}${digitalLinkPath({ key: link.key, qualifiers: link.qualifiers })}`;
  const code = encodeURIComponent(view.code.path);
  const page = (lang: Lang): Link => ({
    href: `${anchor}?lang=${lang}`,
    title:
      lang === 'vi'
        ? `Thông tin sản phẩm: ${view.product.name}`
        : `Product information: ${view.product.nameEn ?? view.product.name}`,
    type: 'text/html',
    hreflang: [lang],
  });
  const entry: Record<string, unknown> = {
    anchor,
    [`${GS1_VOC}defaultLink`]: [page('vi')],
    [`${GS1_VOC}pip`]: [page('vi'), page('en')],
    [`${GS1_VOC}traceability`]: [
      {
        href: `${base}/api/v1/trace/public/items?code=${code}`,
        title: 'Journey (JSON)',
        type: 'application/json',
      },
    ],
    [`${GS1_VOC}certificationInfo`]: [
      {
        href: `${base}/api/v1/trace/public/items?code=${code}`,
        title: 'Certifications (JSON)',
        type: 'application/json',
      },
    ],
    [`${GS1_VOC}recallStatus`]: [
      {
        href: `${base}/api/v1/trace/public/recall-status?code=${code}`,
        title: 'Recall status (JSON)',
        type: 'application/json',
      },
    ],
    [`${GS1_VOC}epcis`]: [
      { href: `${base}/epcis`, title: 'EPCIS 2.0 repository (business partners)', type: 'application/json' },
    ],
  };
  return { linkset: [entry] };
}

/** Which representation the client wants: the linkset, a redirect to one link type, or the page. */
function wanted(request: FastifyRequest, link: DigitalLink): 'linkset' | 'page' | { linkType: string } {
  const linkType = link.other.linkType;
  if (linkType === 'linkset' || linkType === 'all') return 'linkset';
  if (linkType) return { linkType: linkType.replace(/^gs1:/, GS1_VOC) };
  const accept = String(request.headers.accept ?? '');
  const q = (type: RegExp) => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [mime = '', ...params] = part.trim().split(';');
      if (!type.test(mime.trim())) continue;
      const qp = params.find((p) => p.trim().startsWith('q='));
      best = Math.max(best, qp ? Number(qp.trim().slice(2)) : 1);
    }
    return best;
  };
  const json = Math.max(
    q(/^application\/linkset\+json$/),
    q(/^application\/json$/),
    q(/^application\/ld\+json$/),
  );
  const html = Math.max(q(/^text\/html$/), q(/^application\/xhtml\+xml$/));
  return json > 0 && json >= html ? 'linkset' : 'page';
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return accept.includes('text/html');
}

export function langOf(request: FastifyRequest, other: Record<string, string> = {}): Lang {
  const given = other.lang ?? (request.query as Record<string, string> | undefined)?.lang;
  if (given === 'vi' || given === 'en') return given;
  return negotiate(request.headers['accept-language']);
}

// Rendered answers kept beside each cached view (the view cache in service.ts decides how long a view
// lives; when it is dropped, these go with it). A view's linkset depends only on the view and the base.
const linksetJson = new WeakMap<object, { base: string; json: string }>();
const pages = new WeakMap<object, Map<string, string>>();
const PAGES_PER_VIEW = 4; // vi/en × with and without the thank-you line; other URLs are rendered each time

function linksetOf(base: string, link: DigitalLink, view: Awaited<ReturnType<Trace['scan']>>): string {
  const kept = linksetJson.get(view);
  if (kept && kept.base === base) return kept.json;
  const json = JSON.stringify(linkset(base, link, view));
  linksetJson.set(view, { base, json });
  return json;
}

function pageOf(
  view: Awaited<ReturnType<Trace['scan']>>,
  lang: Lang,
  url: string,
  reported: boolean,
  communes: { code: string; name: string }[] | undefined,
): string {
  let kept = pages.get(view);
  if (!kept) {
    kept = new Map();
    pages.set(view, kept);
  }
  const key = `${lang}|${reported ? 1 : 0}|${url}`;
  let html = kept.get(key);
  if (html === undefined) {
    html = renderScanPage(view, lang, url, { reported, communes });
    if (kept.size < PAGES_PER_VIEW) kept.set(key, html);
  }
  return html;
}

/** Answers GET on a Digital Link URI. */
export async function resolve(request: FastifyRequest, reply: FastifyReply, trace: Trace, base: string) {
  reply.header('vary', 'Accept, Accept-Language');
  reply.header('cache-control', 'no-cache'); // a recall must show at once
  let link: DigitalLink;
  try {
    link = parseDigitalLink(request.url);
  } catch (error) {
    return failure(request, reply, error, 'invalid');
  }
  const anchor = `${base}${digitalLinkPath({ key: link.key, qualifiers: link.qualifiers })}`;
  reply.header('link', `<${anchor}?linkType=linkset>; rel="linkset"; type="application/linkset+json"`);
  let view: Awaited<ReturnType<Trace['scan']>>;
  try {
    view = await trace.scan(link);
  } catch (error) {
    return failure(request, reply, error, 'not_found', digitalLinkPath(link));
  }
  const want = wanted(request, link);
  if (want === 'linkset') return reply.type('application/linkset+json').send(linksetOf(base, link, view));
  if (typeof want === 'object') {
    const set = linkset(base, link, view).linkset[0] as Record<string, Link[] | string>;
    const target = set[want.linkType] as Link[] | undefined;
    const lang = langOf(request, link.other);
    const choice = target?.find((l) => l.hreflang?.includes(lang)) ?? target?.[0];
    // The standard: a link type the resolver does not have falls back to the default link (this page).
    if (choice && !want.linkType.endsWith('/pip') && !want.linkType.endsWith('/defaultLink'))
      return reply.redirect(choice.href, 307);
  }
  const lang = langOf(request, link.other);
  reply.header('content-security-policy', SCAN_PAGE_CSP);
  reply.header('content-language', lang);
  return reply
    .type('text/html; charset=utf-8')
    .send(
      pageOf(
        view,
        lang,
        request.url,
        link.other.reported === '1',
        view.code.serial ? await trace.scanPlaces() : undefined,
      ),
    );
}

function failure(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  kind: 'invalid' | 'not_found',
  code?: string,
) {
  if (!(error instanceof AppError)) throw error;
  if (!wantsHtml(request)) return sendProblem(request, reply, error);
  const lang = langOf(request);
  reply.header('content-security-policy', SCAN_PAGE_CSP);
  return reply
    .status(error.status)
    .type('text/html; charset=utf-8')
    .send(
      renderProblemPage(lang, error.status === 404 ? 'not_found' : kind, error.message, request.url, code),
    );
}
