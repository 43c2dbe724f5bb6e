import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError, postJson, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useSessionExpiry } from '../officer/session.tsx';

// Shapes of GET /api/v1/exchange/monitoring, …/rights and …/services: only what the page shows.
interface Monitoring {
  traffic: {
    service: string;
    calls: number;
    errorRate: number;
    p50Ms: number | null;
    p95Ms: number | null;
    p99Ms: number | null;
  }[];
  upstreams: { service: string; up: boolean; status: number | null; latencyMs: number }[];
}
interface Right {
  id: string;
  consumer: string;
  service: string;
  purpose: string;
  legalBasis: string;
  quotaPerMinute: number;
  requestedAt: string;
  expiresAt: string | null;
}
interface Service {
  path: string;
  description: string;
  classification: string;
  concernsPersons: boolean;
  requiresConsent: boolean;
  builtin: boolean;
  openapi: string | null;
}

const vi = {
  title: 'Nền tảng chia sẻ dữ liệu (LGSP)',
  traffic: 'Lưu lượng 60 phút qua theo dịch vụ',
  service: 'Dịch vụ',
  calls: 'Lượt gọi',
  errors: 'Tỷ lệ lỗi',
  health: 'Tình trạng hệ thống cung cấp',
  up: 'Hoạt động',
  down: 'Không kết nối được',
  none: 'Chưa có số liệu.',
  requests: 'Yêu cầu cấp quyền chờ duyệt',
  consumer: 'Hệ thống yêu cầu',
  purpose: 'Mục đích · căn cứ pháp lý',
  approve: 'Phê duyệt',
  deny: 'Từ chối',
  loading: 'Đang tải…',
  granted: 'Quyền truy cập đang hiệu lực',
  until: 'Hết hạn',
  noEnd: 'Không thời hạn',
  quota: 'Hạn mức/phút',
  revoke: 'Thu hồi',
  confirmRevoke: (consumer: string, service: string) => `Thu hồi quyền của ${consumer} đối với ${service}?`,
  catalogue: 'Danh mục dịch vụ',
  description: 'Mô tả',
  classification: 'Phân loại dữ liệu',
  classes: {
    public: 'Công khai',
    internal: 'Nội bộ',
    personal: 'Cá nhân',
    sensitive: 'Cá nhân nhạy cảm',
  } as Record<string, string>,
  persons: 'Dữ liệu cá nhân',
  personsYes: (consent: boolean): string => (consent ? 'Có, cần sự đồng ý' : 'Có, cần nêu mục đích'),
  no: 'Không',
  builtin: 'dịch vụ của nền tảng',
  document: 'Tài liệu OpenAPI',
};
const en: typeof vi = {
  title: 'Data exchange platform (LGSP)',
  traffic: 'Traffic in the last 60 minutes by service',
  service: 'Service',
  calls: 'Calls',
  errors: 'Error rate',
  health: 'Upstream health',
  up: 'Up',
  down: 'Unreachable',
  none: 'No figures yet.',
  requests: 'Access requests waiting for a decision',
  consumer: 'Requesting system',
  purpose: 'Purpose · legal basis',
  approve: 'Approve',
  deny: 'Deny',
  loading: 'Loading…',
  granted: 'Access rights in force',
  until: 'Expires',
  noEnd: 'No end date',
  quota: 'Quota/minute',
  revoke: 'Revoke',
  confirmRevoke: (consumer: string, service: string) => `Revoke the right of ${consumer} to ${service}?`,
  catalogue: 'Service catalogue',
  description: 'Description',
  classification: 'Data classification',
  classes: { public: 'Public', internal: 'Internal', personal: 'Personal', sensitive: 'Sensitive personal' },
  persons: 'Personal data',
  personsYes: (consent: boolean) =>
    consent ? "Yes, with the person's consent" : 'Yes, with a stated purpose',
  no: 'No',
  builtin: "the platform's own",
  document: 'OpenAPI document',
};

