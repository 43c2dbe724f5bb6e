import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postJson, sendJson, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';

interface Me {
  personalId: string;
  fullName: string;
  level: number;
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
      <button type="button" onClick={logout}>
        {t('account.logout')}
      </button>

      <h2>{t('account.sessions')}</h2>
      <ul>
        {sessions.data?.map((s) => (
          <li key={s.id}>
            {s.device ?? '—'} · {when(s.createdAt)} {s.current && <em>({t('account.thisDevice')})</em>}{' '}
            {!s.current && (
              <button
                type="button"
                className="secondary"
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
                className="secondary"
                onClick={() => act(sendJson('DELETE', `/api/v1/me/consents/${c.id}`))}
              >
                {t('account.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>

      <h2>{t('account.accessLog')}</h2>
      <ul className="access-log">
        {log.data?.map((a) => (
          <li key={`${a.at}-${a.action}-${a.actor}`}>
            <strong>{when(a.at)}</strong> · {a.action} · {a.actor}
            {a.purpose && <div className="muted">{a.purpose}</div>}
          </li>
        ))}
      </ul>
    </Page>
  );
}
