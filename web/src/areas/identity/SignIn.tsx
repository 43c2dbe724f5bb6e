import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
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

  const [secondFactor, setSecondFactor] = useState(false);
  const [represent, setRepresent] = useState<{ mandateId: string; kind: string; fullName: string }[]>();

  async function step(path: string, body?: unknown) {
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await postJson<{
        redirectTo?: string;
        secondFactor?: 'totp';
        represent?: { mandateId: string; kind: string; fullName: string }[];
      }>(`/oidc/interaction/${uid}/${path}`, body ?? {});
      if (answer?.redirectTo) return window.location.assign(answer.redirectTo);
      setSecondFactor(answer?.secondFactor === 'totp');
      setRepresent(answer?.represent);
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
      // A wrong second factor ends that attempt: back to the password.
      if (path === 'totp') setSecondFactor(false);
    }
    setBusy(false);
  }

  async function withPasskey() {
    setProblem(undefined);
    try {
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const options = await postJson<PublicKeyCredentialRequestOptionsJSON>(
        `/oidc/interaction/${uid}/passkey/options`,
      );
      if (!options) return;
      const response = await startAuthentication({ optionsJSON: options });
      await step('passkey', { response });
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: t('signIn.passkeyFailed') });
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
          <button type="button" className="button" disabled={busy} onClick={() => step('consent')}>
            {t('consent.allow')}
          </button>{' '}
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => step('abort')}
          >
            {t('consent.deny')}
          </button>
        </div>
      </Page>
    );
  }

  if (represent) {
    return (
      <Page title={t('signIn.representTitle')}>
        <p>{t('signIn.representLead')}</p>
        <div className="stack">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => step('represent', { mandateId: null })}
          >
            {t('signIn.myself')}
          </button>
          {represent.map((r) => (
            <button
              type="button"
              className="button button-secondary"
              key={r.mandateId}
              disabled={busy}
              onClick={() => step('represent', { mandateId: r.mandateId })}
            >
              {t(r.kind === 'guardian' ? 'signIn.forChild' : 'signIn.forPerson', { name: r.fullName })}
            </button>
          ))}
        </div>
        {problem && <ProblemAlert problem={problem} />}
      </Page>
    );
  }

  if (secondFactor) {
    const submitCode = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const value = String(new FormData(event.currentTarget).get('code') ?? '').trim();
      void step('totp', /^[0-9]{6}$/.test(value) ? { code: value } : { recoveryCode: value });
    };
    return (
      <Page title={t('signIn.secondFactorTitle')}>
        <form onSubmit={submitCode} className="stack">
          <label>
            {t('signIn.code')}
            <input name="code" autoComplete="one-time-code" required maxLength={20} />
            <span className="muted">{t('signIn.codeHint')}</span>
          </label>
          {problem && <ProblemAlert problem={problem} />}
          <button type="submit" className="button" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
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
        <button type="submit" className="button" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <FederatedSignIn uid={d.uid} />
      <p>
        <button type="button" className="button button-secondary" disabled={busy} onClick={withPasskey}>
          {t('signIn.passkey')}
        </button>
      </p>
      <p>
        <Link to="/register">{t('signIn.register')}</Link> ·{' '}
        <Link to="/password-reset">{t('signIn.forgot')}</Link>
      </p>
    </Page>
  );
}
