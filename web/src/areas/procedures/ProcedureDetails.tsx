import { useId } from 'react';
import { fill, type ProcedureTexts, useFormat, useProcedureTexts } from './texts.ts';
import type { Channel, Content } from './types.ts';

/** "1 ngày làm việc" / "15 days". */
export function timeLimitText(t: ProcedureTexts, c: Channel) {
  return `${c.timeLimit.amount} ${t[c.timeLimit.unit]}`;
}

/**
 * Everything a citizen must know about one version (Decree 63/2010 Art. 8: steps, channels, documents,
 * time limit, applicants, agency, result, fees, forms, conditions, legal basis). Used by the citizen's
 * procedure page and by the administrators' version history.
 */
export function ProcedureDetails({
  procedure,
  agencyName,
}: {
  procedure: Content;
  agencyName: string | null;
}) {
  const t = useProcedureTexts();
  const format = useFormat();
  const ids = { channels: useId(), steps: useId(), components: useId(), form: useId() };
  const properties = (procedure.form.schema.properties ?? {}) as Record<
    string,
    { title?: string; 'x-prefill'?: string }
  >;
  const required = new Set((procedure.form.schema.required as string[] | undefined) ?? []);
  // The fields in the order the form shows them (ui.order first, then the schema's own order).
  const order = Array.isArray(procedure.form.ui.order) ? (procedure.form.ui.order as string[]) : [];
  const names = [
    ...order.filter((n) => n in properties),
    ...Object.keys(properties).filter((n) => !order.includes(n)),
  ];

  return (
    <div className="procedure-details">
      <dl className="facts facts-wide">
        <div>
          <dt>{t.field}</dt>
          <dd>{procedure.field}</dd>
        </div>
        <div>
          <dt>{t.level}</dt>
          <dd>{t[procedure.level]}</dd>
        </div>
        <div>
          <dt>{t.applicants}</dt>
          <dd>{procedure.applicantTypes.map((a) => t[a]).join(', ')}</dd>
        </div>
        <div>
          <dt>{t.agency}</dt>
          <dd>{agencyName ?? t.communeCommittee}</dd>
        </div>
        <div>
          <dt>{t.competent}</dt>
          <dd>{procedure.competentAgency}</dd>
        </div>
        <div>
          <dt>{t.onlineLevel}</dt>
          <dd>{procedure.onlineLevel ? t[procedure.onlineLevel] : t.offline}</dd>
        </div>
      </dl>

      <section aria-labelledby={ids.channels}>
        <h2 id={ids.channels}>{t.channelsHeading}</h2>
        <div className="table-scroll">
          <table className="summary-table procedure-table">
            <thead>
              <tr>
                <th scope="col">{t.channel}</th>
                <th scope="col">{t.timeLimit}</th>
                <th scope="col">{t.fee}</th>
              </tr>
            </thead>
            <tbody>
              {procedure.channels.map((c) => (
                <tr key={c.channel}>
                  <th scope="row">{t[c.channel]}</th>
                  <td data-label={t.timeLimit}>{timeLimitText(t, c)}</td>
                  <td data-label={t.fee}>
                    {c.fee && c.fee.amount > 0 ? format.vnd(c.fee.amount) : t.free}
                    {c.fee?.note && <span className="hint procedure-note">{c.fee.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby={ids.components}>
        <h2 id={ids.components}>{t.componentsHeading}</h2>
        {procedure.components.map((c) => (
          <div key={c.case} className="procedure-case">
            <h3>{c.case}</h3>
            <div className="table-scroll">
              <table className="summary-table procedure-table">
                <thead>
                  <tr>
                    <th scope="col">{t.document}</th>
                    <th scope="col">{t.originals}</th>
                    <th scope="col">{t.copies}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.items.map((item) => (
                    <tr key={item.key}>
                      <td data-label={t.document}>
                        {item.name}
                        {!item.required && <span className="badge procedure-badge">{t.optional}</span>}
                        {item.template && (
                          <span className="hint procedure-note">
                            {fill(t.template, { name: item.template })}
                          </span>
                        )}
                      </td>
                      <td data-label={t.originals}>{item.originals}</td>
                      <td data-label={t.copies}>{item.copies}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))}
      </section>

      <section aria-labelledby={ids.steps}>
        <h2 id={ids.steps}>{t.stepsHeading}</h2>
        <ol className="procedure-steps">
          {procedure.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      </section>

      <h2>{t.conditionsHeading}</h2>
      {procedure.conditions.length > 0 ? (
        <ul>
          {procedure.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      ) : (
        <p>{t.noConditions}</p>
      )}

      <h2>{t.resultHeading}</h2>
      <p>{procedure.result}</p>

      <section aria-labelledby={ids.form}>
        <h2 id={ids.form}>{t.formHeading}</h2>
        <ul className="procedure-form-fields">
          {names
            .map((name) => [name, properties[name] ?? {}] as const)
            .map(([name, p]) => (
              <li key={name}>
                {p.title ?? name}
                {required.has(name) && <span aria-hidden="true"> *</span>}
                {p['x-prefill'] && (
                  <span className="badge badge-info procedure-badge">
                    {fill(t.prefilled, {
                      source: p['x-prefill'].startsWith('identity.') ? t.identity : t.registry,
                    })}
                  </span>
                )}
              </li>
            ))}
        </ul>
      </section>

      <h2>{t.legalHeading}</h2>
      <ul>
        {procedure.legalBasis.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}
