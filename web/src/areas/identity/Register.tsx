import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError, postJson } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

/** Level 1 self-registration: identity matched against the registry, then a code to the phone. */
export function Register() {
  const { t } = useTranslation('identity');
  const [challenge, setChallenge] = useState<{ id: string; phone: string }>();
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
    const f = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    void run(async () => {
      const answer = await postJson<{ challengeId: string }>('/api/v1/identity/registrations', f);
      if (answer) setChallenge({ id: answer.challengeId, phone: f.phone ?? '' });
    });
  };
  const finish = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = Object.fromEntries(new FormData(event.currentTarget));
    void run(async () => {
      await postJson(`/api/v1/identity/registrations/${challenge?.id}/complete`, f);
      setDone(true);
    });
  };

  return (
    <Page title={t('register.title')}>
      {done ? (
        <>
          <p>{t('register.done')}</p>
          <a className="button" href="/auth/login?returnTo=/account">
            {t('register.signIn')}
          </a>
        </>
      ) : challenge ? (
        <form onSubmit={finish} className="stack">
          <label>
            {t('register.code', { phone: challenge.phone })}
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required />
          </label>
          <label>
            {t('register.password')}
            <input name="password" type="password" autoComplete="new-password" minLength={8} required />
          </label>
          {problem && <ProblemAlert problem={problem} />}
          <button type="submit" className="button">
            {t('register.finish')}
          </button>
        </form>
      ) : (
        <form onSubmit={start} className="stack">
          <p>{t('register.lead')}</p>
          <label>
            {t('signIn.personalId')}
            <input name="personalId" inputMode="numeric" pattern="[0-9]{12}" required />
          </label>
          <label>
            {t('register.fullName')}
            <input name="fullName" autoComplete="name" required />
          </label>
          <label>
            {t('register.birthDate')}
            <input name="birthDate" type="date" required />
          </label>
          <fieldset>
            <legend>{t('register.sex')}</legend>
            <label className="check">
              <input type="radio" name="sex" value="male" required /> {t('register.male')}
            </label>
            <label className="check">
              <input type="radio" name="sex" value="female" /> {t('register.female')}
            </label>
          </fieldset>
          <label>
            {t('register.phone')}
            <input name="phone" type="tel" autoComplete="tel" pattern="(\+84|0)[0-9]{9}" required />
          </label>
          {problem && <ProblemAlert problem={problem} />}
          <button type="submit" className="button">
            {t('register.next')}
          </button>
        </form>
      )}
    </Page>
  );
}
