import { useEffect, useState } from 'react';
import i18n from './i18n.ts';

/** RFC 9457 problem details, as the server sends them with `application/problem+json`. */
export interface Problem {
  type?: string;
  title: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: unknown;
}

export class ProblemError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.title);
    this.problem = problem;
  }
}

/** GETs JSON from the API; any failure becomes a ProblemError so the UI has one shape of error to show. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { Accept: 'application/json, application/problem+json', 'Accept-Language': i18n.language },
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ProblemError({ title: i18n.t('errors.network') });
  }
  const body: unknown = (res.headers.get('content-type') ?? '').includes('json')
    ? await res.json().catch(() => undefined)
    : undefined;
  if (res.ok && body !== undefined) return body as T;
  if (!res.ok && isProblem(body)) throw new ProblemError(body);
  throw new ProblemError({ title: i18n.t('errors.unexpected', { status: res.status }), status: res.status });
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).title === 'string';
}

export interface ApiState<T> {
  loading: boolean;
  data?: T;
  problem?: Problem;
}

/**
 * Loads `path` (nothing when null) and reloads when it changes, cancelling the previous request.
 * Previous data stays visible while the next request runs, so results do not flicker while typing.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  // The state names the path it answers: in the render where the path changes, before the effect below
  // starts the next request, the previous answer must not pass for the new path's (a search would say
  // "found 12 for <new words>" over the old list).
  const [state, setState] = useState<ApiState<T> & { path?: string | null }>({ loading: path !== null });
  useEffect(() => {
    if (path === null) {
      setState({ path, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((prev) => ({ path, data: prev.data, loading: true }));
    getJson<T>(path, controller.signal).then(
      (data) => setState({ path, loading: false, data }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const problem = err instanceof ProblemError ? err.problem : { title: String(err) };
        setState({ path, loading: false, problem });
      },
    );
    return () => controller.abort();
  }, [path]);
  return state.path === path ? state : { data: state.data, loading: path !== null };
}

/** Sends JSON (or nothing) and returns the JSON answer, if any; failures become a ProblemError like getJson's. */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T | undefined> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': i18n.language,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ProblemError({ title: i18n.t('errors.network') });
  }
  const json: unknown = (res.headers.get('content-type') ?? '').includes('json')
    ? await res.json().catch(() => undefined)
    : undefined;
  if (res.ok) return json as T | undefined;
  if (isProblem(json)) throw new ProblemError(json);
  throw new ProblemError({ title: i18n.t('errors.unexpected', { status: res.status }), status: res.status });
}

export const postJson = <T>(path: string, body?: unknown) => sendJson<T>('POST', path, body);
