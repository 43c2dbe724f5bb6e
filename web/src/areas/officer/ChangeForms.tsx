import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type Problem, ProblemError, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate, today, useJurisdictionProvince, useProvinceCommunes } from './format.ts';
import { AddressText, CommuneSelect } from './parts.tsx';
import { PurposeForm, usePurpose } from './purpose.tsx';
import {
  type Address,
  fieldErrors,
  type Officer,
  postJson,
  REGISTRY,
  type Resident,
  withQuery,
} from './registry.ts';
import { useSessionExpiry } from './session.tsx';
import { fieldLabel } from './Timeline.tsx';

export const ACTIONS = ['residence', 'death', 'correction'] as const;
export type Action = (typeof ACTIONS)[number];

const ENDPOINT: Record<Action, string> = {
  residence: 'residence',
  death: 'death',
  correction: 'corrections',
};

/** `/officer/residents/:personalId/:action`: fill in → confirm ("Xác nhận thay đổi") → submit → back to the record. */
export function ChangePage({ officer }: { officer: Officer }) {
  const { t } = useTranslation('officer');
  const { personalId = '', action: raw = '' } = useParams();
  const action = (ACTIONS as readonly string[]).includes(raw) ? (raw as Action) : null;
  return (
    <FormPage
      title={action ? t(`forms.${action}.title`) : t('forms.unknown')}
      back={{ to: `/officer/residents/${personalId}`, label: t('forms.backToRecord') }}
      officer={officer}
      known={action !== null}
    >
      {(purpose) => (
        <LoadedForm action={action as Action} personalId={personalId} purpose={purpose} officer={officer} />
      )}
    </FormPage>
  );
}

/** A change form's page: back link, then the form only for a known action, the write role and a purpose. */
export function FormPage(props: {
  title: string;
  back: { to: string; label: string };
  officer: Officer;
  known: boolean;
  children: (purpose: string) => ReactNode;
}) {
  const { t } = useTranslation('officer');
  const purpose = usePurpose();
  return (
    <Page title={props.title}>
      <p>
        <Link to={props.back.to}>← {props.back.label}</Link>
      </p>
      {!props.known ? (
        <p>{t('forms.unknown')}</p>
      ) : !props.officer.roles.includes('registry.write') ? (
        <div className="alert" role="alert">
          <p>{t('forms.noWriteRole')}</p>
        </div>
      ) : purpose ? (
        props.children(purpose)
      ) : (
        <PurposeForm />
      )}
    </Page>
  );
}

/** "Tiếp tục" to the confirmation step, or cancel back to where the form came from. */
export function FormActions({ cancelTo }: { cancelTo: string }) {
  const { t } = useTranslation('officer');
  return (
    <div className="actions">
      <button type="submit" className="button">
        {t('forms.next')}
      </button>
      <Link to={cancelTo} className="button button-secondary">
        {t('forms.cancel')}
      </Link>
    </div>
  );
}

function LoadedForm(props: { action: Action; personalId: string; purpose: string; officer: Officer }) {
  const { t } = useTranslation('officer');
  const resident = useApi<Resident>(
    withQuery(`${REGISTRY}/residents/${encodeURIComponent(props.personalId)}`, { purpose: props.purpose }),
  );
  useSessionExpiry(resident.problem);
  if (resident.problem) return <ProblemAlert problem={resident.problem} />;
  if (!resident.data) return <p role="status">{t('common.loading')}</p>;
  if (resident.data.lifeStatus === 'deceased' && props.action !== 'correction') {
    return (
      <div className="alert" role="alert">
        <p>{t('forms.deceased')}</p>
      </div>
    );
  }
  return <ChangeFlow {...props} resident={resident.data} />;
}

interface Meta {
  effectiveDate: string;
  legalBasis: string;
  reason: string;
}

