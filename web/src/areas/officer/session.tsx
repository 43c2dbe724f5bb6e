import { createContext, type ReactNode, use, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { getJson, type Problem, ProblemError } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { clearPurpose } from './purpose.tsx';
import { type Officer, postJson, SESSION } from './registry.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedIn'; officer: Officer }
  | { status: 'signedOut' }
  | { status: 'failed'; problem: Problem };

interface SessionContextValue {
  session: SessionState;
  /** Asks the server again, e.g. after a request answered 401. */
  refresh: () => void;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation re-runs the request on refresh()
  useEffect(() => {
    const controller = new AbortController();
    getJson<{ officer: Officer }>(SESSION, controller.signal).then(
      ({ officer }) => setSession({ status: 'signedIn', officer }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const problem = err instanceof ProblemError ? err.problem : { title: String(err) };
        if (problem.status === 401 || problem.code === 'auth.unauthenticated') {
          clearPurpose();
          setSession({ status: 'signedOut' });
        } else setSession({ status: 'failed', problem });
      },
    );
    return () => controller.abort();
  }, [generation]);

  const logout = useCallback(async () => {
    await postJson(`${SESSION}/logout`);
    clearPurpose();
    setSession({ status: 'signedOut' });
  }, []);

  return <SessionContext value={{ session, refresh, logout }}>{children}</SessionContext>;
}

/** Signed-in officer, name and jurisdiction, with the sign-out button: shown in the area header. */
export function SessionBar() {
  const { t } = useTranslation('officer');
  const { session, logout } = useSession();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<Problem>();
  if (session.status !== 'signedIn') {
    return session.status === 'signedOut' ? (
      <p className="session-bar muted">{t('session.notSignedIn')}</p>
    ) : null;
  }
  const { officer } = session;
  const signOut = () => {
    setProblem(undefined);
    logout().then(
      () => navigate('/officer'),
      (err: unknown) => setProblem(err instanceof ProblemError ? err.problem : { title: String(err) }),
    );
  };
  return (
    <div className="session-bar">
      <p className="session-officer">
        <span className="visually-hidden">{t('session.signedInAs')} </span>
        <strong>{officer.name}</strong>
        <span className="muted">
          {' '}
          · {t(`session.level.${officer.jurisdiction.level}`, { name: officer.jurisdiction.name })}
        </span>
      </p>
      <button type="button" className="button button-small button-secondary" onClick={signOut}>
        {t('session.logout')}
      </button>
      {problem && <ProblemAlert problem={problem} />}
    </div>
  );
}

/**
 * Renders children only for a signed-in officer; otherwise explains how to sign in (no sign-in form exists:
 * an administrator hands out one-time links until e-ID sign-in arrives).
 */
export function RequireOfficer({
  title,
  children,
}: {
  title: string;
  children: (officer: Officer) => ReactNode;
}) {
  const { t } = useTranslation('officer');
  const { session } = useSession();
  if (session.status === 'signedIn') return children(session.officer);
  if (session.status === 'loading') {
    return (
      <Page title={title}>
        <p role="status">{t('session.checking')}</p>
      </Page>
    );
  }
  if (session.status === 'failed') {
    return (
      <Page title={title}>
        <ProblemAlert problem={session.problem} />
      </Page>
    );
  }
  return <SignedOut />;
}

export function SignedOut() {
  const { t } = useTranslation('officer');
  return (
    <Page title={t('session.signedOutTitle')}>
      <p className="lead">{t('session.signedOutLead')}</p>
      <p>
        {/* A full page load: the server runs the sign-in with the OpenID provider (level 2 = two factors). */}
        <a className="button" href="/auth/login?returnTo=/officer&level=2">
          {t('session.signInEid')}
        </a>
      </p>
      <p className="hint">{t('session.signedOutEid')}</p>
      <div className="note">
        <p>{t('session.signedOutHow')}</p>
      </div>
    </Page>
  );
}

/** When a request answers 401 the session has ended: ask the server again so the page shows the signed-out state. */
export function useSessionExpiry(problem: Problem | undefined): void {
  const { refresh } = useSession();
  const expired = problem?.status === 401 || problem?.code === 'auth.unauthenticated';
  useEffect(() => {
    if (expired) refresh();
  }, [expired, refresh]);
}
