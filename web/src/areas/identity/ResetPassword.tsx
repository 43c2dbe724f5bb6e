import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError, postJson } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

/**
 * Forgotten password: a code to the account's phone, or the code an officer handed over at a counter
 * (then the page opens with `?challenge=`), and a new password.
 */
export function ResetPassword() {
  const { t } = useTranslation('identity');
  const fromCounter = new URLSearchParams(window.location.search).get('challenge');
  const [challenge, setChallenge] = useState<string | null>(fromCounter);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  async function run(work: () => Promise<void>) {
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
    }
  }
  const start = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const personalId = new FormData(event.currentTarget).get('personalId');
    void run(async () => {
      const answer = await postJson<{ challengeId: string }>('/api/v1/identity/password-resets', {
        personalId,
      });
      setChallenge(answer?.challengeId ?? null);
    });
  };
  const finish = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = Object.fromEntries(new FormData(event.currentTarget));
    void run(async () => {
      await postJson(`/api/v1/identity/password-resets/${challenge}/complete`, f);
      setDone(true);
    });
  };

  return (
    <Page title={t('reset.title')}>
      {done ? (
        <>
          <p>{t('reset.done')}</p>
          <a className="button" href="/auth/login?returnTo=/account">
            {t('register.signIn')}
          </a>
        </>
      ) : challenge ? (
        <form onSubmit={finish} className="stack">
          <p>{t('reset.codeSent')}</p>
          <label>
            {t('reset.code')}
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required />
          </label>
          <label>
            {t('register.password')}
            <input name="password" type="password" autoComplete="new-password" minLength={8} required />
          </label>
          {problem && <ProblemAlert problem={problem} />}
          <button type="submit" className="button">
            {t('reset.save')}
          </button>
        </form>
      ) : (
        <form onSubmit={start} className="stack">
          <p>{t('reset.lead')}</p>
          <label>
            {t('signIn.personalId')}
            <input name="personalId" inputMode="numeric" pattern="[0-9]{12}" required />
          </label>
          {problem && <ProblemAlert problem={problem} />}
          <button type="submit" className="button">
            {t('register.next')}
          </button>
          <p className="hint">{t('reset.noPhone')}</p>
        </form>
      )}
    </Page>
  );
}