interface Draft {
  meta: Meta;
  // residence
  commune: string;
  street: string;
  setCurrent: boolean;
  setPermanent: boolean;
  setTemporary: boolean;
  clearTemporary: boolean;
  // correction
  fullName: string;
  otherNames: string;
  placeOfBirth: string;
  nationality: string;
}

interface Row {
  field: string;
  before: ReactNode;
  after: ReactNode;
}

function initialDraft(r: Resident): Draft {
  return {
    meta: { effectiveDate: today(), legalBasis: '', reason: '' },
    commune: '',
    street: '',
    setCurrent: true,
    setPermanent: false,
    setTemporary: false,
    clearTemporary: false,
    fullName: r.fullName,
    otherNames: r.otherNames.join('; '),
    placeOfBirth: r.placeOfBirth ?? '',
    nationality: r.nationality,
  };
}

const splitNames = (text: string) =>
  text
    .split(/[;\n]/)
    .map((s) => s.trim().normalize('NFC'))
    .filter(Boolean);

/** The request body and the rows of the confirmation summary for a draft. */
function build(action: Action, r: Resident, d: Draft, t: ReturnType<typeof useTranslation<'officer'>>['t']) {
  const meta = {
    effectiveDate: d.meta.effectiveDate,
    legalBasis: d.meta.legalBasis.trim().normalize('NFC'),
    ...(d.meta.reason.trim() && { reason: d.meta.reason.trim().normalize('NFC') }),
    expectedVersion: r.version,
  };
  const rows: Row[] = [];
  const none = <span className="muted">{t('common.none')}</span>;
  if (action === 'residence') {
    const address: Address = {
      version: '2025',
      commune: d.commune,
      street: d.street.trim().normalize('NFC') || null,
    };
    const body: Record<string, unknown> = { ...meta };
    if (d.setCurrent) {
      body.currentAddress = address;
      rows.push({
        field: 'currentAddress',
        before: <AddressText address={r.currentAddress} />,
        after: <AddressText address={address} />,
      });
    }
    if (d.setPermanent) {
      body.permanentAddress = address;
      rows.push({
        field: 'permanentAddress',
        before: <AddressText address={r.permanentAddress} />,
        after: <AddressText address={address} />,
      });
    }
    if (d.setTemporary) {
      body.temporaryAddress = address;
      rows.push({
        field: 'temporaryAddress',
        before: <AddressText address={r.temporaryAddress} />,
        after: <AddressText address={address} />,
      });
    } else if (d.clearTemporary && r.temporaryAddress) {
      body.temporaryAddress = null;
      rows.push({
        field: 'temporaryAddress',
        before: <AddressText address={r.temporaryAddress} />,
        after: none,
      });
    }
    return { body, rows };
  }
  if (action === 'death') {
    rows.push({
      field: 'lifeStatus',
      before: t(`lifeStatus.${r.lifeStatus}`),
      after: t('lifeStatus.deceased'),
    });
    rows.push({ field: 'deathDate', before: none, after: formatDate(d.meta.effectiveDate) });
    return { body: { ...meta }, rows };
  }
  const changes: Record<string, unknown> = {};
  const fullName = d.fullName.trim().replace(/\s+/g, ' ').normalize('NFC');
  if (fullName !== r.fullName) {
    changes.fullName = fullName;
    rows.push({ field: 'fullName', before: r.fullName, after: fullName });
  }
  const otherNames = splitNames(d.otherNames);
  if (otherNames.join('\n') !== r.otherNames.join('\n')) {
    changes.otherNames = otherNames;
    rows.push({
      field: 'otherNames',
      before: r.otherNames.join('; ') || none,
      after: otherNames.join('; ') || none,
    });
  }
  const placeOfBirth = d.placeOfBirth.trim().normalize('NFC');
  if (placeOfBirth !== (r.placeOfBirth ?? '')) {
    changes.placeOfBirth = placeOfBirth || null;
    rows.push({ field: 'placeOfBirth', before: r.placeOfBirth ?? none, after: placeOfBirth || none });
  }
  const nationality = d.nationality.trim().normalize('NFC');
  if (nationality !== r.nationality) {
    changes.nationality = nationality;
    rows.push({ field: 'nationality', before: r.nationality, after: nationality });
  }
  return { body: { ...meta, changes }, rows };
}

