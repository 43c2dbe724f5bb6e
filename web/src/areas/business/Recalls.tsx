import { type FormEvent, useState } from 'react';
import { type Problem, ProblemError, useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useTexts } from './texts.ts';
import { type Membership, type Notification, type Product, postJson, type Recall, TRACE } from './trace.ts';

/** Recalls of the business's products (a manager issues and ends them) and recalls of goods it received. */
export function Recalls({ business }: { business: Membership }) {
  const t = useTexts();
  const base = `${TRACE}/businesses/${business.businessId}`;
  const [generation, setGeneration] = useState(0);
  const recalls = useApi<{ items: Recall[] }>(`${base}/recalls?g=${generation}`);
  const notes = useApi<{ items: Notification[] }>(`${base}/notifications`);
  const products = useApi<{ items: Product[] }>(`${base}/products`);
  const [form, setForm] = useState({ gtin: '', lot: '', reason: '' });
  const [problem, setProblem] = useState<Problem>();
  const manager = business.role === 'manager';
  const product = products.data?.items.find((p) => p.gtin === form.gtin);

  const act = async (run: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await run();
      setGeneration((n) => n + 1);
    } catch (err) {
      setProblem(err instanceof ProblemError ? err.problem : { title: String(err) });
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    act(async () => {
      await postJson(`${TRACE}/recalls`, {
        gtin: form.gtin,
        ...(form.lot && { lot: form.lot }),
        reason: form.reason.trim(),
        business: business.businessId,
      });
      setForm({ gtin: '', lot: '', reason: '' });
    });
  };
  return (
    <>
      <p className="lead">{t.recallsLead}</p>
      {problem && <ProblemAlert problem={problem} />}
      <ul className="trace-list">
        {recalls.data?.items.map((r) => (
          <li key={r.id} className="card">
            <p>
              <strong>{r.productName}</strong> · {r.lot ? `${t.lot} ${r.lot}` : t.allLots}{' '}
              <span className={r.endedAt ? 'badge' : 'badge badge-deceased'}>
                {r.endedAt ? t.ended : t.active}
              </span>
            </p>
            <p>{r.reason}</p>
            {manager && !r.endedAt && (
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() =>
                  act(() => postJson(`${TRACE}/recalls/${r.id}/end?business=${business.businessId}`))
                }
              >
                {t.endRecall}
              </button>
            )}
          </li>
        ))}
      </ul>
      {recalls.data?.items.length === 0 && <p className="muted">{t.noRecalls}</p>}
      {manager && (products.data?.items.length ?? 0) > 0 && (
        <form className="card stack" onSubmit={onSubmit}>
          <h2>{t.issueRecall}</h2>
          <div className="field">
            <label htmlFor="rc-product">{t.product}</label>
            <select
              id="rc-product"
              required
              value={form.gtin}
              onChange={(e) => setForm({ ...form, gtin: e.target.value, lot: '' })}
            >
              <option value="">{t.none}</option>
              {products.data?.items.map((p) => (
                <option key={p.id} value={p.gtin}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rc-lot">{t.lot}</label>
            <select id="rc-lot" value={form.lot} onChange={(e) => setForm({ ...form, lot: e.target.value })}>
              <option value="">{t.allLots}</option>
              {product?.batches.map((b) => (
                <option key={b.id} value={b.lot}>
                  {b.lot}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rc-reason">{t.reason}</label>
            <textarea
              id="rc-reason"
              required
              minLength={3}
              rows={2}
              value={form.reason}
              onChange={(e) => setForm({ ...form, reason: e.target.value })}
            />
          </div>
          <p>
            <button type="submit" className="button">
              {t.issueRecall}
            </button>
          </p>
        </form>
      )}
      <h2>{t.notifications}</h2>
      {notes.data?.items.length === 0 && <p className="muted">{t.noNotifications}</p>}
      <ul className="trace-recent">
        {notes.data?.items.map((n) => (
          <li key={n.id}>
            <strong>{n.productName}</strong> · {n.lot ? `${t.lot} ${n.lot}` : t.allLots} — {n.reason}{' '}
            <span className={n.active ? 'badge badge-deceased' : 'badge'}>
              {n.active ? t.active : t.ended}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
