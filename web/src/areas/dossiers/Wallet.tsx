import { useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useFormat } from './parts.tsx';
import { RequireCitizen } from './session.tsx';
import { useTexts } from './texts.ts';

/** A document an agency issued to me (GET /api/v1/me/documents). */
export interface HeldDocument {
  id: string;
  kind: string;
  title: string;
  agency: { code: string; name: string };
  reference: string | null;
  issuedAt: string;
  size: number;
  status: 'valid' | 'revoked';
  verifyUrl: string;
}

export const WALLET = '/api/v1/me/documents';

/** /citizen/wallet — the documents agencies issued to me, to download, verify and reuse. */
export function Wallet() {
  const t = useTexts();
  return (
    <RequireCitizen title={t.walletTitle} returnTo="/citizen/wallet">
      {() => <WalletList />}
    </RequireCitizen>
  );
}

function WalletList() {
  const t = useTexts();
  const f = useFormat();
  const held = useApi<HeldDocument[]>(WALLET);
  return (
    <Page title={t.walletTitle}>
      <p className="lead">{t.walletLead}</p>
      {held.problem && <ProblemAlert problem={held.problem} />}
      {held.loading && !held.data && <p role="status">{t.loading}</p>}
      {held.data?.length === 0 && <p>{t.walletEmpty}</p>}
      <ul className="plain-list wallet">
        {held.data?.map((d) => (
          <li key={d.id} className="panel" data-document={d.id}>
            <h2 className="wallet-title">{d.title}</h2>
            <p>
              <span className={d.status === 'valid' ? 'badge' : 'badge badge-deceased'}>
                {d.status === 'valid' ? t.valid : t.revoked}
              </span>
            </p>
            <dl className="facts">
              <div>
                <dt>{t.issuedBy}</dt>
                <dd>{d.agency.name}</dd>
              </div>
              <div>
                <dt>{t.issuedOn}</dt>
                <dd>{f.date(d.issuedAt)}</dd>
              </div>
              {d.reference && (
                <div>
                  <dt>{t.receiptCode}</dt>
                  <dd className="mono">{d.reference}</dd>
                </div>
              )}
            </dl>
            <p className="actions">
              <a className="button button-small" href={`${WALLET}/${d.id}/file`} download>
                {t.downloadPdf}
              </a>
              <a className="button button-small button-secondary" href={d.verifyUrl}>
                {t.verify}
              </a>
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
