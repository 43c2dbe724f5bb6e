import { createContext, type ReactNode, use, useCallback, useEffect, useState } from 'react';
import { getJson, type Problem, ProblemError } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useTexts } from './texts.ts';
import { type Me, type Membership, postJson, TRACE } from './trace.ts';

type State =
  | { status: 'loading' }
  | { status: 'signedIn'; me: Me }
  | { status: 'signedOut' }
  | { status: 'failed'; problem: Problem };

interface Value {
  state: State;
  /** The business the user acts for now (the first, or the one chosen). */
  business: Membership | undefined;
  choose: (businessId: string) => void;
  logout: () => void;
}

const Context = createContext<Value | null>(null);
const STORAGE = 'citizen-stack.business';

export function useBusiness(): Value {
  const value = use(Context);
  if (!value) throw new Error('useBusiness outside BusinessProvider');
  return value;
}

export function BusinessProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [chosen, setChosen] = useState<string | null>(() => {
    try {
      return sessionStorage.getItem(STORAGE);
    } catch {
      return null;
    }
  });
  useEffect(() => {
    const controller = new AbortController();
    getJson<Me>(`${TRACE}/me`, controller.signal).then(
      (me) => setState({ status: 'signedIn', me }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const problem = err instanceof ProblemError ? err.problem : { title: String(err) };
        setState(problem.status === 401 ? { status: 'signedOut' } : { status: 'failed', problem });
      },
    );
    return () => controller.abort();
  }, []);
  const choose = useCallback((id: string) => {
    setChosen(id);
    try {
      sessionStorage.setItem(STORAGE, id);
    } catch {
      // remembered for this page only
    }
  }, []);
  const logout = useCallback(() => {
    postJson('/api/v1/session/logout').finally(() => setState({ status: 'signedOut' }));
  }, []);
  const memberships = state.status === 'signedIn' ? state.me.memberships : [];
  const business = memberships.find((m) => m.businessId === chosen) ?? memberships[0];
  return <Context value={{ state, business, choose, logout }}>{children}</Context>;
}

/** Name, business (with a chooser when several) and sign-out, in the area bar. */
export function BusinessBar() {
  const t = useTexts();
  const { state, business, choose, logout } = useBusiness();
  if (state.status !== 'signedIn') return null;
  const { me } = state;
  return (
    <div className="session-bar">
      <p className="session-officer">
        <strong>{me.user.name}</strong>
        {business && (
          <span className="muted">
            {' '}
            · {business.name} ({t.roles[business.role]})
          </span>
        )}
        {!business && me.authority && <span className="muted"> · {t.authority}</span>}
      </p>
      {me.memberships.length > 1 && (
        <label className="business-choice">
          <span className="visually-hidden">{t.actingFor}</span>
          <select value={business?.businessId} onChange={(e) => choose(e.target.value)}>
            {me.memberships.map((m) => (
              <option key={m.businessId} value={m.businessId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="button button-small button-secondary" onClick={logout}>
        {t.logout}
      </button>
    </div>
  );
}

/** How to get in: e-ID sign-in at level 2 (two factors), which opens the business session. */
function SignedOut() {
  const t = useTexts();
  const returnTo = typeof window === 'undefined' ? '/business' : window.location.pathname;
  return (
    <Page title={t.signedOutTitle}>
      <p className="lead">{t.signedOutLead}</p>
      <p>
        <a className="button" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}&level=2`}>
          {t.eIdSignIn}
        </a>
      </p>
      <div className="note">
        <p>{t.signedOutHow}</p>
      </div>
    </Page>
  );
}

/** Renders children for any signed-in user (the registry page decides by `me.authority`). */
export function RequireSignedIn({ title, children }: { title: string; children: (me: Me) => ReactNode }) {
  const t = useTexts();
  const { state } = useBusiness();
  if (state.status === 'loading')
    return (
      <Page title={title}>
        <p role="status">{t.checking}</p>
      </Page>
    );
  if (state.status === 'failed')
    return (
      <Page title={title}>
        <ProblemAlert problem={state.problem} />
      </Page>
    );
  if (state.status === 'signedOut') return <SignedOut />;
  return children(state.me);
}

/** Renders children for a signed-in member of a business; otherwise explains how to get access. */
export function RequireBusiness({
  title,
  children,
}: {
  title: string;
  children: (business: Membership, me: Me) => ReactNode;
}) {
  const t = useTexts();
  const { state, business } = useBusiness();
  if (state.status === 'loading')
    return (
      <Page title={title}>
        <p role="status">{t.checking}</p>
      </Page>
    );
  if (state.status === 'failed')
    return (
      <Page title={title}>
        <ProblemAlert problem={state.problem} />
      </Page>
    );
  if (state.status === 'signedOut') return <SignedOut />;
  if (!business)
    return (
      <Page title={title}>
        <p className="note">{t.noBusiness}</p>
      </Page>
    );
  return children(business, state.me);
}
