import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { type Problem, ProblemError, postJson, sendJson, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useSessionExpiry } from '../officer/session.tsx';
import { ProcedureDetails } from './ProcedureDetails.tsx';
import { fill, useFormat, useProcedureTexts } from './texts.ts';
import {
  type Agency,
  CHANNELS,
  type Channel,
  type ChannelKind,
  type ComponentItem,
  type Content,
  type Draft,
  type FieldError,
  type ProcedurePage,
  ROLES,
  type Role,
  type TimeUnit,
  type Version,
  type VersionEntry,
} from './types.ts';
import './procedures.css';

interface AdminView {
  code: string;
  published: ProcedurePage | null;
  draft: Draft | null;
}

const NEW_ITEM: ComponentItem = {
  key: 'document',
  name: '',
  originals: 1,
  copies: 0,
  required: true,
  accept: ['application/pdf', 'image/jpeg', 'image/png'],
  maxBytes: 10 * 1024 * 1024,
};

const EMPTY: Content = {
  name: '',
  nameEn: '',
  level: 'commune',
  field: '',
  applicantTypes: ['citizen'],
  agencyCode: null,
  competentAgency: 'Ủy ban nhân dân cấp xã',
  steps: [],
  channels: [{ channel: 'in_person', timeLimit: { amount: 5, unit: 'working_days' }, fee: null }],
  onlineLevel: null,
  components: [
    { case: 'Trường hợp chung', items: [{ ...NEW_ITEM, key: 'application', name: 'Đơn đề nghị' }] },
  ],
  form: {
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        applicantName: { type: 'string', title: 'Họ, chữ đệm, tên', 'x-prefill': 'registry.fullName' },
        applicantPersonalId: {
          type: 'string',
          title: 'Số định danh cá nhân',
          'x-prefill': 'registry.personalId',
        },
      },
      required: ['applicantName', 'applicantPersonalId'],
    },
    ui: {},
  },
  workflow: [
    { key: 'receive', name: 'Tiếp nhận hồ sơ', role: 'dossiers.receive', share: 0.2 },
    { key: 'process', name: 'Thẩm định hồ sơ', role: 'dossiers.process', share: 0.5 },
    { key: 'approve', name: 'Phê duyệt, ký kết quả', role: 'dossiers.approve', share: 0.3 },
  ],
  result: '',
  legalBasis: [],
  conditions: [],
  keywords: [],
};

/** The content fields of a draft or version (drops id, code, dates). */
function contentOf(v: Content): Content {
  return {
    name: v.name,
    nameEn: v.nameEn,
    level: v.level,
    field: v.field,
    applicantTypes: v.applicantTypes,
    agencyCode: v.agencyCode,
    competentAgency: v.competentAgency,
    steps: v.steps,
    channels: v.channels,
    onlineLevel: v.onlineLevel,
    components: v.components,
    form: v.form,
    workflow: v.workflow,
    result: v.result,
    legalBasis: v.legalBasis,
    conditions: v.conditions,
    keywords: v.keywords,
  };
}

const problemOf = (err: unknown): Problem =>
  err instanceof ProblemError ? err.problem : { title: String(err) };

