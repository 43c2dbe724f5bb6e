import { type FormEvent, useState } from 'react';
import { type Problem, ProblemError, useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fill, useTexts } from './texts.ts';
import { type Membership, type Product, postJson, TRACE } from './trace.ts';

const STEPS = ['harvest', 'processing', 'packing', 'shipping', 'receiving', 'retail_sale'] as const;

/** Records one supply-chain step; the server turns it into an EPCIS 2.0 event. */
export function SupplyChain({ business }: { business: Membership }) {
  const t = useTexts();
  const base = `${TRACE}/businesses/${business.businessId}`;
  const own = useApi<{ items: Product[] }>(`${base}/products`);
  const partners = useApi<{ items: { id: string; name: string; kind: string }[] }>(`${base}/partners`);
  const [form, setForm] = useState({
    step: 'shipping',
    gtin: '',
    lot: '',
    quantity: '',
    serials: '',
    partner: '',
  });
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState('');
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setDone('');
    const serials = form.serials.split(/\s+/).filter(Boolean);
    try {
      const result = await postJson<{ eventId: string }>(`${base}/events`, {
        step: form.step,
        gtin: form.gtin.trim(),
        lot: form.lot.trim(),
        ...(serials.length > 0 && { serials }),
        ...(form.quantity && { quantity: Number(form.quantity), uom: 'H87' }),
        ...(form.partner && { partnerBusinessId: form.partner }),
      });
      setDone(fill(t.recorded, { id: result?.eventId ?? '' }));
    } catch (err) {
      setProblem(err instanceof ProblemError ? err.problem : { title: String(err) });
    }
  };
  return (
    <>
      <p className="lead">{t.stepsLead}</p>
      <form className="card stack" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="s-step">{t.step}</label>
          <select id="s-step" value={form.step} onChange={set('step')}>
            {STEPS.map((s) => (
              <option key={s} value={s}>
                {t.steps[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="s-gtin">{t.gtin}</label>
          <input
            id="s-gtin"
            list="s-gtins"
            inputMode="numeric"
            required
            pattern="[0-9]{8,14}"
            value={form.gtin}
            onChange={set('gtin')}
          />
          <datalist id="s-gtins">
            {own.data?.items.map((p) => (
              <option key={p.id} value={p.gtin}>
                {p.name}
              </option>
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="s-lot">{t.lot}</label>
          <input id="s-lot" required maxLength={20} value={form.lot} onChange={set('lot')} />
        </div>
        <div className="field">
          <label htmlFor="s-qty">{t.quantity}</label>
          <input id="s-qty" type="number" min={1} value={form.quantity} onChange={set('quantity')} />
        </div>
        <div className="field">
          <label htmlFor="s-ser">{t.serials}</label>
          <textarea id="s-ser" rows={2} value={form.serials} onChange={set('serials')} />
        </div>
        <div className="field">
          <label htmlFor="s-partner">{t.partner}</label>
          <select id="s-partner" value={form.partner} onChange={set('partner')}>
            <option value="">{t.none}</option>
            {partners.data?.items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({t.kinds[p.kind]})
              </option>
            ))}
          </select>
        </div>
        {problem && <ProblemAlert problem={problem} />}
        {done && (
          <p className="success" role="status">
            {done}
          </p>
        )}
        <p>
          <button type="submit" className="button">
            {t.record}
          </button>
        </p>
      </form>
    </>
  );
}
