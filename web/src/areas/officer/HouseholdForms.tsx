import { type FormEvent, type ReactNode, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { getJson, type Problem, ProblemError, useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { FormActions, FormPage, TextField } from './ChangeForms.tsx';
import { formatDate, today, useJurisdictionProvince, useProvinceCommunes } from './format.ts';
import { AddressText, CommuneSelect } from './parts.tsx';
import { type Address, type Household, type Officer, postJson, REGISTRY, withQuery } from './registry.ts';
import { useSessionExpiry } from './session.tsx';

export const HOUSEHOLD_ACTIONS = ['split', 'merge'] as const;
export type HouseholdAction = (typeof HOUSEHOLD_ACTIONS)[number];

type T = ReturnType<typeof useTranslation<'officer'>>['t'];
const headOf = (h: Household) => h.head ?? h.headPersonalId;
const clean = (text: string) => text.trim().replace(/\s+/g, ' ').normalize('NFC');

interface Meta {
  effectiveDate: string;
  legalBasis: string;
  reason: string;
}

/**
 * `/officer/residents/households/:number/(split|merge)`: tách hộ or nhập hộ, in the same steps as the
 * record's change forms — fill in → confirm → submit → back to the household.
 */
export function HouseholdChangePage({ officer }: { officer: Officer }) {
  const { t } = useTranslation('officer');
  const { number = '', action: raw = '' } = useParams();
  const action = (HOUSEHOLD_ACTIONS as readonly string[]).includes(raw) ? (raw as HouseholdAction) : null;
  return (
    <FormPage
      title={action ? t(`householdForms.${action}.title`, { number }) : t('forms.unknown')}
      back={{
        to: `/officer/residents/households/${encodeURIComponent(number)}`,
        label: t('householdForms.back'),
      }}
      officer={officer}
      known={action !== null}
    >
      {(purpose) => (
        <Loaded action={action as HouseholdAction} number={number} purpose={purpose} officer={officer} />
      )}
    </FormPage>
  );
}

function Loaded(props: { action: HouseholdAction; number: string; purpose: string; officer: Officer }) {
  const { t } = useTranslation('officer');
  const household = useApi<Household>(
    withQuery(`${REGISTRY}/households/${encodeURIComponent(props.number)}`, { purpose: props.purpose }),
  );
  useSessionExpiry(household.problem);
  if (household.problem) return <ProblemAlert problem={household.problem} />;
  if (!household.data) return <p role="status">{t('common.loading')}</p>;
  if (household.data.dissolvedOn) {
    return (
      <div className="alert" role="alert">
        <p>{t('household.dissolved', { date: formatDate(household.data.dissolvedOn) })}</p>
      </div>
    );
  }
  return props.action === 'split' ? (
    <SplitFlow household={household.data} officer={props.officer} />
  ) : (
    <MergeFlow household={household.data} officer={props.officer} purpose={props.purpose} />
  );
}

/** The steps shared by both forms: edit (with an error summary) → confirm (summary, submit) → saved. */
function useSteps() {
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<'heading' | 'errors' | null>(null);
  useSessionExpiry(problem);
  useEffect(() => {
    if (focus === 'heading') heading.current?.focus();
    if (focus === 'errors') summary.current?.focus();
    setFocus(null);
  }, [focus]);
  const navigate = useNavigate();
  return {
    step,
    errors,
    problem,
    busy,
    heading,
    summary,
    check(found: Record<string, string>) {
      setErrors(found);
      setProblem(undefined);
      if (Object.keys(found).length > 0) {
        setFocus('errors');
        return;
      }
      setStep('confirm');
      setFocus('heading');
    },
    back() {
      setStep('edit');
      setProblem(undefined);
      setFocus('heading');
    },
    submit(path: string, body: unknown, then: string, saved: HouseholdAction) {
      setBusy(true);
      setProblem(undefined);
      postJson<Household>(path, body).then(
        () => navigate(then, { state: { saved } }),
        (err: unknown) => {
          setBusy(false);
          setProblem(err instanceof ProblemError ? err.problem : { title: String(err) });
        },
      );
    },
  };
}

function metaErrors(meta: Meta, t: T): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!meta.effectiveDate) errors.effectiveDate = t('forms.errors.dateRequired');
  else if (meta.effectiveDate > today()) errors.effectiveDate = t('forms.errors.dateFuture');
  if (!meta.legalBasis.trim()) errors.legalBasis = t('forms.errors.legalBasisRequired');
  return errors;
}

const metaBody = (meta: Meta) => ({
  effectiveDate: meta.effectiveDate,
  legalBasis: clean(meta.legalBasis),
  ...(meta.reason.trim() && { reason: meta.reason.trim().normalize('NFC') }),
});