/** `/admin/procedures/:code`: the draft editor, publication and version history; `new` adds a procedure. */
export function ProcedureEditor() {
  const t = useProcedureTexts();
  const { code = '' } = useParams();
  const isNew = code === 'new';
  const [reload, setReload] = useState(0);
  const view = useApi<AdminView>(
    isNew ? null : `/api/v1/admin/procedures/${encodeURIComponent(code)}?r=${reload}`,
  );
  useSessionExpiry(view.problem);
  const [message, setMessage] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  const refresh = (note?: string) => {
    setMessage(note);
    setProblem(undefined);
    setReload((n) => n + 1);
  };

  const title = isNew ? t.newProcedure : `${t.adminTitle}: ${code}`;
  if (isNew) return <NewProcedure />;
  const data = view.data?.code === code ? view.data : undefined;
  return (
    <Page title={title}>
      <p>
        <Link to="/admin/procedures">{t.backToCatalogue}</Link>
      </p>
      {view.loading && !data && <p role="status">{t.loading}</p>}
      {view.problem && <ProblemAlert problem={view.problem} />}
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      {problem && <ProblemAlert problem={problem} />}
      {data && !data.draft && (
        <>
          <p>{t.noDraft}</p>
          <p>
            <button
              type="button"
              className="button"
              onClick={() =>
                postJson(`/api/v1/admin/procedures/${code}/draft`).then(
                  () => refresh(),
                  (err: unknown) => setProblem(problemOf(err)),
                )
              }
            >
              {t.startDraft}
            </button>
          </p>
          {data.published && (
            <ProcedureDetails procedure={data.published} agencyName={data.published.agency?.name ?? null} />
          )}
        </>
      )}
      {data?.draft && (
        <DraftEditor
          key={`${data.draft.id}-${data.draft.updatedAt}`}
          draft={data.draft}
          onSaved={() => refresh(t.saved)}
          onPublished={(v) => refresh(fill(t.publishedOk, { version: v }))}
          onDiscarded={() => refresh(t.discarded)}
        />
      )}
      {data && <History code={code} reload={reload} />}
    </Page>
  );
}

function NewProcedure() {
  const t = useProcedureTexts();
  const navigate = useNavigate();
  const codeId = useId();
  const [newCode, setNewCode] = useState('');
  return (
    <Page title={t.newProcedure}>
      <p>
        <Link to="/admin/procedures">{t.backToCatalogue}</Link>
      </p>
      <div className="field">
        <label htmlFor={codeId}>{t.newCode}</label>
        <input
          id={codeId}
          value={newCode}
          onChange={(e) => setNewCode(e.target.value.trim())}
          pattern="[0-9]\.[0-9]{6}"
          inputMode="decimal"
          autoComplete="off"
        />
      </div>
      <ContentForm
        initial={EMPTY}
        submitLabel={t.create}
        onSubmit={async (content) => {
          await postJson('/api/v1/admin/procedures', { code: newCode, content });
          navigate(`/admin/procedures/${newCode}`);
        }}
      />
    </Page>
  );
}

function DraftEditor({
  draft,
  onSaved,
  onPublished,
  onDiscarded,
}: {
  draft: Draft;
  onSaved: () => void;
  onPublished: (version: number) => void;
  onDiscarded: () => void;
}) {
  const t = useProcedureTexts();
  const format = useFormat();
  const [problem, setProblem] = useState<Problem>();
  const path = `/api/v1/admin/procedures/${draft.code}`;
  return (
    <>
      <p className="lead">
        {fill(t.draftOf, { version: draft.version, date: format.dateTime(draft.updatedAt) })}
      </p>
      <ContentForm
        initial={contentOf(draft)}
        submitLabel={t.save}
        onSubmit={async (content) => {
          await sendJson('PUT', `${path}/draft`, content);
          onSaved();
        }}
      />
      {problem && <ProblemAlert problem={problem} />}
      <div className="procedure-toolbar">
        <button
          type="button"
          className="button"
          onClick={() => {
            if (!window.confirm(fill(t.confirmPublish, { version: draft.version }))) return;
            postJson<Version>(`${path}/publish`).then(
              (v) => onPublished(v?.version ?? draft.version),
              (err: unknown) => setProblem(problemOf(err)),
            );
          }}
        >
          {t.publish}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            if (!window.confirm(t.confirmDiscard)) return;
            sendJson('DELETE', `${path}/draft`).then(onDiscarded, (err: unknown) =>
              setProblem(problemOf(err)),
            );
          }}
        >
          {t.discard}
        </button>
      </div>
    </>
  );
}

/** Lines of a textarea ↔ a list (empty lines dropped when saving). */
const linesOf = (list: string[]) => list.join('\n');
const listOf = (text: string) => text.split('\n');
const clean = (list: string[]) => list.map((l) => l.trim()).filter(Boolean);

