import { type FormEvent, useState } from 'react';
import { type Problem, ProblemError, useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useTexts } from './texts.ts';
import { linkPath, type Membership, type Product, postJson, TRACE } from './trace.ts';

/** Products with their batches, QR codes and label sheets; forms to add a product or a batch. */
export function Products({ business }: { business: Membership }) {
  const t = useTexts();
  const [generation, setGeneration] = useState(0);
  const base = `${TRACE}/businesses/${business.businessId}`;
  const { data, problem } = useApi<{ items: Product[] }>(`${base}/products?g=${generation}`);
  const reload = () => setGeneration((n) => n + 1);
  const manager = business.role === 'manager';
  return (
    <>
      <p className="lead">{t.productsLead}</p>
      {problem && <ProblemAlert problem={problem} />}
      {data && data.items.length === 0 && <p className="muted">{t.noProducts}</p>}
      <ul className="trace-list">
        {data?.items.map((p) => (
          <li key={p.id} className="card">
            <h2 className="trace-product-name">{p.name}</h2>
            <p className="muted">
              {t.gtin} <span className="mono">{p.gtinDisplay}</span>
              {p.netContent && ` · ${p.netContent}`}
            </p>
            <table className="summary-table">
              <thead>
                <tr>
                  <th scope="col">{t.lot}</th>
                  <th scope="col">{t.expiryDate}</th>
                  <th scope="col">{t.qr}</th>
                </tr>
              </thead>
              <tbody>
                {p.batches.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <span className="mono">{b.lot}</span>
                      {b.recalled && <span className="badge badge-deceased">{t.recalled}</span>}
                      {b.expired && <span className="badge badge-missing">{t.expired}</span>}
                    </td>
                    <td>{b.expiryDate ?? '—'}</td>
                    <td className="trace-qr-cell">
                      <img
                        className="trace-qr"
                        src={`${TRACE}/public/qr?code=${encodeURIComponent(linkPath(p.gtin, b.lot))}`}
                        alt={`${t.qr} ${b.lot}`}
                        width={96}
                        height={96}
                      />
                      <span>
                        <a href={linkPath(p.gtin, b.lot)}>{t.open}</a>
                        {manager && (
                          <>
                            {' · '}
                            <a
                              href={`${base}/products/${p.gtin}/batches/${encodeURIComponent(b.lot)}/labels.pdf`}
                            >
                              {t.labels}
                            </a>
                          </>
                        )}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {manager && <BatchForm base={base} gtin={p.gtin} onSaved={reload} />}
          </li>
        ))}
      </ul>
      {manager && <ProductForm base={base} onSaved={reload} />}
    </>
  );
}

function useSubmit(onSaved: () => void) {
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const submit = async (path: string, body: unknown) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await postJson(path, body);
      onSaved();
      return true;
    } catch (err) {
      setProblem(err instanceof ProblemError ? err.problem : { title: String(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { problem, busy, submit };
}

function ProductForm({ base, onSaved }: { base: string; onSaved: () => void }) {
  const t = useTexts();
  const [form, setForm] = useState({ gtin: '', name: '', nameEn: '', netContent: '', shelfLifeDays: '' });
  const { problem, busy, submit } = useSubmit(onSaved);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      gtin: form.gtin.trim(),
      name: form.name.trim(),
      ...(form.nameEn.trim() && { nameEn: form.nameEn.trim() }),
      ...(form.netContent.trim() && { netContent: form.netContent.trim() }),
      ...(form.shelfLifeDays && { shelfLifeDays: Number(form.shelfLifeDays) }),
    };
    if (await submit(`${base}/products`, body))
      setForm({ gtin: '', name: '', nameEn: '', netContent: '', shelfLifeDays: '' });
  };
  return (
    <form className="card stack" onSubmit={onSubmit}>
      <h2>{t.addProduct}</h2>
      <div className="field">
        <label htmlFor="p-gtin">{t.gtin}</label>
        <input
          id="p-gtin"
          inputMode="numeric"
          required
          pattern="[0-9]{8,14}"
          value={form.gtin}
          onChange={set('gtin')}
        />
      </div>
      <div className="field">
        <label htmlFor="p-name">{t.name}</label>
        <input id="p-name" required value={form.name} onChange={set('name')} />
      </div>
      <div className="field">
        <label htmlFor="p-name-en">{t.nameEn}</label>
        <input id="p-name-en" value={form.nameEn} onChange={set('nameEn')} />
      </div>
      <div className="field">
        <label htmlFor="p-net">{t.netContent}</label>
        <input id="p-net" value={form.netContent} onChange={set('netContent')} />
      </div>
      <div className="field">
        <label htmlFor="p-shelf">{t.shelfLife}</label>
        <input
          id="p-shelf"
          type="number"
          min={1}
          value={form.shelfLifeDays}
          onChange={set('shelfLifeDays')}
        />
      </div>
      {problem && <ProblemAlert problem={problem} />}
      <p>
        <button type="submit" className="button" disabled={busy}>
          {t.addProduct}
        </button>
      </p>
    </form>
  );
}

function BatchForm({ base, gtin, onSaved }: { base: string; gtin: string; onSaved: () => void }) {
  const t = useTexts();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ lot: '', productionDate: '', expiryDate: '', serials: '' });
  const { problem, busy, submit } = useSubmit(onSaved);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  if (!open)
    return (
      <p>
        <button type="button" className="button button-small button-secondary" onClick={() => setOpen(true)}>
          {t.addBatch}
        </button>
      </p>
    );
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const serials = form.serials.split(/\s+/).filter(Boolean);
    const body = {
      lot: form.lot.trim(),
      ...(form.productionDate && { productionDate: form.productionDate }),
      ...(form.expiryDate && { expiryDate: form.expiryDate }),
      ...(serials.length > 0 && { serials }),
    };
    if (await submit(`${base}/products/${gtin}/batches`, body)) {
      setForm({ lot: '', productionDate: '', expiryDate: '', serials: '' });
      setOpen(false);
    }
  };
  const id = (k: string) => `b-${gtin}-${k}`;
  return (
    <form className="stack" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor={id('lot')}>{t.lot}</label>
        <input id={id('lot')} required maxLength={20} value={form.lot} onChange={set('lot')} />
      </div>
      <div className="field">
        <label htmlFor={id('prod')}>{t.productionDate}</label>
        <input id={id('prod')} type="date" value={form.productionDate} onChange={set('productionDate')} />
      </div>
      <div className="field">
        <label htmlFor={id('exp')}>{t.expiryDate}</label>
        <input id={id('exp')} type="date" value={form.expiryDate} onChange={set('expiryDate')} />
      </div>
      <div className="field">
        <label htmlFor={id('ser')}>{t.serials}</label>
        <textarea id={id('ser')} rows={3} value={form.serials} onChange={set('serials')} />
      </div>
      {problem && <ProblemAlert problem={problem} />}
      <p>
        <button type="submit" className="button" disabled={busy}>
          {t.addBatch}
        </button>
      </p>
    </form>
  );
}
