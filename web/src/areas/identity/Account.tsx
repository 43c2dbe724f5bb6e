import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError, postJson, sendJson, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ExchangeConsents } from './ExchangeConsents.tsx';

interface Me {
  accountId: string;
  personalId: string;
  fullName: string;
  level: number;
  totp: boolean;
}
interface Passkey {
  id: string;
  name: string;
  createdAt: string;
}
interface Session {
  id: string;
  device: string | null;
  createdAt: string;
  current: boolean;
}
interface Consent {
  id: string;
  clientName: string;
  scopes: string[];
  grantedAt: string;
  revokedAt: string | null;
}
interface Access {
  at: string;
  actor: string;
  action: string;
  purpose: string | null;
}

const when = (iso: string) => new Date(iso).toLocaleString('vi-VN');

/** The person's own page: level, devices, consents (withdrawable) and who accessed their data. */
export function Account() {
  const { t } = useTranslation('identity');
  const [version, setVersion] = useState(0);
  const me = useApi<Me>('/api/v1/me');
  const sessions = useApi<Session[]>(me.data ? `/api/v1/me/sessions?v=${version}` : null);
  const consents = useApi<Consent[]>(me.data ? `/api/v1/me/consents?v=${version}` : null);
  const log = useApi<Access[]>(me.data ? '/api/v1/me/access-log' : null);
  const passkeys = useApi<Passkey[]>(me.data ? `/api/v1/me/passkeys?v=${version}` : null);

  if (me.problem) {
    return (
      <Page title={t('account.title')}>
        <p>{t('account.signedOut')}</p>
        <a className="button" href="/auth/login?returnTo=/account">
          {t('account.signIn')}
        </a>
      </Page>
    );
  }
  if (!me.data) return <Page title={t('account.title')} />;
  const act = async (work: Promise<unknown>) => {
    await work;
    setVersion((v) => v + 1);
  };
  const actorName = (actor: string) => {
    const [kind, id] = actor.split(':');
    if (kind === 'account' && id === me.data?.accountId) return t('account.actors.me');
    if (actor === 'system:identity') return t('account.actors.identity');
    if (kind === 'officer') return t('account.actors.officer');
    return kind === 'system' ? t('account.actors.system') : actor;
  };
  const logout = async () => {
    const answer = await postJson<{ redirectTo: string }>('/auth/logout');
    window.location.assign(answer?.redirectTo ?? '/');
  };

  return (
    <Page title={t('account.title')}>
      <p>
        <strong>{me.data.fullName}</strong> · {me.data.personalId} ·{' '}
        {t('account.level', { level: me.data.level })}
      </p>
      <button type="button" className="button" onClick={logout}>
        {t('account.logout')}
      </button>

      <h2>{t('account.security')}</h2>
      <h3>{t('account.passkeys')}</h3>
      <ul>
        {passkeys.data?.map((p) => (
          <li key={p.id}>
            {p.name} · {when(p.createdAt)}
          </li>
        ))}
      </ul>
      <AddPasskey onAdded={() => setVersion((v) => v + 1)} />
      <Totp enabled={me.data.totp} />

      <Mandates version={version} onChange={() => setVersion((v) => v + 1)} />

      <h2>{t('account.sessions')}</h2>
      <ul>
        {sessions.data?.map((s) => (
          <li key={s.id}>
            {s.device ?? '—'} · {when(s.createdAt)} {s.current && <em>({t('account.thisDevice')})</em>}{' '}
            {!s.current && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => act(sendJson('DELETE', `/api/v1/me/sessions/${s.id}`))}
              >
                {t('account.signOutDevice')}
              </button>
            )}
          </li>
        ))}
      </ul>

      <h2>{t('account.consents')}</h2>
      {consents.data?.length === 0 && <p>{t('account.none')}</p>}
      <ul>
        {consents.data?.map((c) => (
          <li key={c.id}>
            <strong>{c.clientName}</strong>: {c.scopes.join(', ')} · {when(c.grantedAt)}{' '}
            {c.revokedAt ? (
              <em>{t('account.revoked')}</em>
            ) : (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => act(sendJson('DELETE', `/api/v1/me/consents/${c.id}`))}
              >
                {t('account.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>

      <ExchangeConsents />

      <h2>{t('account.accessLog')}</h2>
      <ul className="access-log">
        {log.data?.map((a, i) => (
          // Rows of one moment may share time, action and actor: the position keeps keys unique.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
          <li key={`${a.at}-${a.action}-${i}`}>
            <strong>{when(a.at)}</strong> ·{' '}
            {t(
              `account.actions.${a.action.replace(/[.-]/g, '_')}` as 'account.actions.registry_resident_view',
              {
                defaultValue: a.action,
              },
            )}{' '}
            · {actorName(a.actor)}
            {a.purpose && <div className="muted">{a.purpose}</div>}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function AddPasskey({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation('identity');
  const [problem, setProblem] = useState<Problem>();
  const add = async () => {
    setProblem(undefined);
    try {
      const { startRegistration } = await import('@simplewebauthn/browser');
      const options = await postJson<PublicKeyCredentialCreationOptionsJSON>('/api/v1/me/passkeys/options');
      if (!options) return;
      const response = await startRegistration({ optionsJSON: options });
      await postJson('/api/v1/me/passkeys', { name: t('account.passkeyName'), response });
      onAdded();
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
    }
  };
  return (
    <>
      <button type="button" className="button" onClick={add}>
        {t('account.addPasskey')}
      </button>
      {problem && <ProblemAlert problem={problem} />}
    </>
  );
}

function Totp({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation('identity');
  const [setup, setSetup] = useState<{ qrSvg: string; secret: string }>();
  const [codes, setCodes] = useState<string[]>();
  const [problem, setProblem] = useState<Problem>();
  if (codes) {
    return (
      <div>
        <p>{t('account.recoveryCodes')}</p>
        <pre>{codes.join('\n')}</pre>
      </div>
    );
  }
  if (enabled) return <p>{t('account.totpOn')}</p>;
  const start = async () => setSetup(await postJson<{ qrSvg: string; secret: string }>('/api/v1/me/totp'));
  const confirm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      const code = String(new FormData(event.currentTarget).get('code'));
      const answer = await postJson<{ recoveryCodes: string[] }>('/api/v1/me/totp/confirm', { code });
      setCodes(answer?.recoveryCodes);
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
    }
  };
  if (!setup) {
    return (
      <button type="button" className="button button-secondary" onClick={start}>
        {t('account.totpSetup')}
      </button>
    );
  }
  return (
    <form onSubmit={confirm} className="stack">
      <p>{t('account.totpScan')}</p>
      {/* The server renders the QR code as SVG from the otpauth URI; shown as an image, never as markup. */}
      <img
        alt={setup.secret}
        width={180}
        height={180}
        src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`}
      />
      <code>{setup.secret}</code>
      <input name="code" inputMode="numeric" pattern="[0-9]{6}" autoComplete="one-time-code" required />
      {problem && <ProblemAlert problem={problem} />}
      <button type="submit" className="button">
        {t('account.totpConfirm')}
      </button>
    </form>
  );
}

interface MandateList {
  actFor: { id: string; kind: string; personalId: string; expiresAt: string }[];
  given: { id: string; kind: string; personalId: string; expiresAt: string; revokedAt: string | null }[];
}

/** Children I manage, people I act for, and people I authorised; a parent opens a child's account here. */
function Mandates({ version, onChange }: { version: number; onChange: () => void }) {
  const { t } = useTranslation('identity');
  const list = useApi<MandateList>(`/api/v1/me/mandates?v=${version}`);
  const [problem, setProblem] = useState<Problem>();
  const addChild = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      await postJson('/api/v1/me/children', {
        personalId: new FormData(event.currentTarget).get('personalId'),
      });
      onChange();
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
    }
  };
  return (
    <>
      <h2>{t('account.mandates')}</h2>
      <ul>
        {list.data?.actFor.map((m) => (
          <li key={m.id}>
            {t(m.kind === 'guardian' ? 'account.guardianOf' : 'account.actFor', { id: m.personalId })} ·{' '}
            {t('account.until', { date: when(m.expiresAt) })}
          </li>
        ))}
        {list.data?.given
          .filter((m) => !m.revokedAt)
          .map((m) => (
            <li key={m.id}>
              {t('account.authorised', { id: m.personalId })} ·{' '}
              {t('account.until', { date: when(m.expiresAt) })}{' '}
              <button
                type="button"
                className="button button-secondary"
                onClick={() => sendJson('DELETE', `/api/v1/me/mandates/${m.id}`).then(onChange)}
              >
                {t('account.revoke')}
              </button>
            </li>
          ))}
      </ul>
      <form onSubmit={addChild} className="stack">
        <label>
          {t('account.childId')}
          <input name="personalId" inputMode="numeric" pattern="[0-9]{12}" required />
        </label>
        {problem && <ProblemAlert problem={problem} />}
        <button type="submit" className="button button-secondary">
          {t('account.addChild')}
        </button>
      </form>
    </>
  );
}
