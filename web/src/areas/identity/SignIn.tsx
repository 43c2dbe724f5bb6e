import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Problem, ProblemError, postJson, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { FederatedSignIn } from './FederatedSignIn.tsx';

interface Details {
  uid: string;
  prompt: 'login' | 'consent';
  client: { id: string; name: string };
  scopes: string[];
  levelRequired: number;
}

/** The provider's sign-in and consent steps (/oidc/interaction/:uid): the server finishes each step. */
export function SignIn() {
  const { t } = useTranslation('identity');
  const { uid } = useParams();
  const details = useApi<Details>(`/oidc/interaction/${uid}/details`);
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);

  async function step(path: string, body?: unknown) {
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await postJson<{ redirectTo: string }>(`/oidc/interaction/${uid}/${path}`, body ?? {});
      if (answer) window.location.assign(answer.redirectTo);
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
      setBusy(false);
    }
  }

  if (details.problem) {
    return (
      <Page title={t('signIn.title')}>
        <p>{t('signIn.expired')}</p>
      </Page>
    );
  }
  const d = details.data;
  if (!d) return <Page title={t('signIn.title')} />;

  if (d.prompt === 'consent') {
    return (
      <Page title={t('consent.title')}>
        <p>{t('consent.lead', { client: d.client.name })}</p>
        <ul>
          {d.scopes.map((s) => (
            <li key={s}>{t(`consent.scopes.${s}`, { defaultValue: s })}</li>
          ))}
        </ul>
        <p className="muted">{t('consent.note')}</p>
        {problem && <ProblemAlert problem={problem} />}
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => step('consent')}>
            {t('consent.allow')}
          </button>{' '}
          <button type="button" className="secondary" disabled={busy} onClick={() => step('abort')}>
            {t('consent.deny')}
          </button>
        </div>
      </Page>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void step('login', { personalId: form.get('personalId'), password: form.get('password') });
  };
  return (
    <Page title={t('signIn.title')}>
      <p>{t('signIn.to', { client: d.client.name })}</p>
      {d.levelRequired === 2 && <p className="muted">{t('signIn.level2')}</p>}
      <form onSubmit={submit} className="stack">
        <label>
          {t('signIn.personalId')}
          <input name="personalId" inputMode="numeric" autoComplete="username" required maxLength={12} />
          <span className="muted">{t('signIn.personalIdHint')}</span>
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {problem && <ProblemAlert problem={problem} />}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <FederatedSignIn uid={d.uid} />
      <p>
        <Link to="/register">{t('signIn.register')}</Link>
      </p>
    </Page>
  );
}
