import { type FormEvent, useState } from 'react';
import { type Problem, ProblemError, useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Certifications, Members, Profile } from './MyBusiness.tsx';
import { fill, useTexts } from './texts.ts';
import {
  type BusinessDetail,
  type BusinessSummary,
  type Certification,
  type Me,
  postJson,
  TRACE,
} from './trace.ts';

const KINDS = ['producer', 'processor', 'distributor', 'retailer'] as const;
const SCHEMES = ['vietgap', 'ocop', 'organic', 'food_safety'] as const;

function useAction(onDone: () => void) {
  const [problem, setProblem] = useState<Problem>();
  const run = async (action: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await action();
      onDone();
      return true;
    } catch (err) {
      setProblem(err instanceof ProblemError ? err.problem : { title: String(err) });
      return false;
    }
  };
  return { problem, run };
}

/** The province's business registry: list and search for the authority; the registrar also changes it. */
export function Registry({ me }: { me: Me }) {
  const t = useTexts();
  const [q, setQ] = useState('');
  const [generation, setGeneration] = useState(0);
  const [open, setOpen] = useState<string>();
  const reload = () => setGeneration((n) => n + 1);
  const list = useApi<{ total: number; items: BusinessSummary[] }>(
    me.authority ? `${TRACE}/businesses?limit=100&q=${encodeURIComponent(q.trim())}&g=${generation}` : null,
  );
  if (!me.authority) return <p className="note">{t.notAuthority}</p>;
  return (
    <>
      <p className="lead">{t.registryLead}</p>
      {!me.registrar && <p className="note">{t.readOnlyRegistry}</p>}
      <div className="field">
        <label htmlFor="r-search">{t.search}</label>
        <input id="r-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {list.problem && <ProblemAlert problem={list.problem} />}
      {list.data && <p className="muted">{fill(t.total, { n: String(list.data.total) })}</p>}
      <ul className="trace-list">
        {list.data?.items.map((b) => (
          <li key={b.id} className="card">
            <p>
              <strong>{b.name}</strong>{' '}
              <span className={b.status === 'active' ? 'badge badge-ready' : 'badge badge-deceased'}>
                {t.status[b.status]}
              </span>
            </p>
            <p className="muted">
              <span className="mono">{b.enterpriseCode}</span> ·{' '}
              {b.kinds.map((k) => t.kinds[k] ?? k).join(', ')} · {b.place?.communeName} ·{' '}
              {fill(t.validCerts, { n: String(b.validCertifications ?? 0) })}
            </p>
            <button
              type="button"
              className="button button-small button-secondary"
              aria-expanded={open === b.id}
              onClick={() => setOpen(open === b.id ? undefined : b.id)}
            >
              {open === b.id ? t.close : t.manage}
            </button>
            {open === b.id && <Manage id={b.id} registrar={me.registrar} onChanged={reload} />}
          </li>
        ))}
      </ul>
      {me.registrar && <RegisterForm onSaved={reload} />}
    </>
  );
}