function MetaFields({
  meta,
  set,
  errors,
  hint,
}: {
  meta: Meta;
  set: (patch: Partial<Meta>) => void;
  errors: Record<string, string>;
  hint: string;
}) {
  const { t } = useTranslation('officer');
  return (
    <>
      <TextField
        label={t('forms.effectiveDate')}
        type="date"
        value={meta.effectiveDate}
        max={today()}
        onChange={(value) => set({ effectiveDate: value })}
        error={errors.effectiveDate}
        required
      />
      <TextField
        label={t('forms.legalBasis')}
        hint={hint}
        value={meta.legalBasis}
        onChange={(value) => set({ legalBasis: value })}
        error={errors.legalBasis}
        required
      />
      <TextField
        label={t('forms.reasonOptional')}
        value={meta.reason}
        onChange={(value) => set({ reason: value })}
        multiline
      />
    </>
  );
}

function ErrorSummary({
  steps,
}: {
  steps: { errors: Record<string, string>; summary: RefObject<HTMLDivElement | null> };
}) {
  const { t } = useTranslation('officer');
  const list = Object.entries(steps.errors);
  return (
    <div ref={steps.summary} tabIndex={-1} aria-live="assertive">
      {list.length > 0 && (
        <div className="alert" role="alert">
          <p className="alert-title">{t('forms.errors.summary')}</p>
          <ul>
            {list.map(([key, message]) => (
              <li key={key}>{message}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function Confirm({
  steps,
  lead,
  facts,
  meta,
  officer,
  onSubmit,
}: {
  steps: ReturnType<typeof useSteps>;
  lead: string;
  facts: [string, ReactNode][];
  meta: Meta;
  officer: Officer;
  onSubmit: () => void;
}) {
  const { t } = useTranslation('officer');
  return (
    <section aria-labelledby="confirm-heading" className="confirm">
      <h2 id="confirm-heading" ref={steps.heading} tabIndex={-1}>
        {t('forms.confirmHeading')}
      </h2>
      <p>{lead}</p>
      <dl className="facts facts-wide">
        {[
          ...facts,
          [t('forms.effectiveDate'), formatDate(meta.effectiveDate)] as [string, ReactNode],
          [t('forms.legalBasis'), meta.legalBasis] as [string, ReactNode],
          ...(meta.reason.trim() ? [[t('forms.reason'), meta.reason] as [string, ReactNode]] : []),
          [t('forms.recordedBy'), officer.name] as [string, ReactNode],
        ].map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {steps.problem && <ProblemAlert problem={steps.problem} />}
      <div className="actions">
        <button type="button" className="button" onClick={onSubmit} disabled={steps.busy}>
          {steps.busy ? t('forms.saving') : t('forms.confirm')}
        </button>
        <button type="button" className="button button-secondary" onClick={steps.back} disabled={steps.busy}>
          {t('forms.backToEdit')}
        </button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {steps.busy ? t('forms.saving') : ''}
      </p>
    </section>
  );
}

function MemberList({ members }: { members: { name: string; id: string; relation: string }[] }) {
  return (
    <ul className="plain-list">
      {members.map((m) => (
        <li key={m.id}>
          {m.name} <span className="mono muted">{m.id}</span> — {m.relation}
        </li>
      ))}
    </ul>
  );
}

/** Tách hộ: a member becomes head of a new household; others may leave with them. */
function SplitFlow({ household, officer }: { household: Household; officer: Officer }) {
  const { t } = useTranslation('officer');
  const steps = useSteps();
  const head = headOf(household);
  const candidates = household.members.filter((m) => m.personalId !== head && m.lifeStatus !== 'deceased');
  const [number, setNumber] = useState('');
  const [newHead, setNewHead] = useState('');
  const [leaving, setLeaving] = useState<Record<string, string>>({});
  const [commune, setCommune] = useState(
    household.address.version === '2025' ? household.address.commune : '',
  );
  const [street, setStreet] = useState('');
  const [meta, setMetaState] = useState<Meta>({ effectiveDate: today(), legalBasis: '', reason: '' });
  const setMeta = (patch: Partial<Meta>) => setMetaState((prev) => ({ ...prev, ...patch }));
  const province = useJurisdictionProvince(officer.jurisdiction);
  const communes = useProvinceCommunes(province);
  const ids = { head: useId(), headErr: useId() };
  const nameOf = (id: string) => household.members.find((m) => m.personalId === id)?.fullName ?? id;
  const others = Object.entries(leaving).filter(([id]) => id !== newHead);
  const address: Address = { version: '2025', commune, street: clean(street) || null };

  const toConfirm = (event: FormEvent) => {
    event.preventDefault();
    const found = metaErrors(meta, t);
    if (!clean(number)) found.number = t('householdForms.errors.numberRequired');
    if (!newHead) found.head = t('householdForms.errors.headRequired');
    if (!commune) found.commune = t('forms.errors.communeRequired');
    if (others.some(([, relation]) => !clean(relation)))
      found.members = t('householdForms.errors.relationRequired');
    steps.check(found);
  };
  const body = {
    householdNumber: clean(number),
    headPersonalId: newHead,
    address,
    members: others.map(([personalId, relation]) => ({ personalId, relationToHead: clean(relation) })),
    ...metaBody(meta),
  };

  if (steps.step === 'confirm') {
    return (
      <Confirm
        steps={steps}
        officer={officer}
        meta={meta}
        lead={t('householdForms.split.confirmLead', { number: household.householdNumber })}
        facts={[
          [
            t('householdForms.split.number'),
            <span key="n" className="mono">
              {body.householdNumber}
            </span>,
          ],
          [t('householdForms.split.head'), nameOf(newHead)],
          [
            t('householdForms.split.members'),
            others.length > 0 ? (
              <MemberList
                key="m"
                members={body.members.map((m) => ({
                  name: nameOf(m.personalId),
                  id: m.personalId,
                  relation: m.relationToHead,
                }))}
              />
            ) : (
              t('common.none')
            ),
          ],
          [t('household.address'), <AddressText key="a" address={address} />],
        ]}
        onSubmit={() =>
          steps.submit(
            `${REGISTRY}/households/${encodeURIComponent(household.householdNumber)}/split`,
            body,
            `/officer/residents/households/${encodeURIComponent(body.householdNumber)}`,
            'split',
          )
        }
      />
    );
  }
  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading" ref={steps.heading} tabIndex={-1}>
        {t('householdForms.split.lead', { number: household.householdNumber })}
      </h2>
      <ErrorSummary steps={steps} />
      {steps.problem && <ProblemAlert problem={steps.problem} />}
      {candidates.length === 0 ? (
        <p>{t('householdForms.split.nobody')}</p>
      ) : (
        <form onSubmit={toConfirm} noValidate className="stack change-form">
          <TextField
            label={t('householdForms.split.number')}
            hint={t('householdForms.split.numberHint')}
            value={number}
            onChange={setNumber}
            error={steps.errors.number}
            required
          />
          <div className="field">
            <label htmlFor={ids.head}>{t('householdForms.split.head')}</label>
            <select
              id={ids.head}
              value={newHead}
              onChange={(e) => setNewHead(e.target.value)}
              aria-invalid={steps.errors.head ? true : undefined}
              aria-describedby={steps.errors.head ? ids.headErr : undefined}
            >
              <option value="">{t('householdForms.split.chooseHead')}</option>
              {candidates.map((m) => (
                <option key={m.personalId} value={m.personalId}>
                  {m.fullName} ({m.personalId})
                </option>
              ))}
            </select>
            {steps.errors.head && (
              <p id={ids.headErr} className="field-error">
                {steps.errors.head}
              </p>
            )}
          </div>
          <fieldset className="fieldset">
            <legend>{t('householdForms.split.members')}</legend>
            <p className="hint">{t('householdForms.split.membersHint')}</p>
            {candidates
              .filter((m) => m.personalId !== newHead)
              .map((m) => (
                <div key={m.personalId} className="member-choice">
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={m.personalId in leaving}
                      onChange={(e) =>
                        setLeaving((prev) => {
                          const next = { ...prev };
                          if (e.target.checked) next[m.personalId] = '';
                          else delete next[m.personalId];
                          return next;
                        })
                      }
                    />
                    {m.fullName} <span className="mono muted">{m.personalId}</span>
                  </label>
                  {m.personalId in leaving && (
                    <TextField
                      label={t('householdForms.relationTo', { name: nameOf(newHead) || '…' })}
                      value={leaving[m.personalId] ?? ''}
                      onChange={(value) => setLeaving((prev) => ({ ...prev, [m.personalId]: value }))}
                    />
                  )}
                </div>
              ))}
            {steps.errors.members && <p className="field-error">{steps.errors.members}</p>}
          </fieldset>
          <CommuneSelect
            label={t('householdForms.split.commune')}
            value={commune}
            onChange={setCommune}
            communes={communes}
            error={steps.errors.commune}
          />
          <TextField
            label={t('forms.residence.street')}
            hint={t('forms.residence.streetHint')}
            value={street}
            onChange={setStreet}
          />
          <MetaFields
            meta={meta}
            set={setMeta}
            errors={steps.errors}
            hint={t('householdForms.split.legalBasisHint')}
          />
          <FormActions
            cancelTo={`/officer/residents/households/${encodeURIComponent(household.householdNumber)}`}
          />
        </form>
      )}
    </section>
  );
}

/** Nhập hộ: every living member of another household joins this one. */
function MergeFlow({
  household,
  officer,
  purpose,
}: {
  household: Household;
  officer: Officer;
  purpose: string;
}) {
  const { t } = useTranslation('officer');
  const steps = useSteps();
  const [number, setNumber] = useState('');
  const [other, setOther] = useState<Household>();
  const [loadProblem, setLoadProblem] = useState<Problem>();
  const [relations, setRelations] = useState<Record<string, string>>({});
  const [meta, setMetaState] = useState<Meta>({ effectiveDate: today(), legalBasis: '', reason: '' });
  const setMeta = (patch: Partial<Meta>) => setMetaState((prev) => ({ ...prev, ...patch }));
  useSessionExpiry(loadProblem);
  const headName = household.members.find((m) => m.personalId === headOf(household))?.fullName ?? '';
  const moving = other?.members.filter((m) => m.lifeStatus !== 'deceased') ?? [];

  const load = (event: FormEvent) => {
    event.preventDefault();
    const wanted = clean(number);
    setOther(undefined);
    setLoadProblem(undefined);
    if (!wanted) return;
    if (wanted === household.householdNumber) {
      setLoadProblem({ title: t('householdForms.errors.itself') });
      return;
    }
    getJson<Household>(withQuery(`${REGISTRY}/households/${encodeURIComponent(wanted)}`, { purpose })).then(
      (found) => {
        setOther(found);
        setRelations({});
      },
      (err: unknown) => setLoadProblem(err instanceof ProblemError ? err.problem : { title: String(err) }),
    );
  };

  const toConfirm = (event: FormEvent) => {
    event.preventDefault();
    const found = metaErrors(meta, t);
    if (!other) found.number = t('householdForms.errors.otherRequired');
    else if (moving.some((m) => !clean(relations[m.personalId] ?? '')))
      found.members = t('householdForms.errors.relationRequired');
    steps.check(found);
  };
  const body = {
    fromHouseholdNumber: other?.householdNumber ?? '',
    members: moving.map((m) => ({
      personalId: m.personalId,
      relationToHead: clean(relations[m.personalId] ?? ''),
    })),
    ...metaBody(meta),
  };

  if (steps.step === 'confirm' && other) {
    return (
      <Confirm
        steps={steps}
        officer={officer}
        meta={meta}
        lead={t('householdForms.merge.confirmLead', {
          from: other.householdNumber,
          into: household.householdNumber,
        })}
        facts={[
          [
            t('householdForms.merge.moving'),
            <MemberList
              key="m"
              members={moving.map((m) => ({
                name: m.fullName,
                id: m.personalId,
                relation: relations[m.personalId] ?? '',
              }))}
            />,
          ],
          [t('household.address'), <AddressText key="a" address={household.address} />],
        ]}
        onSubmit={() =>
          steps.submit(
            `${REGISTRY}/households/${encodeURIComponent(household.householdNumber)}/merge`,
            body,
            `/officer/residents/households/${encodeURIComponent(household.householdNumber)}`,
            'merge',
          )
        }
      />
    );
  }
  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading" ref={steps.heading} tabIndex={-1}>
        {t('householdForms.merge.lead', { number: household.householdNumber })}
      </h2>
      <ErrorSummary steps={steps} />
      {steps.problem && <ProblemAlert problem={steps.problem} />}
      <form onSubmit={load} className="search-form">
        <TextField
          label={t('householdForms.merge.from')}
          hint={t('householdForms.merge.fromHint')}
          value={number}
          onChange={setNumber}
          error={steps.errors.number}
          required
        />
        <button type="submit" className="button button-secondary">
          {t('householdForms.merge.load')}
        </button>
      </form>
      {loadProblem && <ProblemAlert problem={loadProblem} />}
      {other?.dissolvedOn && (
        <div className="alert" role="alert">
          <p>{t('household.dissolved', { date: formatDate(other.dissolvedOn) })}</p>
        </div>
      )}
      {other && !other.dissolvedOn && (
        <form onSubmit={toConfirm} noValidate className="stack change-form">
          <fieldset className="fieldset">
            <legend>{t('householdForms.merge.moving')}</legend>
            <p className="hint">{t('householdForms.merge.movingHint')}</p>
            {moving.map((m) => (
              <TextField
                key={m.personalId}
                label={`${m.fullName} (${m.personalId}) — ${t('householdForms.relationTo', { name: headName })}`}
                value={relations[m.personalId] ?? ''}
                onChange={(value) => setRelations((prev) => ({ ...prev, [m.personalId]: value }))}
                required
              />
            ))}
            {steps.errors.members && <p className="field-error">{steps.errors.members}</p>}
          </fieldset>
          <MetaFields
            meta={meta}
            set={setMeta}
            errors={steps.errors}
            hint={t('householdForms.merge.legalBasisHint')}
          />
          <FormActions
            cancelTo={`/officer/residents/households/${encodeURIComponent(household.householdNumber)}`}
          />
        </form>
      )}
    </section>
  );
}