const ms = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** Rights as a table: who asks for what and why, then the given columns and the row's actions. */
function RightsTable(props: {
  t: typeof vi;
  rights: { data?: Right[]; loading: boolean };
  columns: { head: string; cell: (r: Right) => ReactNode }[];
  actions: (r: Right) => ReactNode;
}) {
  const { t, rights, columns, actions } = props;
  if (!rights.data?.length) return <p>{rights.loading ? t.loading : t.none}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t.consumer}</th>
          <th scope="col">{t.service}</th>
          <th scope="col">{t.purpose}</th>
          {columns.map((c) => (
            <th scope="col" key={c.head}>
              {c.head}
            </th>
          ))}
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {rights.data.map((r) => (
          <tr key={r.id}>
            <td>{r.consumer}</td>
            <td>{r.service}</td>
            <td>
              {r.purpose} · {r.legalBasis}
            </td>
            {columns.map((c) => (
              <td key={c.head}>{c.cell(r)}</td>
            ))}
            <td>{actions(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The exchange for administrators (/admin/integrations): pending and granted rights (decided and revoked
 * here), traffic, upstream health and the service catalogue with each service's OpenAPI document.
 */
export function ExchangeDashboard() {
  const { i18n } = useTranslation();
  const t = i18n.resolvedLanguage === 'en' ? en : vi;
  const [reload, setReload] = useState(0);
  const monitoring = useApi<Monitoring>(`/api/v1/exchange/monitoring?minutes=60&r=${reload}`);
  const pending = useApi<Right[]>(`/api/v1/exchange/rights?status=requested&r=${reload}`);
  const granted = useApi<Right[]>(`/api/v1/exchange/rights?status=approved&r=${reload}`);
  const services = useApi<Service[]>('/api/v1/exchange/services');
  const [problem, setProblem] = useState<Problem>();
  const loadProblem = monitoring.problem ?? pending.problem ?? granted.problem ?? services.problem;
  useSessionExpiry(loadProblem);

  async function decide(id: string, decision: 'approve' | 'deny' | 'revoke') {
    setProblem(undefined);
    try {
      await postJson(`/api/v1/exchange/rights/${id}/${decision}`, {});
      setReload((n) => n + 1);
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
    }
  }

  return (
    <Page title={t.title}>
      {(problem ?? loadProblem) && <ProblemAlert problem={(problem ?? loadProblem) as Problem} />}
      <section aria-labelledby="x-requests">
        <h2 id="x-requests">{t.requests}</h2>
        <RightsTable
          t={t}
          rights={pending}
          columns={[]}
          actions={(r) => (
            <>
              <button type="button" onClick={() => decide(r.id, 'approve')}>
                {t.approve}
              </button>{' '}
              <button type="button" onClick={() => decide(r.id, 'deny')}>
                {t.deny}
              </button>
            </>
          )}
        />
      </section>
      <section aria-labelledby="x-granted">
        <h2 id="x-granted">{t.granted}</h2>
        <RightsTable
          t={t}
          rights={granted}
          columns={[
            {
              head: t.until,
              cell: (r) =>
                r.expiresAt ? new Date(r.expiresAt).toLocaleDateString(i18n.resolvedLanguage) : t.noEnd,
            },
            { head: t.quota, cell: (r) => r.quotaPerMinute.toLocaleString(i18n.resolvedLanguage) },
          ]}
          actions={(r) => (
            <button
              type="button"
              onClick={() => window.confirm(t.confirmRevoke(r.consumer, r.service)) && decide(r.id, 'revoke')}
            >
              {t.revoke}
            </button>
          )}
        />
      </section>
      <section aria-labelledby="x-traffic">
        <h2 id="x-traffic">{t.traffic}</h2>
        {monitoring.data?.traffic.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.service}</th>
                <th scope="col">{t.calls}</th>
                <th scope="col">{t.errors}</th>
                <th scope="col">p50 ms</th>
                <th scope="col">p95 ms</th>
                <th scope="col">p99 ms</th>
              </tr>
            </thead>
            <tbody>
              {monitoring.data.traffic.map((s) => (
                <tr key={s.service}>
                  <td>{s.service}</td>
                  <td>{s.calls}</td>
                  <td>{(s.errorRate * 100).toFixed(1)} %</td>
                  <td>{ms(s.p50Ms)}</td>
                  <td>{ms(s.p95Ms)}</td>
                  <td>{ms(s.p99Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{monitoring.loading ? t.loading : t.none}</p>
        )}
      </section>
      <section aria-labelledby="x-health">
        <h2 id="x-health">{t.health}</h2>
        {monitoring.data?.upstreams.length ? (
          <ul>
            {monitoring.data.upstreams.map((u) => (
              <li key={u.service}>
                {u.service}: {u.up ? `${t.up} (${u.latencyMs} ms)` : t.down}
              </li>
            ))}
          </ul>
        ) : (
          <p>{monitoring.loading ? t.loading : t.none}</p>
        )}
      </section>
      <section aria-labelledby="x-catalogue">
        <h2 id="x-catalogue">{t.catalogue}</h2>
        {services.data?.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.service}</th>
                <th scope="col">{t.description}</th>
                <th scope="col">{t.classification}</th>
                <th scope="col">{t.persons}</th>
                <th scope="col">OpenAPI</th>
              </tr>
            </thead>
            <tbody>
              {services.data.map((s) => (
                <tr key={s.path}>
                  <td>
                    <code>{s.path}</code>
                    {s.builtin && <small> ({t.builtin})</small>}
                  </td>
                  <td>{s.description}</td>
                  <td>{t.classes[s.classification] ?? s.classification}</td>
                  <td>{s.concernsPersons ? t.personsYes(s.requiresConsent) : t.no}</td>
                  <td>
                    {s.openapi && (
                      <a href={s.openapi} aria-label={`${t.document}: ${s.path}`}>
                        JSON
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{services.loading ? t.loading : t.none}</p>
        )}
      </section>
    </Page>
  );
}