function Manage({ id, registrar, onChanged }: { id: string; registrar: boolean; onChanged: () => void }) {
  const t = useTexts();
  const base = `${TRACE}/businesses/${id}`;
  const [generation, setGeneration] = useState(0);
  const { data, problem: loadProblem } = useApi<BusinessDetail>(`${base}?g=${generation}`);
  const changed = () => {
    setGeneration((n) => n + 1);
    onChanged();
  };
  const { problem, run } = useAction(changed);
  const [reason, setReason] = useState('');
  const [withdrawing, setWithdrawing] = useState<Certification>();
  const [withdrawReason, setWithdrawReason] = useState('');
  if (loadProblem) return <ProblemAlert problem={loadProblem} />;
  if (!data) return null;
  const suspended = data.status === 'suspended';
  return (
    <div className="stack">
      <Profile business={data} />
      {problem && <ProblemAlert problem={problem} />}
      {registrar && (
        <form
          className="card stack"
          onSubmit={(e) => {
            e.preventDefault();
            run(() =>
              postJson(`${base}/status`, {
                status: suspended ? 'active' : 'suspended',
                ...(reason.trim() && { reason: reason.trim() }),
              }),
            ).then((ok) => ok && setReason(''));
          }}
        >
          <div className="field">
            <label htmlFor={`s-reason-${id}`}>{t.statusReason}</label>
            <input id={`s-reason-${id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className={suspended ? 'button' : 'button button-secondary'}>
            {suspended ? t.reinstate : t.suspend}
          </button>
        </form>
      )}
      <Certifications items={data.certifications} onWithdraw={registrar ? setWithdrawing : undefined} />
      {withdrawing && (
        <form
          className="card stack"
          onSubmit={(e) => {
            e.preventDefault();
            run(() =>
              postJson(`${base}/certifications/${withdrawing.id}/withdrawal`, {
                reason: withdrawReason.trim(),
              }),
            ).then((ok) => {
              if (ok) {
                setWithdrawing(undefined);
                setWithdrawReason('');
              }
            });
          }}
        >
          <p>
            {t.withdraw}: <strong>{t.schemes[withdrawing.scheme]}</strong> {withdrawing.number}
          </p>
          <div className="field">
            <label htmlFor={`w-reason-${id}`}>{t.withdrawReason}</label>
            <input
              id={`w-reason-${id}`}
              required
              minLength={3}
              value={withdrawReason}
              onChange={(e) => setWithdrawReason(e.target.value)}
            />
          </div>
          <button type="submit" className="button">
            {t.withdraw}
          </button>
        </form>
      )}
      {registrar && <CertificationForm base={base} run={run} />}
      {registrar && <Members base={base} />}
    </div>
  );
}

function CertificationForm({
  base,
  run,
}: {
  base: string;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}) {
  const t = useTexts();
  const empty = { scheme: 'vietgap', level: '4', number: '', issuer: '', validFrom: '', validUntil: '' };
  const [form, setForm] = useState(empty);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      scheme: form.scheme,
      number: form.number.trim(),
      issuer: form.issuer.trim(),
      validFrom: form.validFrom,
      validUntil: form.validUntil,
      ...(form.scheme === 'ocop' && { level: Number(form.level) }),
    };
    if (await run(() => postJson(`${base}/certifications`, body))) setForm(empty);
  };
  const id = (k: string) => `c-${k}-${base.slice(-8)}`;
  return (
    <form className="card stack" onSubmit={onSubmit}>
      <h3>{t.addCertification}</h3>
      <div className="field">
        <label htmlFor={id('scheme')}>{t.scheme}</label>
        <select id={id('scheme')} value={form.scheme} onChange={set('scheme')}>
          {SCHEMES.map((s) => (
            <option key={s} value={s}>
              {t.schemes[s]}
            </option>
          ))}
        </select>
      </div>
      {form.scheme === 'ocop' && (
        <div className="field">
          <label htmlFor={id('level')}>OCOP ({t.stars})</label>
          <select id={id('level')} value={form.level} onChange={set('level')}>
            {['3', '4', '5'].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={id('number')}>{t.certNumber}</label>
        <input id={id('number')} required value={form.number} onChange={set('number')} />
      </div>
      <div className="field">
        <label htmlFor={id('issuer')}>{t.issuer}</label>
        <input id={id('issuer')} required minLength={2} value={form.issuer} onChange={set('issuer')} />
      </div>
      <div className="field">
        <label htmlFor={id('from')}>{t.validFrom}</label>
        <input id={id('from')} type="date" required value={form.validFrom} onChange={set('validFrom')} />
      </div>
      <div className="field">
        <label htmlFor={id('until')}>{t.validUntil}</label>
        <input id={id('until')} type="date" required value={form.validUntil} onChange={set('validUntil')} />
      </div>
      <button type="submit" className="button">
        {t.addCertification}
      </button>
    </form>
  );
}

function RegisterForm({ onSaved }: { onSaved: () => void }) {
  const t = useTexts();
  const empty = {
    enterpriseCode: '',
    name: '',
    kinds: ['producer'] as string[],
    communeCode: '',
    street: '',
    prefixes: '',
    gln: '',
  };
  const [form, setForm] = useState(empty);
  const [done, setDone] = useState<string>();
  const { problem, run } = useAction(onSaved);
  const set =
    (k: 'enterpriseCode' | 'name' | 'communeCode' | 'street' | 'prefixes' | 'gln') =>
    (e: { target: { value: string } }) =>
      setForm({ ...form, [k]: e.target.value });
  const toggle = (kind: string) =>
    setForm({
      ...form,
      kinds: form.kinds.includes(kind) ? form.kinds.filter((k) => k !== kind) : [...form.kinds, kind],
    });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const name = form.name.trim();
    const prefixes = form.prefixes
      .split(/[\s,;]+/)
      .map((p) => p.trim())
      .filter(Boolean);
    const body = {
      enterpriseCode: form.enterpriseCode.trim(),
      name,
      kinds: form.kinds,
      communeCode: form.communeCode.trim(),
      ...(form.street.trim() && { street: form.street.trim() }),
      companyPrefixes: prefixes,
      ...(form.gln.trim() && { gln: form.gln.trim() }),
    };
    if (await run(() => postJson(`${TRACE}/businesses`, body))) {
      setForm(empty);
      setDone(fill(t.registered, { name }));
    }
  };
  return (
    <form className="card stack" onSubmit={onSubmit}>
      <h2>{t.register}</h2>
      {problem && <ProblemAlert problem={problem} />}
      {done && <p role="status">{done}</p>}
      <div className="field">
        <label htmlFor="r-code">{t.enterpriseCode}</label>
        <input
          id="r-code"
          required
          inputMode="numeric"
          pattern="[0-9]{10}(-[0-9]{3})?"
          value={form.enterpriseCode}
          onChange={set('enterpriseCode')}
        />
      </div>
      <div className="field">
        <label htmlFor="r-name">{t.businessName}</label>
        <input id="r-name" required minLength={2} value={form.name} onChange={set('name')} />
      </div>
      <fieldset className="field">
        <legend>{t.kindsLabel}</legend>
        {KINDS.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" checked={form.kinds.includes(k)} onChange={() => toggle(k)} /> {t.kinds[k]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="r-commune">{t.communeCode}</label>
        <input
          id="r-commune"
          required
          inputMode="numeric"
          pattern="[0-9]{5}"
          aria-describedby="r-commune-hint"
          value={form.communeCode}
          onChange={set('communeCode')}
        />
        <p id="r-commune-hint" className="hint">
          {t.communeHint}
        </p>
      </div>
      <div className="field">
        <label htmlFor="r-street">{t.street}</label>
        <input id="r-street" value={form.street} onChange={set('street')} />
      </div>
      <div className="field">
        <label htmlFor="r-prefixes">{t.prefixes}</label>
        <input
          id="r-prefixes"
          inputMode="numeric"
          aria-describedby="r-prefixes-hint"
          value={form.prefixes}
          onChange={set('prefixes')}
        />
        <p id="r-prefixes-hint" className="hint">
          {t.prefixesHint}
        </p>
      </div>
      <div className="field">
        <label htmlFor="r-gln">{t.gln}</label>
        <input
          id="r-gln"
          inputMode="numeric"
          pattern="[0-9]{13}"
          aria-describedby="r-gln-hint"
          value={form.gln}
          onChange={set('gln')}
        />
        <p id="r-gln-hint" className="hint">
          {t.glnHint}
        </p>
      </div>
      <button type="submit" className="button" disabled={form.kinds.length === 0}>
        {t.register}
      </button>
    </form>
  );
}