/** Checks before the confirmation step; keys are field names. */
function validate(
  action: Action,
  r: Resident,
  d: Draft,
  rows: Row[],
  t: ReturnType<typeof useTranslation<'officer'>>['t'],
) {
  const errors: Record<string, string> = {};
  if (!d.meta.effectiveDate) errors.effectiveDate = t('forms.errors.dateRequired');
  else if (d.meta.effectiveDate > today()) errors.effectiveDate = t('forms.errors.dateFuture');
  if (!d.meta.legalBasis.trim()) errors.legalBasis = t('forms.errors.legalBasisRequired');
  if (action === 'correction' && !d.meta.reason.trim()) errors.reason = t('forms.errors.reasonRequired');
  if (action === 'residence') {
    if (!d.setCurrent && !d.setPermanent && !d.setTemporary && !(d.clearTemporary && r.temporaryAddress))
      errors.targets = t('forms.errors.targetRequired');
    if ((d.setCurrent || d.setPermanent || d.setTemporary) && !d.commune)
      errors.commune = t('forms.errors.communeRequired');
  }
  if (action === 'correction') {
    if (!d.fullName.trim()) errors.fullName = t('forms.errors.nameRequired');
    if (!d.nationality.trim()) errors.nationality = t('forms.errors.nationalityRequired');
    if (rows.length === 0 && !errors.fullName) errors.changes = t('forms.errors.nothingChanged');
  }
  return errors;
}

// Server pointers that belong to a form field shown under another name.
const FIELD_ALIASES: Record<string, string> = {
  currentAddress: 'commune',
  permanentAddress: 'commune',
  temporaryAddress: 'commune',
  expectedVersion: 'changes',
};

