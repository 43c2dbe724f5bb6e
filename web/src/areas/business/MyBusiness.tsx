import { type FormEvent, useState } from 'react';
import { type Problem, ProblemError, useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fill, useTexts } from './texts.ts';
import {
  type BusinessDetail,
  type Certification,
  type Member,
  type Membership,
  postJson,
  sendJson,
  TRACE,
} from './trace.ts';

/** "My business": the record the authority keeps, certifications with their validity, and members. */
export function MyBusiness({ business }: { business: Membership }) {
  const t = useTexts();
  const base = `${TRACE}/businesses/${business.businessId}`;
  const { data, problem } = useApi<BusinessDetail>(base);
  return (
    <>
      <p className="lead">{t.myBusinessLead}</p>
      {problem && <ProblemAlert problem={problem} />}
      {data && <Profile business={data} />}
      {data && <Certifications items={data.certifications} />}
      {business.role === 'manager' && <Members base={base} />}
    </>
  );
}

export function Profile({ business }: { business: BusinessDetail }) {
  const t = useTexts();
  return (
    <section className="card" aria-labelledby="b-profile">
      <h2 id="b-profile" className="trace-product-name">
        {business.name}{' '}
        <span className={business.status === 'active' ? 'badge badge-ready' : 'badge badge-deceased'}>
          {t.status[business.status]}
        </span>
      </h2>
      {business.status === 'suspended' && (
        <p className="note" role="note">
          {t.suspendedNote}
          {business.statusReason && ` (${business.statusReason})`}
        </p>
      )}
      <dl className="trace-facts">
        <dt>{t.enterpriseCode}</dt>
        <dd className="mono">{business.enterpriseCode}</dd>
        <dt>{t.kindsLabel}</dt>
        <dd>{business.kinds.map((k) => t.kinds[k] ?? k).join(', ')}</dd>
        <dt>{t.address}</dt>
        <dd>
          {[business.street, business.place?.communeName, business.place?.provinceName]
            .filter(Boolean)
            .join(', ')}
        </dd>
        <dt>{t.gln}</dt>
        <dd className="mono">{business.gln}</dd>
        <dt>{t.prefixes}</dt>
        <dd className="mono">{business.companyPrefixes.join(', ') || '—'}</dd>
      </dl>
    </section>
  );
}

const BADGE: Record<Certification['status'], string> = {
  valid: 'badge badge-ready',
  expired: 'badge badge-missing',
  not_yet_valid: 'badge badge-info',
  withdrawn: 'badge badge-deceased',
};

export function Certifications({
  items,
  onWithdraw,
}: {
  items: Certification[];
  onWithdraw?: (c: Certification) => void;
}) {
  const t = useTexts();
  return (
    <section className="card" aria-labelledby="b-certs">
      <h2 id="b-certs">{t.certifications}</h2>
      {items.length === 0 ? (
        <p className="muted">{t.noCertifications}</p>
      ) : (
        <ul className="trace-certs">
          {items.map((c) => (
            <li key={c.id}>
              <strong>
                {t.schemes[c.scheme]}
                {c.scheme === 'ocop' && c.level ? ` ${'★'.repeat(c.level)} (${c.level} ${t.stars})` : ''}
              </strong>{' '}
              <span className={BADGE[c.status]}>{t.certStatus[c.status]}</span>
              <br />
              <span className="muted">
                {t.certNumber} <span className="mono">{c.number}</span> · {c.issuer} · {c.validFrom} →{' '}
                {c.validUntil}
              </span>
              {onWithdraw && c.status !== 'withdrawn' && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    onClick={() => onWithdraw(c)}
                  >
                    {t.withdraw}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Members by role; a manager (or the registrar) adds people by personal ID and removes them. */
export function Members({ base }: { base: string }) {
  const t = useTexts();
  const [generation, setGeneration] = useState(0);
  const { data, problem: loadProblem } = useApi<{ items: Member[] }>(`${base}/members?g=${generation}`);
  const [form, setForm] = useState({ personalId: '', name: '', role: 'staff' });
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState<string>();
  const act = async (run: () => Promise<unknown>, message?: string) => {
    setProblem(undefined);
    setDone(undefined);
    try {
      await run();
      setGeneration((n) => n + 1);
      if (message) setDone(message);
      return true;
    } catch (err) {
      setProblem(err instanceof ProblemError ? err.problem : { title: String(err) });
      return false;
    }
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const name = form.name.trim();
    if (
      await act(
        () => postJson(`${base}/members`, { personalId: form.personalId.trim(), name, role: form.role }),
        fill(t.memberAdded, { name }),
      )
    )
      setForm({ personalId: '', name: '', role: 'staff' });
  };
  return (
    <section className="card stack" aria-labelledby="b-members">
      <h2 id="b-members">{t.members}</h2>
      <p className="muted">{t.membersLead}</p>
      {loadProblem && <ProblemAlert problem={loadProblem} />}
      {data && data.items.length === 0 && <p className="muted">{t.noMembers}</p>}
      {data && data.items.length > 0 && (
        <ul className="trace-members">
          {data.items.map((m) => (
            <li key={m.userId}>
              <span>
                <strong>{m.name}</strong>
                <br />
                <span className="muted">
                  {t.roles[m.role]} · {m.eId ? t.eId : t.linkOnly}
                </span>
              </span>
              <button
                type="button"
                className="button button-small button-secondary"
                aria-label={fill(t.removeMember, { name: m.name })}
                onClick={() => act(() => sendJson('DELETE', `${base}/members/${m.userId}`))}
              >
                {t.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && <ProblemAlert problem={problem} />}
      {done && <p role="status">{done}</p>}
      <form className="stack" onSubmit={onSubmit}>
        <h3>{t.addMember}</h3>
        <div className="field">
          <label htmlFor="m-pid">{t.personalId}</label>
          <input
            id="m-pid"
            inputMode="numeric"
            autoComplete="off"
            required
            pattern="[0-9]{12}"
            aria-describedby="m-pid-hint"
            value={form.personalId}
            onChange={(e) => setForm({ ...form, personalId: e.target.value })}
          />
          <p id="m-pid-hint" className="hint">
            {t.personalIdHint}
          </p>
        </div>
        <div className="field">
          <label htmlFor="m-name">{t.memberName}</label>
          <input
            id="m-name"
            required
            minLength={2}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="m-role">{t.role}</label>
          <select id="m-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            <option value="staff">{t.roles.staff}</option>
            <option value="manager">{t.roles.manager}</option>
          </select>
        </div>
        <button type="submit" className="button">
          {t.addMember}
        </button>
      </form>
    </section>
  );
}
