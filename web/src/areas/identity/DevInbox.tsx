import { useTranslation } from 'react-i18next';
import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface Message {
  id: string;
  channel: string;
  to: string;
  text: string;
  at: string;
}

/** Development only: the SMS and e-mails the platform would have sent (one-time codes…). */
export function DevInbox() {
  const { t } = useTranslation('identity');
  const inbox = useApi<Message[]>('/api/v1/dev/inbox');
  return (
    <Page title={t('inbox.title')}>
      <p className="lead">{t('inbox.lead')}</p>
      {inbox.problem && <ProblemAlert problem={inbox.problem} />}
      {inbox.data?.length === 0 && <p>{t('account.none')}</p>}
      <ul>
        {inbox.data?.map((m) => (
          <li key={m.id}>
            <strong>{new Date(m.at).toLocaleString('vi-VN')}</strong> · {m.channel} · {m.to}
            <div>
              <code>{m.text}</code>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}
