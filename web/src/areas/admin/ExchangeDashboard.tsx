import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError, postJson, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useSessionExpiry } from '../officer/session.tsx';

// Shapes of GET /api/v1/exchange/monitoring and GET /api/v1/exchange/rights: only what the page shows.
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
  requestedAt: string;
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
};

const ms = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** The exchange at a glance for administrators (/admin/integrations): traffic, upstream health, pending rights. */
export function ExchangeDashboard() {
  const { i18n } = useTranslation();
  const t = i18n.resolvedLanguage === 'en' ? en : vi;
  const [reload, setReload] = useState(0);
  const monitoring = useApi<Monitoring>(`/api/v1/exchange/monitoring?minutes=60&r=${reload}`);
  const pending = useApi<Right[]>(`/api/v1/exchange/rights?status=requested&r=${reload}`);
  const [problem, setProblem] = useState<Problem>();
  useSessionExpiry(monitoring.problem ?? pending.problem);

  async function decide(id: string, decision: 'approve' | 'deny') {
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
      {(monitoring.problem || pending.problem || problem) && (
        <ProblemAlert problem={(problem ?? monitoring.problem ?? pending.problem) as Problem} />
      )}
      <section aria-labelledby="x-requests">
        <h2 id="x-requests">{t.requests}</h2>
        {pending.data?.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.consumer}</th>
                <th scope="col">{t.service}</th>
                <th scope="col">{t.purpose}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {pending.data.map((r) => (
                <tr key={r.id}>
                  <td>{r.consumer}</td>
                  <td>{r.service}</td>
                  <td>
                    {r.purpose} · {r.legalBasis}
                  </td>
                  <td>
                    <button type="button" onClick={() => decide(r.id, 'approve')}>
                      {t.approve}
                    </button>{' '}
                    <button type="button" onClick={() => decide(r.id, 'deny')}>
                      {t.deny}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{pending.loading ? t.loading : t.none}</p>
        )}
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
    </Page>
  );
}
