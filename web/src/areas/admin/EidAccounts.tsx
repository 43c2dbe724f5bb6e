import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type Problem, ProblemError, postJson } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface AccountView {
  personalId: string;
  fullName: string;
  level: number;
  state: 'pending' | 'active' | 'locked' | 'suspended' | 'revoked';
  activeSessions: number;
  proofings: { method: string; place: string; evidenceRef: string | null; at: string }[];
}

const vi = {
  title: 'Tài khoản định danh điện tử',
  lead: 'Tra cứu tài khoản của người dân trong địa bàn, khoá (nghi bị chiếm đoạt), tạm dừng (theo quyết định của cơ quan có thẩm quyền) hoặc mở lại. Khoá và tạm dừng đăng xuất tài khoản khỏi mọi thiết bị và dịch vụ. Mỗi lần tra cứu và thay đổi đều được ghi nhật ký.',
  personalId: 'Số định danh cá nhân',
  find: 'Tra cứu',
  level: 'Mức',
  state: 'Trạng thái',
  sessions: 'Phiên đăng nhập đang mở',
  proofings: 'Xác minh trực tiếp',
  none: 'Chưa có',
  reason: 'Lý do (bắt buộc, được ghi nhật ký)',
  lock: 'Khoá tài khoản',
  suspend: 'Tạm dừng',
  activate: 'Mở lại tài khoản',
  done: 'Đã cập nhật trạng thái.',
  states: {
    pending: 'chờ kích hoạt',
    active: 'đang hoạt động',
    locked: 'đã khoá',
    suspended: 'tạm dừng',
    revoked: 'đã thu hồi',
  },
};
const en: typeof vi = {
  title: 'e-ID accounts',
  lead: "Look up the accounts of residents in your jurisdiction; lock one (suspected takeover), suspend it (by an authority's decision) or reactivate it. Locking and suspending sign the account out of every device and service. Every lookup and change is audited.",
  personalId: 'Personal ID number',
  find: 'Look up',
  level: 'Level',
  state: 'State',
  sessions: 'Open sessions',
  proofings: 'In-person proofing',
  none: 'None',
  reason: 'Reason (required, audited)',
  lock: 'Lock the account',
  suspend: 'Suspend',
  activate: 'Reactivate',
  done: 'The state was changed.',
  states: {
    pending: 'pending',
    active: 'active',
    locked: 'locked',
    suspended: 'suspended',
    revoked: 'revoked',
  },
};

/** Identity administrators (role identity.admin) look up, lock, suspend and reactivate e-ID accounts. */
export function EidAccounts() {
  const { i18n } = useTranslation();
  const t = i18n.resolvedLanguage === 'en' ? en : vi;
  const [account, setAccount] = useState<AccountView>();
  const [problem, setProblem] = useState<Problem>();
  const [notice, setNotice] = useState<string>();
  const [reason, setReason] = useState('');

  const attempt = async (work: () => Promise<void>) => {
    setProblem(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
    }
  };
  const find = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const personalId = String(new FormData(event.currentTarget).get('personalId')).trim();
    setAccount(undefined);
    return attempt(async () =>
      setAccount(await getJson<AccountView>(`/api/v1/identity/accounts/${personalId}`)),
    );
  };
  const change = (state: 'active' | 'locked' | 'suspended') =>
    attempt(async () => {
      if (!account) return;
      await postJson(`/api/v1/identity/accounts/${account.personalId}/state`, { state, reason });
      setAccount(await getJson<AccountView>(`/api/v1/identity/accounts/${account.personalId}`));
      setReason('');
      setNotice(t.done);
    });

  return (
    <Page title={t.title}>
      <p className="lead">{t.lead}</p>
      <form onSubmit={find} className="stack">
        <label>
          {t.personalId}
          <input name="personalId" inputMode="numeric" pattern="[0-9]{12}" required autoComplete="off" />
        </label>
        <button type="submit" className="button">
          {t.find}
        </button>
      </form>
      {problem && <ProblemAlert problem={problem} />}
      {notice && (
        <p className="note" role="status">
          {notice}
        </p>
      )}
      {account && (
        <section aria-label={account.fullName}>
          <h2>{account.fullName}</h2>
          <dl className="facts">
            <dt>{t.personalId}</dt>
            <dd>{account.personalId}</dd>
            <dt>{t.level}</dt>
            <dd>{account.level}</dd>
            <dt>{t.state}</dt>
            <dd>
              <strong>{t.states[account.state]}</strong>
            </dd>
            <dt>{t.sessions}</dt>
            <dd>{account.activeSessions}</dd>
            <dt>{t.proofings}</dt>
            <dd>
              {account.proofings.length === 0
                ? t.none
                : account.proofings.map((p) => (
                    <div key={p.at}>
                      {new Date(p.at).toLocaleString(i18n.language)} · {p.method} · {p.place}
                    </div>
                  ))}
            </dd>
          </dl>
          {account.state !== 'revoked' && account.state !== 'pending' && (
            <div className="stack">
              <label>
                {t.reason}
                <input
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  minLength={3}
                  maxLength={500}
                />
              </label>
              <div className="actions">
                {account.state === 'active' ? (
                  <>
                    <button
                      type="button"
                      className="button"
                      disabled={reason.trim().length < 3}
                      onClick={() => change('locked')}
                    >
                      {t.lock}
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={reason.trim().length < 3}
                      onClick={() => change('suspended')}
                    >
                      {t.suspend}
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="button"
                    disabled={reason.trim().length < 3}
                    onClick={() => change('active')}
                  >
                    {t.activate}
                  </button>
                )}
              </div>
            </div>
          )}
        </section>
      )}
    </Page>
  );
}
