import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError, useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QrScanner } from '../../components/QrScanner.tsx';
import { useTexts } from './texts.ts';
import { type CheckResult, type Membership, postJson, TRACE } from './trace.ts';

/** The retailer's receiving check: scan (or type) the code of incoming goods, get a verdict. */
export function Receiving({ business }: { business: Membership }) {
  const t = useTexts();
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage === 'en' ? 'en' : 'vi';
  const base = `${TRACE}/businesses/${business.businessId}`;
  const [code, setCode] = useState('');
  const [result, setResult] = useState<CheckResult>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);
  const recent = useApi<{ items: { id: string; checkedAt: string; code: string; verdict: string }[] }>(
    `${base}/receiving-checks?g=${generation}`,
  );

  const check = useCallback(
    async (value: string) => {
      const scanned = value.trim();
      if (!scanned) return;
      setCode(scanned);
      setBusy(true);
      setProblem(undefined);
      setResult(undefined);
      try {
        setResult(await postJson<CheckResult>(`${base}/receiving-checks`, { code: scanned }));
        setGeneration((n) => n + 1);
      } catch (err) {
        setProblem(err instanceof ProblemError ? err.problem : { title: String(err) });
      } finally {
        setBusy(false);
      }
    },
    [base],
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    check(code);
  };
  return (
    <>
      <p className="lead">{t.receivingLead}</p>
      <QrScanner
        onCode={check}
        labels={{
          start: t.startCamera,
          stop: t.stopCamera,
          denied: t.denied,
          unavailable: t.unavailable,
          scanning: t.scanning,
        }}
      />
      <form className="search-form" onSubmit={onSubmit}>
        <div className="field field-grow">
          <label htmlFor="r-code">{t.code}</label>
          <input
            id="r-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-describedby="r-code-hint"
            autoComplete="off"
          />
          <p id="r-code-hint" className="hint">
            {t.codeHint}
          </p>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t.check}
        </button>
      </form>
      {problem && <ProblemAlert problem={problem} />}
      {result && (
        <section
          className={`verdict verdict-${result.verdict}`}
          aria-live="polite"
          data-verdict={result.verdict}
        >
          <h2>{t.verdicts[result.verdict]}</h2>
          {result.product && (
            <p>
              <strong>
                {lang === 'en' && result.product.nameEn ? result.product.nameEn : result.product.name}
              </strong>
              {result.lot && ` · ${t.lot} ${result.lot}`}
              {result.serial && ` · SN ${result.serial}`}
            </p>
          )}
          <ul>
            {result.reasons.map((r) => (
              <li key={r.code}>{r[lang]}</li>
            ))}
          </ul>
          {result.receivingEventId && <p className="success">{t.received}</p>}
        </section>
      )}
      {recent.data && recent.data.items.length > 0 && (
        <>
          <h2>{t.recentChecks}</h2>
          <ul className="trace-recent">
            {recent.data.items.map((c) => (
              <li key={c.id}>
                <span className={`badge verdict-badge-${c.verdict}`}>{t.verdicts[c.verdict]}</span>{' '}
                <span className="mono">{c.code}</span>{' '}
                <span className="muted">
                  {new Date(c.checkedAt).toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
