import type { ReactNode } from 'react';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useTexts } from './texts.ts';

export interface Citizen {
  accountId: string;
  personalId: string;
  fullName: string;
  level: number;
}

/**
 * Renders children for a person signed in with e-ID (the web session of the identity module); otherwise a
 * sign-in button that comes back to this page.
 */
export function RequireCitizen({
  title,
  returnTo,
  children,
}: {
  title: string;
  returnTo: string;
  children: (me: Citizen) => ReactNode;
}) {
  const t = useTexts();
  const me = useApi<Citizen>('/api/v1/me');
  if (me.data) return children(me.data);
  if (me.loading)
    return (
      <Page title={title}>
        <p role="status">{t.loading}</p>
      </Page>
    );
  if (me.problem && me.problem.status !== 401)
    return (
      <Page title={title}>
        <ProblemAlert problem={me.problem} />
      </Page>
    );
  return (
    <Page title={t.signInTitle}>
      <p className="lead">{t.signInLead}</p>
      <p>
        {/* A full page load: the server runs the OpenID sign-in and comes back here. */}
        <a className="button" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
          {t.signIn}
        </a>
      </p>
    </Page>
  );
}