function ChangeFlow({
  action,
  resident,
  officer,
}: {
  action: Action;
  personalId: string;
  purpose: string;
  officer: Officer;
  resident: Resident;
}) {
  const { t } = useTranslation('officer');
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(resident));
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const errorSummary = useRef<HTMLDivElement>(null);
  const [focusTarget, setFocusTarget] = useState<'heading' | 'errors' | null>(null);
  useSessionExpiry(problem);

  useEffect(() => {
    if (focusTarget === 'heading') stepHeading.current?.focus();
    if (focusTarget === 'errors') errorSummary.current?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const { body, rows } = build(action, resident, draft, t);

  const toConfirm = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(action, resident, draft, rows, t);
    setErrors(found);
    setProblem(undefined);
    if (Object.keys(found).length > 0) {
      setFocusTarget('errors');
      return;
    }
    setStep('confirm');
    setFocusTarget('heading');
  };

  const submit = () => {
    setBusy(true);
    setProblem(undefined);
    postJson<Resident>(
      `${REGISTRY}/residents/${encodeURIComponent(resident.personalId)}/${ENDPOINT[action]}`,
      body,
    ).then(
      () => navigate(`/officer/residents/${resident.personalId}`, { state: { saved: action } }),
      (err: unknown) => {
        setBusy(false);
        const p = err instanceof ProblemError ? err.problem : { title: String(err) };
        setProblem(p);
        const fromServer: Record<string, string> = {};
        for (const [key, detail] of Object.entries(fieldErrors(p)))
          fromServer[FIELD_ALIASES[key] ?? key] = detail || p.title;
        if (Object.keys(fromServer).length > 0) {
          setErrors(fromServer);
          setStep('edit');
          setFocusTarget('errors');
        }
      },
    );
  };

  const concurrent = problem?.code === 'registry.concurrent_change';

  if (step === 'confirm') {
    return (
      <section aria-labelledby="confirm-heading" className="confirm">
        <h2 id="confirm-heading" ref={stepHeading} tabIndex={-1}>
          {t('forms.confirmHeading')}
        </h2>
        <p>{t(`forms.${action}.confirmLead`, { name: resident.fullName, id: resident.personalId })}</p>
        <table className="summary-table">
          <caption className="visually-hidden">{t('forms.summaryCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('forms.field')}</th>
              <th scope="col">{t('forms.before')}</th>
              <th scope="col">{t('forms.after')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field}>
                <th scope="row">{fieldLabel(t, row.field)}</th>
                <td data-label={t('forms.before')}>{row.before}</td>
                <td data-label={t('forms.after')}>{row.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="facts facts-wide">
          <div>
            <dt>{t(action === 'death' ? 'forms.death.date' : 'forms.effectiveDate')}</dt>
            <dd>{formatDate(draft.meta.effectiveDate)}</dd>
          </div>
          <div>
            <dt>{t('forms.legalBasis')}</dt>
            <dd>{draft.meta.legalBasis}</dd>
          </div>
          {draft.meta.reason.trim() && (
            <div>
              <dt>{t('forms.reason')}</dt>
              <dd>{draft.meta.reason}</dd>
            </div>
          )}
          <div>
            <dt>{t('forms.recordedBy')}</dt>
            <dd>{officer.name}</dd>
          </div>
        </dl>
        {problem && <ProblemAlert problem={problem} />}
        {concurrent && (
          <p>
            <a href={`/officer/residents/${resident.personalId}`}>{t('forms.reloadRecord')}</a>
          </p>
        )}
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={submit}
            disabled={busy || concurrent}
            aria-disabled={busy}
          >
            {busy ? t('forms.saving') : t('forms.confirm')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setStep('edit');
              setProblem(undefined);
              setFocusTarget('heading');
            }}
            disabled={busy}
          >
            {t('forms.backToEdit')}
          </button>
        </div>
        <p className="visually-hidden" aria-live="polite">
          {busy ? t('forms.saving') : ''}
        </p>
      </section>
    );
  }

  const set = (patch: Partial<Draft>) => setDraft((prev) => ({ ...prev, ...patch }));
  const setMeta = (patch: Partial<Meta>) =>
    setDraft((prev) => ({ ...prev, meta: { ...prev.meta, ...patch } }));
  const errorList = Object.entries(errors);

  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading" ref={stepHeading} tabIndex={-1}>
        {t('forms.editHeading', { name: resident.fullName })}
      </h2>
      <p className="muted">
        {t('fields.personalId')} <span className="mono">{resident.personalId}</span> ·{' '}
        {t('forms.version', { version: resident.version })}
      </p>
      <div ref={errorSummary} tabIndex={-1} aria-live="assertive">
        {errorList.length > 0 && (
          <div className="alert" role="alert">
            <p className="alert-title">{problem?.title ?? t('forms.errors.summary')}</p>
            <ul>
              {errorList.map(([key, message]) => (
                <li key={key}>{message}</li>
              ))}
            </ul>
          </div>
        )}
        {problem && errorList.length === 0 && <ProblemAlert problem={problem} />}
      </div>
      <form onSubmit={toConfirm} noValidate className="stack change-form">
        {action === 'residence' && (
          <ResidenceFields draft={draft} set={set} errors={errors} resident={resident} officer={officer} />
        )}
        {action === 'death' && <p className="note">{t('forms.death.warning')}</p>}
        {action === 'correction' && <CorrectionFields draft={draft} set={set} errors={errors} />}
        <TextField
          label={t(action === 'death' ? 'forms.death.date' : 'forms.effectiveDate')}
          type="date"
          value={draft.meta.effectiveDate}
          max={today()}
          onChange={(value) => setMeta({ effectiveDate: value })}
          error={errors.effectiveDate}
          required
        />
        <TextField
          label={t('forms.legalBasis')}
          hint={t(`forms.${action}.legalBasisHint`)}
          value={draft.meta.legalBasis}
          onChange={(value) => setMeta({ legalBasis: value })}
          error={errors.legalBasis}
          required
        />
        <TextField
          label={action === 'correction' ? t('forms.reason') : t('forms.reasonOptional')}
          value={draft.meta.reason}
          onChange={(value) => setMeta({ reason: value })}
          error={errors.reason}
          required={action === 'correction'}
          multiline
        />
        <FormActions cancelTo={`/officer/residents/${resident.personalId}`} />
      </form>
    </section>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  required?: boolean;
  type?: string;
  max?: string;
  multiline?: boolean;
}) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const describedBy = [props.hint && hintId, props.error && errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value: props.value,
    'aria-describedby': describedBy,
    'aria-invalid': props.error ? true : undefined,
    required: props.required,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(event) => props.onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          max={props.max}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

function ResidenceFields({
  draft,
  set,
  errors,
  resident,
  officer,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  errors: Record<string, string>;
  resident: Resident;
  officer: Officer;
}) {
  const { t } = useTranslation('officer');
  const province = useJurisdictionProvince(officer.jurisdiction);
  const communes = useProvinceCommunes(province);
  const targetsErr = useId();
  return (
    <>
      <fieldset className="fieldset" aria-describedby={errors.targets ? targetsErr : undefined}>
        <legend>{t('forms.residence.targets')}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.setCurrent}
            onChange={(e) => set({ setCurrent: e.target.checked })}
          />
          {t('fields.currentAddress')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.setPermanent}
            onChange={(e) => set({ setPermanent: e.target.checked })}
          />
          {t('forms.residence.permanent')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.setTemporary}
            onChange={(e) => set({ setTemporary: e.target.checked, clearTemporary: false })}
          />
          {t('forms.residence.temporary')}
        </label>
        {resident.temporaryAddress && !draft.setTemporary && (
          <label className="check">
            <input
              type="checkbox"
              checked={draft.clearTemporary}
              onChange={(e) => set({ clearTemporary: e.target.checked })}
            />
            {t('forms.residence.clearTemporary')}
          </label>
        )}
        {errors.targets && (
          <p id={targetsErr} className="field-error">
            {errors.targets}
          </p>
        )}
      </fieldset>
      <p className="muted">
        {t('forms.residence.now')} <AddressText address={resident.currentAddress} />
      </p>
      <CommuneSelect
        label={t('forms.residence.commune')}
        value={draft.commune}
        onChange={(commune) => set({ commune })}
        communes={communes}
        error={errors.commune}
      />
      <TextField
        label={t('forms.residence.street')}
        hint={t('forms.residence.streetHint')}
        value={draft.street}
        onChange={(value) => set({ street: value })}
        error={errors.street}
      />
    </>
  );
}

function CorrectionFields({
  draft,
  set,
  errors,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('officer');
  return (
    <>
      <p className="hint">{t('forms.correction.hint')}</p>
      <TextField
        label={t('fields.fullName')}
        value={draft.fullName}
        onChange={(value) => set({ fullName: value })}
        error={errors.fullName}
        required
      />
      <TextField
        label={t('fields.otherNames')}
        hint={t('forms.correction.otherNamesHint')}
        value={draft.otherNames}
        onChange={(value) => set({ otherNames: value })}
        error={errors.otherNames}
      />
      <TextField
        label={t('fields.placeOfBirth')}
        value={draft.placeOfBirth}
        onChange={(value) => set({ placeOfBirth: value })}
        error={errors.placeOfBirth}
      />
      <TextField
        label={t('fields.nationality')}
        value={draft.nationality}
        onChange={(value) => set({ nationality: value })}
        error={errors.nationality}
        required
      />
    </>
  );
}
