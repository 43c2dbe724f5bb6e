import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError, postJson, sendJson, useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface Retriever {
  system: string;
  systemName: string;
  memberName: string;
  purpose: string;
  legalBasis: string;
  attributes: string[];
}
interface ExchangeConsent {
  id: string;
  system: string;
  systemName: string;
  memberName: string;
  purpose: string;
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

const vi = {
  heading: 'Cơ quan được lấy dữ liệu của tôi qua nền tảng chia sẻ (LGSP)',
  lead: 'Hệ thống của cơ quan chỉ được lấy dữ liệu dân cư của bạn khi bạn đồng ý (Luật Bảo vệ dữ liệu cá nhân 2025). Bạn có thể rút lại đồng ý bất cứ lúc nào.',
  system: 'Hệ thống của cơ quan',
  choose: '— Chọn hệ thống —',
  why: 'Mục đích: {{purpose}} · Căn cứ: {{basis}} · Dữ liệu: {{attributes}}',
  purpose: 'Mục đích bạn đồng ý',
  until: 'Đồng ý đến ngày (không bắt buộc)',
  grant: 'Đồng ý',
  revoke: 'Rút lại đồng ý',
  revoked: 'đã rút lại',
  expires: 'đến {{date}}',
  none: 'Bạn chưa đồng ý cho hệ thống nào.',
  attributes: {
    fullName: 'họ tên',
    birthDate: 'ngày sinh',
    sex: 'giới tính',
    currentAddress: 'nơi ở hiện tại',
    householdNumber: 'số hộ',
  } as Record<string, string>,
};
const en: typeof vi = {
  heading: 'Agencies allowed to retrieve my data through the exchange platform (LGSP)',
  lead: "An agency's system may retrieve your population data only with your consent (Personal Data Protection Law 2025). You can withdraw it at any time.",
  system: "Agency's system",
  choose: '— Choose a system —',
  why: 'Purpose: {{purpose}} · Legal basis: {{basis}} · Data: {{attributes}}',
  purpose: 'Purpose you consent to',
  until: 'Consent until (optional)',
  grant: 'Consent',
  revoke: 'Withdraw consent',
  revoked: 'withdrawn',
  expires: 'until {{date}}',
  none: 'You have not consented to any system.',
  attributes: {
    fullName: 'full name',
    birthDate: 'date of birth',
    sex: 'sex',
    currentAddress: 'current address',
    householdNumber: 'household number',
  },
};

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

/** The citizen's consents to agency systems retrieving their data through the gateway: grant, list, withdraw. */
export function ExchangeConsents() {
  const { i18n } = useTranslation();
  const t = i18n.resolvedLanguage === 'en' ? en : vi;
  const [version, setVersion] = useState(0);
  const consents = useApi<ExchangeConsent[]>(`/api/v1/me/exchange/consents?v=${version}`);
  const retrievers = useApi<Retriever[]>('/api/v1/me/exchange/retrievers');
  const [chosen, setChosen] = useState<Retriever>();
  const [problem, setProblem] = useState<Problem>();
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);

  const attempt = async (work: Promise<unknown>) => {
    setProblem(undefined);
    try {
      await work;
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
    }
  };
  const grant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const until = String(form.get('until') ?? '');
    return attempt(
      postJson('/api/v1/me/exchange/consents', {
        system: chosen?.system,
        purpose: String(form.get('purpose')),
        // The end of the chosen day in Vietnam.
        ...(until ? { expiresAt: new Date(`${until}T23:59:59+07:00`).toISOString() } : {}),
      }),
    );
  };

  return (
    <section aria-labelledby="exchange-consents">
      <h2 id="exchange-consents">{t.heading}</h2>
      <p className="muted">{t.lead}</p>
      {consents.data?.length === 0 && <p>{t.none}</p>}
      <ul>
        {consents.data?.map((c) => (
          <li key={c.id}>
            <strong>{c.memberName}</strong> · {c.systemName}: {c.purpose} · {date(c.grantedAt)}
            {c.expiresAt && ` · ${fill(t.expires, { date: date(c.expiresAt) })}`}{' '}
            {c.revokedAt ? (
              <em>{t.revoked}</em>
            ) : (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => attempt(sendJson('DELETE', `/api/v1/me/exchange/consents/${c.id}`))}
              >
                {t.revoke}
              </button>
            )}
          </li>
        ))}
      </ul>
      {(retrievers.data?.length ?? 0) > 0 && (
        <form onSubmit={grant} className="stack">
          <label>
            {t.system}
            <select
              required
              value={chosen?.system ?? ''}
              onChange={(e) => setChosen(retrievers.data?.find((r) => r.system === e.target.value))}
            >
              <option value="">{t.choose}</option>
              {retrievers.data?.map((r) => (
                <option key={`${r.system}-${r.purpose}`} value={r.system}>
                  {r.memberName} · {r.systemName}
                </option>
              ))}
            </select>
          </label>
          {chosen && (
            <p className="muted">
              {fill(t.why, {
                purpose: chosen.purpose,
                basis: chosen.legalBasis,
                attributes: chosen.attributes.map((a) => t.attributes[a] ?? a).join(', '),
              })}
            </p>
          )}
          <label>
            {t.purpose}
            <input
              name="purpose"
              required
              maxLength={500}
              defaultValue={chosen?.purpose}
              key={chosen?.system}
            />
          </label>
          <label>
            {t.until}
            <input name="until" type="date" />
          </label>
          <button type="submit" className="button">
            {t.grant}
          </button>
        </form>
      )}
      {problem && <ProblemAlert problem={problem} />}
    </section>
  );
}
