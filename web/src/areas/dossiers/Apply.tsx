import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { getJson, type Problem, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import {
  type Agency,
  type ComponentItem,
  type Dossier,
  type DossierSummary,
  idempotencyKey,
  itemsOf,
  ME,
  PROCEDURES,
  type Procedure,
  problemOf,
  send,
} from './api.ts';
import { ActionProblemAlert, formatBytes, typeLabel, useFormat } from './parts.tsx';
import { ConfirmedData, SchemaForm, useConfirmedFields, withDefaults } from './SchemaForm.tsx';
import { RequireCitizen } from './session.tsx';
import { fill, useTexts } from './texts.ts';
import { type HeldDocument, WALLET } from './Wallet.tsx';

type Data = Record<string, unknown>;

/** /citizen/services/:code/apply — start (or resume) a draft, then fill, attach, pay attention to the fee, submit. */
export function ApplyPage() {
  const t = useTexts();
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const draft = params.get('d');
  const returnTo = `/citizen/services/${code}/apply${draft ? `?d=${draft}` : ''}`;
  return (
    <RequireCitizen title={t.applyTitle} returnTo={returnTo}>
      {() => (draft ? <DraftEditor key={draft} id={draft} code={code} /> : <ApplyStart code={code} />)}
    </RequireCitizen>
  );
}

function useProcedure(code: string) {
  return useApi<Procedure>(`${PROCEDURES}/${encodeURIComponent(code)}`);
}

function onlineChannel(p: Procedure | undefined) {
  return p?.channels.find((c) => c.channel === 'online') ?? p?.channels[0];
}

function ProcedureFacts({ procedure }: { procedure: Procedure }) {
  const t = useTexts();
  const f = useFormat();
  const channel = onlineChannel(procedure);
  return (
    <dl className="facts facts-wide">
      {procedure.agency && (
        <div>
          <dt>{t.agency}</dt>
          <dd>{procedure.agency.name}</dd>
        </div>
      )}
      {channel && (
        <div>
          <dt>{t.timeLimit}</dt>
          <dd>
            {channel.timeLimit.amount} {t.units[channel.timeLimit.unit]}
          </dd>
        </div>
      )}
      {channel && (
        <div>
          <dt>{t.fee}</dt>
          <dd>
            {channel.fee && channel.fee.amount > 0 ? f.money(channel.fee.amount) : t.free}
            {channel.fee?.note && <span className="muted"> · {channel.fee.note}</span>}
          </dd>
        </div>
      )}
    </dl>
  );
}

function ApplyStart({ code }: { code: string }) {
  const t = useTexts();
  const navigate = useNavigate();
  const procedure = useProcedure(code);
  const mine = useApi<{ items: DossierSummary[] } | DossierSummary[]>(ME);
  const communal = procedure.data?.level === 'commune';
  const communes = useApi<{ items: Agency[] } | Agency[]>(
    communal ? '/api/v1/agencies?level=commune&limit=500' : null,
  );
  const [commune, setCommune] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const key = useRef(idempotencyKey());

  // A draft of this procedure is resumed rather than a second one started.
  const existing = itemsOf(mine.data)?.find((d) => d.status === 'draft' && d.procedure.code === code);
  useEffect(() => {
    if (existing) navigate(`?d=${existing.id}&resumed=1`, { replace: true });
  }, [existing, navigate]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setBusy(true);
    try {
      const created = await send<Dossier>(
        'POST',
        ME,
        { procedureCode: code, ...(commune && { communeCode: commune }) },
        key.current,
      );
      navigate(`?d=${created.id}`, { replace: true });
    } catch (err) {
      setProblem(problemOf(err));
      key.current = idempotencyKey();
    } finally {
      setBusy(false);
    }
  };
  const title = procedure.data?.name ?? t.applyTitle;
  return (
    <Page title={title}>
      <p className="lead">{t.applyLead}</p>
      {procedure.problem && <ProblemAlert problem={procedure.problem} />}
      {procedure.data && <ProcedureFacts procedure={procedure.data} />}
      {problem && <ProblemAlert problem={problem} />}
      <form className="stack" onSubmit={start}>
        {communal && (
          <div className="field">
            <label htmlFor="apply-commune">{t.place}</label>
            <p className="hint" id="apply-commune-hint">
              {t.placeHint}
            </p>
            <select
              id="apply-commune"
              aria-describedby="apply-commune-hint"
              value={commune}
              onChange={(e) => setCommune(e.target.value)}
            >
              <option value="">{t.placeOwn}</option>
              {itemsOf(communes.data)?.map((a) =>
                a.communeCode ? (
                  <option key={a.code} value={a.communeCode}>
                    {a.name.replace(/^Ủy ban nhân dân /i, '')}
                  </option>
                ) : null,
              )}
            </select>
          </div>
        )}
        <p>
          <button type="submit" className="button" disabled={busy || mine.loading}>
            {t.start}
          </button>
        </p>
      </form>
    </Page>
  );
}

type SaveState = { state: 'idle' | 'dirty' | 'saving' | 'saved' | 'failed'; at?: Date };

/** Keeps `data` saved: PATCHes 0.8 s after the last edit, and on demand (before submitting). */
function useAutosave(id: string) {
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const latest = useRef<Data>({});
  const edits = useRef(0);
  const saved = useRef(0);
  const running = useRef<Promise<void> | null>(null);

  const flush = useCallback(async (): Promise<void> => {
    if (running.current) await running.current;
    if (saved.current === edits.current) return;
    const version = edits.current;
    setSave({ state: 'saving' });
    running.current = send('PATCH', `${ME}/${id}`, { data: latest.current }).then(
      () => {
        saved.current = version;
        setSave(version === edits.current ? { state: 'saved', at: new Date() } : { state: 'dirty' });
      },
      () => setSave({ state: 'failed' }),
    );
    await running.current;
    running.current = null;
  }, [id]);

  const edit = useCallback((data: Data) => {
    latest.current = data;
    edits.current += 1;
    setSave({ state: 'dirty' });
  }, []);

  useEffect(() => {
    if (save.state !== 'dirty') return;
    const timer = setTimeout(() => void flush(), 800);
    return () => clearTimeout(timer);
  }, [save, flush]);

  return { save, edit, flush, unsaved: () => saved.current !== edits.current };
}

function SaveIndicator({ save, live = true }: { save: SaveState; live?: boolean }) {
  const t = useTexts();
  const f = useFormat();
  const text =
    save.state === 'saving'
      ? t.saving
      : save.state === 'saved' && save.at
        ? fill(t.savedAt, { time: f.time(save.at) })
        : save.state === 'failed'
          ? t.saveFailed
          : save.state === 'dirty'
            ? t.unsaved
            : '';
  return (
    <p
      className={`save-state save-${save.state}`}
      role={live ? 'status' : undefined}
      aria-live={live ? 'polite' : undefined}
      data-save={live ? save.state : undefined}
    >
      {text}
    </p>
  );
}

function DraftEditor({ id, code }: { id: string; code: string }) {
  const t = useTexts();
  const f = useFormat();
  const [params] = useSearchParams();
  const [dossier, setDossier] = useState<Dossier>();
  const [loadProblem, setLoadProblem] = useState<Problem>();
  const [data, setData] = useState<Data>({});
  const [generation, setGeneration] = useState(0);
  const procedure = useProcedure(code);
  const { save, edit, flush, unsaved } = useAutosave(id);
  const [problem, setProblem] = useState<Problem>();
  const [submitted, setSubmitted] = useState<Dossier>();
  const [sworn, setSworn] = useState(false);
  const [busy, setBusy] = useState(false);
  const submitKey = useRef(idempotencyKey());
  const first = useRef(true);
  const [chosenCase, setChosenCase] = useState<string>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation reloads after an upload
  useEffect(() => {
    const controller = new AbortController();
    getJson<Dossier>(`${ME}/${id}`, controller.signal).then(
      (d) => {
        setDossier(d);
        // The answers typed here win over the server's copy while editing (an upload reloads the dossier).
        if (first.current && d.status === 'draft') {
          const base = d.data ?? {};
          const filled = withDefaults(d.form.schema, base);
          setData(filled ?? base);
          if (filled) edit(filled); // the defaults are saved like an answer
        }
        first.current = false;
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setLoadProblem(problemOf(err));
      },
    );
    return () => controller.abort();
  }, [id, generation, edit]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const held = useApi<HeldDocument[]>(WALLET);
  const change = (next: Data) => {
    setData(next);
    edit(next);
  };
  const confirmed = useConfirmedFields(
    dossier?.form.schema ?? {},
    dossier?.form.ui ?? {},
    data,
    dossier?.prefilled ?? {},
  );

  if (loadProblem)
    return (
      <Page title={t.applyTitle}>
        <ProblemAlert problem={loadProblem} />
      </Page>
    );
  if (!dossier)
    return (
      <Page title={t.applyTitle}>
        <p role="status">{t.loading}</p>
      </Page>
    );
  if (submitted) return <Submitted dossier={submitted} />;
  if (dossier.status !== 'draft') return <Submitted dossier={dossier} />;

  const components = dossier.components ?? procedure.data?.components ?? [];
  // A procedure may list components for several cases (trường hợp): the citizen says which is theirs.
  const current = components.find((c) => c.case === chosenCase) ?? components[0];
  const items = current?.items ?? [];
  const missing = items.filter((i) => i.required && !dossier.documents.some((d) => d.component === i.key));
  const fee = dossier.fee ?? onlineChannel(procedure.data)?.fee ?? null;
  const channel = onlineChannel(procedure.data);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    if (missing.length) {
      setProblem({ title: fill(t.missingDocs, { names: missing.map((m) => m.name).join('; ') }) });
      return;
    }
    setBusy(true);
    try {
      if (unsaved()) await flush();
      const answer = await send<Dossier>('POST', `${ME}/${id}/submit`, undefined, submitKey.current);
      setSubmitted(answer?.id ? answer : await getJson<Dossier>(`${ME}/${id}`));
    } catch (err) {
      setProblem(problemOf(err));
      submitKey.current = idempotencyKey();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={dossier.procedure.name}>
      <p className="lead">{t.applyLead}</p>
      {params.get('resumed') && <p className="note">{t.resumeDraft}</p>}
      <dl className="facts facts-wide">
        <div>
          <dt>{t.agency}</dt>
          <dd>{dossier.agency.name}</dd>
        </div>
        {channel && (
          <div>
            <dt>{t.timeLimit}</dt>
            <dd>
              {channel.timeLimit.amount} {t.units[channel.timeLimit.unit]}
            </dd>
          </div>
        )}
      </dl>
      <SaveIndicator save={save} />
      <form className="apply-form" onSubmit={submit}>
        {confirmed.length > 0 && (
          <section className="panel" aria-labelledby="step-you">
            <h2 id="step-you">{t.stepYou}</h2>
            <p className="hint">{t.stepYouLead}</p>
            <ConfirmedData fields={confirmed} />
          </section>
        )}
        <section className="panel" aria-labelledby="step-form">
          <h2 id="step-form">{t.stepForm}</h2>
          <SchemaForm
            schema={dossier.form.schema}
            ui={dossier.form.ui}
            value={data}
            onChange={change}
            prefilled={dossier.prefilled}
          />
        </section>
        {items.length > 0 && (
          <section className="panel" aria-labelledby="step-docs">
            <h2 id="step-docs">{t.stepDocs}</h2>
            <p className="hint">{t.stepDocsLead}</p>
            {components.length > 1 && (
              <fieldset className="fieldset schema-radios">
                <legend>{t.whichCase}</legend>
                {components.map((c) => (
                  <label key={c.case} className="check">
                    <input
                      type="radio"
                      name="component-case"
                      checked={c === current}
                      onChange={() => setChosenCase(c.case)}
                    />{' '}
                    {c.case}
                  </label>
                ))}
              </fieldset>
            )}
            <ul className="plain-list doc-items">
              {items.map((item) => (
                <DocumentItem
                  key={item.key}
                  dossier={dossier}
                  item={item}
                  onChange={reload}
                  held={held.data}
                />
              ))}
            </ul>
          </section>
        )}
        <section className="panel" aria-labelledby="step-submit">
          <h2 id="step-submit">{t.stepSubmit}</h2>
          <dl className="facts">
            <div>
              <dt>{t.fee}</dt>
              <dd data-fee>{fee && fee.amount > 0 ? f.money(fee.amount) : t.free}</dd>
            </div>
          </dl>
          {fee?.note && <p className="hint">{fee.note}</p>}
          <SaveIndicator save={save} live={false} />
          <label className="check">
            <input type="checkbox" required checked={sworn} onChange={(e) => setSworn(e.target.checked)} />{' '}
            {t.confirmTrue}
          </label>
          {problem && <ActionProblemAlert problem={problem} />}
          <p>
            <button type="submit" className="button" disabled={busy}>
              {busy ? t.submitting : t.submitNow}
            </button>
          </p>
        </section>
      </form>
    </Page>
  );
}

/** One component of the dossier: what is asked, what is uploaded, and a file input checked before sending. */
export function DocumentItem({
  dossier,
  item,
  onChange,
  base = ME,
  removable = true,
  held,
}: {
  dossier: Dossier;
  item: ComponentItem;
  onChange: () => void;
  base?: string;
  /** The one-stop adds scans to a dossier but never deletes what is in it. */
  removable?: boolean;
  /** The applicant's document wallet, offered instead of an upload when the component takes a PDF. */
  held?: HeldDocument[];
}) {
  const t = useTexts();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const docs = dossier.documents.filter((d) => d.component === item.key);
  const inputId = `doc-${item.key}`;
  const accept = item.accept.join(',');

  const upload = async (file: File) => {
    setProblem(undefined);
    const types = typeLabel(item.accept);
    const extension = `.${file.name.split('.').pop()?.toLowerCase()}`;
    const typeOk =
      item.accept.length === 0 ||
      item.accept.some(
        (a) =>
          a === file.type ||
          a.toLowerCase() === extension ||
          (a.endsWith('/*') && file.type.startsWith(a.slice(0, -1))),
      );
    if (!typeOk) {
      setProblem({ title: fill(t.badType, { name: file.name, types }) });
      return;
    }
    if (item.maxBytes && file.size > item.maxBytes) {
      setProblem({
        title: fill(t.tooBig, {
          name: file.name,
          size: formatBytes(file.size),
          max: formatBytes(item.maxBytes),
        }),
      });
      return;
    }
    const body = new FormData();
    body.append('component', item.key);
    body.append('file', file, file.name);
    setBusy(true);
    try {
      await send('POST', `${base}/${dossier.id}/documents`, body);
      onChange();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  const usable = (held ?? []).filter((d) => d.status === 'valid');
  const takesPdf =
    item.accept.length === 0 || item.accept.some((a) => a === 'application/pdf' || a === '.pdf');
  const [picked, setPicked] = useState('');
  const take = async () => {
    setProblem(undefined);
    setBusy(true);
    try {
      await send('POST', `${base}/${dossier.id}/documents/from-store`, {
        component: item.key,
        documentId: picked || usable[0]?.id,
      });
      onChange();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (docId: string) => {
    setProblem(undefined);
    try {
      await send('DELETE', `${base}/${dossier.id}/documents/${docId}`);
      onChange();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <li className="doc-item" data-component={item.key}>
      <p className="doc-item-name">
        <strong>{item.name}</strong>{' '}
        {item.required ? (
          <span className="badge">{t.required}</span>
        ) : (
          <span className="muted">({t.optional})</span>
        )}
      </p>
      <p className="hint">
        {fill(t.copies, { originals: item.originals, copies: item.copies })} ·{' '}
        {fill(t.accepts, { types: typeLabel(item.accept), size: formatBytes(item.maxBytes) })}
      </p>
      {docs.length > 0 && (
        <ul className="plain-list doc-files">
          {docs.map((d) => (
            <li key={d.id}>
              <span className="doc-ok">✓ {t.uploaded}:</span> {d.fileName}
              <span className="muted"> · {formatBytes(d.size)}</span>{' '}
              {removable && (
                <button type="button" className="link-button" onClick={() => remove(d.id)}>
                  {t.remove}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={inputId} className="button button-small button-secondary doc-pick">
        {busy ? t.uploading : t.chooseFile}
      </label>
      <input
        id={inputId}
        className="doc-input"
        type="file"
        accept={accept || undefined}
        aria-label={item.name}
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void upload(file);
        }}
      />
      {takesPdf && usable.length > 0 && (
        <div className="doc-wallet">
          <label htmlFor={`wallet-${item.key}`}>{t.fromWallet}</label>
          <select
            id={`wallet-${item.key}`}
            value={picked || usable[0]?.id}
            onChange={(e) => setPicked(e.target.value)}
          >
            {usable.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title} · {d.agency.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-small button-secondary"
            disabled={busy}
            onClick={take}
          >
            {t.takeFromWallet}
          </button>
        </div>
      )}
      {problem && <ProblemAlert problem={problem} />}
    </li>
  );
}

function Submitted({ dossier }: { dossier: Dossier }) {
  const t = useTexts();
  const f = useFormat();
  return (
    <Page title={t.submittedTitle}>
      <div className="success receipt" role="status">
        <p>{dossier.procedure.name}</p>
        <p className="receipt-label">{t.receiptCode}</p>
        <p className="receipt-code mono" data-receipt-code>
          {dossier.receiptCode}
        </p>
        <p className="receipt-label">{t.dueOn}</p>
        <p className="receipt-due" data-due-on>
          {dossier.dueOn ? f.date(dossier.dueOn) : t.dueOnPending}
        </p>
        <p className="hint">{t.receiptHint}</p>
      </div>
      <p className="actions">
        <Link className="button" to={`/citizen/applications/${dossier.id}`}>
          {t.viewDossier}
        </Link>
        <Link className="button button-secondary" to="/citizen/applications">
          {t.myDossiers}
        </Link>
      </p>
    </Page>
  );
}