function ContentForm({
  initial,
  submitLabel,
  onSubmit,
}: {
  initial: Content;
  submitLabel: string;
  onSubmit: (content: Content) => Promise<void>;
}) {
  const t = useProcedureTexts();
  const [c, setC] = useState<Content>(initial);
  const [schemaText, setSchemaText] = useState(JSON.stringify(initial.form.schema, null, 2));
  const [uiText, setUiText] = useState(JSON.stringify(initial.form.ui, null, 2));
  const [problem, setProblem] = useState<Problem>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const agencies = useApi<{ items: Agency[] }>('/api/v1/agencies?level=province&limit=100');
  const id = useId();
  const set = <K extends keyof Content>(key: K, value: Content[K]) =>
    setC((prev) => ({ ...prev, [key]: value }));

  /** The content to send, or undefined (with the error shown) when the form JSON does not parse. */
  function collect(): Content | undefined {
    let schema: Record<string, unknown>;
    let ui: Record<string, unknown>;
    try {
      schema = JSON.parse(schemaText) as Record<string, unknown>;
      ui = JSON.parse(uiText) as Record<string, unknown>;
    } catch (err) {
      setProblem({ title: fill(t.badJson, { message: (err as Error).message }) });
      return undefined;
    }
    return {
      ...c,
      steps: clean(c.steps),
      legalBasis: clean(c.legalBasis),
      conditions: clean(c.conditions),
      keywords: clean(c.keywords),
      agencyCode: c.level === 'province' ? c.agencyCode : null,
      form: { schema, ui },
    };
  }
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setProblem(undefined);
    setErrors([]);
    setNote(undefined);
    try {
      await action();
    } catch (err) {
      const p = problemOf(err);
      setProblem(p);
      if (Array.isArray(p.errors)) setErrors(p.errors as FieldError[]);
    } finally {
      setBusy(false);
    }
  }
  const submit = () =>
    run(async () => {
      const content = collect();
      if (content) await onSubmit(content);
    });
  const check = () =>
    run(async () => {
      const content = collect();
      if (!content) return;
      const answer = await postJson<{ valid: boolean; errors: FieldError[] }>(
        '/api/v1/admin/procedures/validate',
        content,
      );
      if (answer?.valid) setNote(t.valid);
      else setErrors(answer?.errors ?? []);
    });

  const channelOf = (kind: ChannelKind) => c.channels.find((ch) => ch.channel === kind);
  const setChannel = (kind: ChannelKind, next: Channel | undefined) =>
    set(
      'channels',
      CHANNELS.flatMap((k) => {
        if (k === kind) return next ? [next] : [];
        const existing = c.channels.find((ch) => ch.channel === k);
        return existing ? [existing] : [];
      }),
    );
  const shareSum = Math.round(c.workflow.reduce((s, w) => s + w.share, 0) * 1000) / 10;

  return (
    <form
      className="procedure-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{t.general}</legend>
        <TextField label={t.name} value={c.name} onChange={(v) => set('name', v)} required />
        <TextField label={t.nameEn} value={c.nameEn} onChange={(v) => set('nameEn', v)} />
        <div className="procedure-row">
          <div className="field">
            <label htmlFor={`${id}-level`}>{t.level}</label>
            <select
              id={`${id}-level`}
              value={c.level}
              onChange={(e) => set('level', e.target.value as Content['level'])}
            >
              <option value="commune">{t.commune}</option>
              <option value="province">{t.province}</option>
            </select>
          </div>
          {c.level === 'province' && (
            <div className="field field-grow">
              <label htmlFor={`${id}-agency`}>{t.agencyCode}</label>
              <select
                id={`${id}-agency`}
                value={c.agencyCode ?? ''}
                onChange={(e) => set('agencyCode', e.target.value || null)}
              >
                <option value="">{t.choose}</option>
                {agencies.data?.items.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.name} ({a.code})
                  </option>
                ))}
              </select>
            </div>
          )}
          <TextField label={t.field} value={c.field} onChange={(v) => set('field', v)} required />
        </div>
        <TextField
          label={t.competentAgency}
          value={c.competentAgency}
          onChange={(v) => set('competentAgency', v)}
        />
        <fieldset className="fieldset">
          <legend>{t.applicants}</legend>
          {(['citizen', 'enterprise', 'household_business'] as const).map((a) => (
            <label key={a} className="check">
              <input
                type="checkbox"
                checked={c.applicantTypes.includes(a)}
                onChange={(e) =>
                  set(
                    'applicantTypes',
                    e.target.checked ? [...c.applicantTypes, a] : c.applicantTypes.filter((x) => x !== a),
                  )
                }
              />{' '}
              {t[a]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-online`}>{t.onlineLevel}</label>
          <select
            id={`${id}-online`}
            value={c.onlineLevel ?? ''}
            onChange={(e) => set('onlineLevel', (e.target.value || null) as Content['onlineLevel'])}
          >
            <option value="">{t.offline}</option>
            <option value="full">{t.full}</option>
            <option value="partial">{t.partial}</option>
          </select>
        </div>
        <AreaField label={t.result} value={c.result} onChange={(v) => set('result', v)} />
        <AreaField
          label={`${t.steps} (${t.lines})`}
          value={linesOf(c.steps)}
          onChange={(v) => set('steps', listOf(v))}
        />
        <AreaField
          label={`${t.legalBasis} (${t.lines})`}
          value={linesOf(c.legalBasis)}
          onChange={(v) => set('legalBasis', listOf(v))}
        />
        <AreaField
          label={`${t.conditions} (${t.lines})`}
          value={linesOf(c.conditions)}
          onChange={(v) => set('conditions', listOf(v))}
        />
        <AreaField
          label={`${t.keywords} (${t.lines})`}
          value={linesOf(c.keywords)}
          onChange={(v) => set('keywords', listOf(v))}
        />
      </fieldset>

      <fieldset>
        <legend>{t.channels}</legend>
        {CHANNELS.map((kind) => {
          const ch = channelOf(kind);
          return (
            <div key={kind} className="procedure-row">
              <label className="check">
                <input
                  type="checkbox"
                  checked={Boolean(ch)}
                  onChange={(e) =>
                    setChannel(
                      kind,
                      e.target.checked
                        ? { channel: kind, timeLimit: { amount: 5, unit: 'working_days' }, fee: null }
                        : undefined,
                    )
                  }
                />{' '}
                {t[kind]}
              </label>
              {ch && (
                <>
                  <NumberField
                    label={`${t.amount} (${t[kind]})`}
                    value={ch.timeLimit.amount}
                    onChange={(n) => setChannel(kind, { ...ch, timeLimit: { ...ch.timeLimit, amount: n } })}
                  />
                  <div className="field">
                    <label htmlFor={`${id}-${kind}-unit`}>{t.unit}</label>
                    <select
                      id={`${id}-${kind}-unit`}
                      value={ch.timeLimit.unit}
                      onChange={(e) =>
                        setChannel(kind, {
                          ...ch,
                          timeLimit: { ...ch.timeLimit, unit: e.target.value as TimeUnit },
                        })
                      }
                    >
                      <option value="working_days">{t.working_days}</option>
                      <option value="days">{t.days}</option>
                      <option value="hours">{t.hours}</option>
                    </select>
                  </div>
                  <NumberField
                    label={`${t.feeAmount} (${t[kind]})`}
                    value={ch.fee?.amount ?? 0}
                    onChange={(n) =>
                      setChannel(kind, {
                        ...ch,
                        fee: n > 0 || ch.fee?.note ? { amount: n, note: ch.fee?.note ?? '' } : null,
                      })
                    }
                  />
                  <TextField
                    label={`${t.feeNote} (${t[kind]})`}
                    value={ch.fee?.note ?? ''}
                    onChange={(v) =>
                      setChannel(kind, { ...ch, fee: { amount: ch.fee?.amount ?? 0, note: v } })
                    }
                  />
                </>
              )}
            </div>
          );
        })}
      </fieldset>

      <fieldset>
        <legend>{t.components}</legend>
        {c.components.map((cs, ci) => {
          const setCase = (next: typeof cs) =>
            set(
              'components',
              c.components.map((x, i) => (i === ci ? next : x)),
            );
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: cases are edited in place, by position
            <div key={ci} className="procedure-case">
              <TextField
                label={`${t.caseName} ${ci + 1}`}
                value={cs.case}
                onChange={(v) => setCase({ ...cs, case: v })}
              />
              {cs.items.map((item, ii) => {
                const setItem = (next: ComponentItem) =>
                  setCase({ ...cs, items: cs.items.map((x, i) => (i === ii ? next : x)) });
                const label = `${t.document} ${ci + 1}.${ii + 1}`;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: items are edited in place, by position
                  <div key={ii} className="procedure-row">
                    <TextField
                      label={label}
                      value={item.name}
                      onChange={(v) => setItem({ ...item, name: v })}
                      grow
                    />
                    <TextField
                      label={`${t.key} ${ci + 1}.${ii + 1}`}
                      value={item.key}
                      onChange={(v) => setItem({ ...item, key: v })}
                    />
                    <NumberField
                      label={`${t.originals} ${ci + 1}.${ii + 1}`}
                      value={item.originals}
                      onChange={(n) => setItem({ ...item, originals: n })}
                    />
                    <NumberField
                      label={`${t.copies} ${ci + 1}.${ii + 1}`}
                      value={item.copies}
                      onChange={(n) => setItem({ ...item, copies: n })}
                    />
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={item.required}
                        onChange={(e) => setItem({ ...item, required: e.target.checked })}
                      />{' '}
                      {t.required}
                    </label>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={`${t.remove} ${label}`}
                      onClick={() => setCase({ ...cs, items: cs.items.filter((_, i) => i !== ii) })}
                    >
                      {t.remove}
                    </button>
                  </div>
                );
              })}
              <div className="procedure-toolbar">
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() =>
                    setCase({
                      ...cs,
                      items: [...cs.items, { ...NEW_ITEM, key: `document${cs.items.length + 1}` }],
                    })
                  }
                >
                  {t.addItem}
                </button>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() =>
                    set(
                      'components',
                      c.components.filter((_, i) => i !== ci),
                    )
                  }
                >
                  {t.removeCase}
                </button>
              </div>
            </div>
          );
        })}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => set('components', [...c.components, { case: '', items: [{ ...NEW_ITEM }] }])}
        >
          {t.addCase}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t.workflow}</legend>
        {c.workflow.map((step, si) => {
          const setStep = (next: typeof step) =>
            set(
              'workflow',
              c.workflow.map((x, i) => (i === si ? next : x)),
            );
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are edited in place, by position
            <div key={si} className="procedure-row">
              <TextField
                label={`${t.stepName} ${si + 1}`}
                value={step.name}
                onChange={(v) => setStep({ ...step, name: v })}
                grow
              />
              <TextField
                label={`${t.key} ${si + 1}`}
                value={step.key}
                onChange={(v) => setStep({ ...step, key: v })}
              />
              <div className="field">
                <label htmlFor={`${id}-role-${si}`}>{`${t.role} ${si + 1}`}</label>
                <select
                  id={`${id}-role-${si}`}
                  value={step.role}
                  onChange={(e) => setStep({ ...step, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t[r]}
                    </option>
                  ))}
                </select>
              </div>
              <NumberField
                label={`${t.share} ${si + 1}`}
                value={Math.round(step.share * 1000) / 10}
                step={0.1}
                onChange={(n) => setStep({ ...step, share: n / 100 })}
              />
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={`${t.remove} ${t.stepName} ${si + 1}`}
                onClick={() =>
                  set(
                    'workflow',
                    c.workflow.filter((_, i) => i !== si),
                  )
                }
              >
                {t.remove}
              </button>
            </div>
          );
        })}
        <p className={Math.abs(shareSum - 100) < 0.05 ? 'hint' : 'field-error'}>
          {fill(t.shareSum, { sum: shareSum })}
        </p>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() =>
            set('workflow', [
              ...c.workflow,
              { key: `step${c.workflow.length + 1}`, name: '', role: 'dossiers.process', share: 0 },
            ])
          }
        >
          {t.addStep}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t.form}</legend>
        <p className="hint" id={`${id}-form-hint`}>
          {t.formHint}
        </p>
        <div className="field">
          <label htmlFor={`${id}-schema`}>JSON Schema</label>
          <textarea
            id={`${id}-schema`}
            className="json"
            value={schemaText}
            onChange={(e) => setSchemaText(e.target.value)}
            aria-describedby={`${id}-form-hint`}
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-ui`}>{t.formUi}</label>
          <textarea
            id={`${id}-ui`}
            className="json"
            value={uiText}
            onChange={(e) => setUiText(e.target.value)}
            spellCheck={false}
          />
        </div>
      </fieldset>

      {note && (
        <p className="success" role="status">
          {note}
        </p>
      )}
      {problem && <ProblemAlert problem={problem} />}
      {errors.length > 0 && (
        <div className="alert" role="alert">
          <p className="alert-title">{t.errorsHeading}</p>
          <ul className="procedure-errors">
            {errors.map((e) => (
              <li key={`${e.pointer}-${e.detail}`}>
                <code>{e.pointer}</code>: {e.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="procedure-toolbar">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void check()}
        >
          {t.validate}
        </button>
      </div>
    </form>
  );
}

function TextField({
  label,
  value,
  onChange,
  required,
  grow,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  grow?: boolean;
}) {
  const id = useId();
  return (
    <div className={grow ? 'field field-grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} required={required} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function NumberField({
  label,
  value,
  onChange,
  step,
}: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  step?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={0}
        step={step ?? 1}
        value={Number.isFinite(value) ? value : 0}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </div>
  );
}

function AreaField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function History({ code, reload }: { code: string; reload: number }) {
  const t = useProcedureTexts();
  const format = useFormat();
  const headingId = useId();
  const versions = useApi<{ items: VersionEntry[] }>(`/api/v1/admin/procedures/${code}/versions?r=${reload}`);
  const [open, setOpen] = useState<string>();
  const shown = useApi<Version & { agency: { name: string } | null }>(
    open ? `/api/v1/procedures/versions/${open}` : null,
  );
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t.history}</h2>
      {versions.problem && <ProblemAlert problem={versions.problem} />}
      {versions.data && (
        <div className="table-scroll">
          <table className="summary-table procedure-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.createdAt}</th>
                <th scope="col">{t.published}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.view}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.items.map((v) => (
                <tr key={v.id}>
                  <td data-label="#">{v.version}</td>
                  <td data-label={t.status}>{v.status === 'draft' ? t.statusDraft : t.statusPublished}</td>
                  <td data-label={t.name}>{v.name}</td>
                  <td data-label={t.createdAt}>
                    {format.dateTime(v.createdAt)} · {v.createdBy}
                  </td>
                  <td>
                    {v.publishedAt ? `${format.dateTime(v.publishedAt)} · ${v.publishedBy ?? ''}` : t.none}
                  </td>
                  <td>
                    {v.status === 'published' && (
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={open === v.id}
                        onClick={() => setOpen(open === v.id ? undefined : v.id)}
                      >
                        {open === v.id ? t.hide : `${t.view} ${v.version}`}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && shown.data?.id === open && (
        <div className="panel">
          <h3>{fill(t.versionN, { version: shown.data.version })}</h3>
          <ProcedureDetails procedure={shown.data} agencyName={shown.data.agency?.name ?? null} />
        </div>
      )}
    </section>
  );
}
