import { createHash } from 'node:crypto';
import { authErrors } from '../../platform/auth/index.ts';
import { toCivilDate } from '../../platform/calendar/index.ts';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import type { Agency, ProcedureVersion } from '../procedures/index.ts';
import { createCatalogue } from '../procedures/index.ts';
import { type OwnRecord, ownRecordForPrefill } from '../registry/index.ts';
import { appointment, moveAppointment, pausedWorkingDays, urgency } from './deadlines.ts';
import { dossierNotFound, errors } from './errors.ts';
import { accepted, sniff } from './files.ts';
import { keepPrefilled, prefill, validateForm } from './form.ts';
import {
  type Action,
  allowedNow,
  isAllowed,
  next,
  OPEN_STATUSES,
  STATUS_CODES,
  type Status,
} from './lifecycle.ts';
import { type Actor, actorRef, inScope, maySee, mayTake, scopeOf } from './policy.ts';
import { nextReceiptCode } from './receipt.ts';
import { documentsIssuer, type ResultIssuer } from './result.ts';
import { type DossierRow, LIST_COLUMNS, queueQuery, typed } from './store.ts';
import { type NationalSync, recordingSync } from './sync.ts';

export const STATUS_TOPIC = 'dossiers.status_changed';
/** How long an Idempotency-Key is remembered, and how often a node deletes the expired ones. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const IDEMPOTENCY_PURGE_EVERY_MS = 10 * 60_000;

/** The payload of `dossiers.status_changed` (no personal data: subscribers read the dossier if they may). */
export interface StatusChanged {
  dossierId: string;
  receiptCode: string | null;
  procedureCode: string;
  agencyCode: string;
  from: Status;
  to: Status;
  statusCode: number;
  action: Action;
  at: string;
}

/** Input of an officer or citizen action, by action (fields not used by an action are ignored). */
export interface ActionInput {
  action: Action;
  note?: string;
  reason?: string;
  handlerId?: string;
  amount?: number;
  method?: 'counter' | 'online';
  newDueOn?: string;
  satisfied?: boolean;
  comment?: string;
}

export interface Catalogue {
  published(code: string): Promise<ProcedureVersion | undefined>;
  version(id: string): Promise<ProcedureVersion | undefined>;
  agency(code: string): Promise<Agency | undefined>;
  receivingAgency(p: ProcedureVersion, communeCode: string): Promise<Agency>;
}

export interface Dependencies {
  catalogue: Catalogue;
  results: ResultIssuer;
  sync: NationalSync;
}

/** The idempotency of one request: the caller and route (`scope`), the key, and what was asked. */
export interface Idempotency {
  scope: string;
  key: string | undefined;
  request: unknown;
}

interface DraftInput {
  p: ProcedureVersion;
  agency: Agency;
  own: OwnRecord;
  communeCode: string | null;
  personalId: string;
  phone: string | null;
  accountId: string | null;
  channel: DossierRow['channel'];
  data?: Record<string, unknown>;
}

interface Sealed {
  data: Record<string, unknown>;
  prefill: Record<string, string>;
}

const STATUS_TEXT: Record<Status, { vi: string; en: string }> = {
  draft: { vi: 'Bản nháp', en: 'Draft' },
  submitted: { vi: 'Mới nộp', en: 'Submitted' },
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  not_received: { vi: 'Từ chối tiếp nhận', en: 'Not received' },
  in_process: { vi: 'Đang xử lý', en: 'In process' },
  supplement_requested: { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Supplement requested' },
  payment_requested: { vi: 'Chờ nộp phí, lệ phí', en: 'Payment requested' },
  withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' },
  stopped: { vi: 'Dừng xử lý', en: 'Processing stopped' },
  finished: { vi: 'Đã có kết quả', en: 'Finished' },
  returned: { vi: 'Đã trả kết quả', en: 'Result returned' },
};

export { STATUS_TEXT };

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export function actionNotAllowed(status: Status, action: Action, allowed: Action[]) {
  const error = errors.action_not_allowed({
    vi: `Không thể "${action}" khi hồ sơ ở trạng thái "${STATUS_TEXT[status].vi}".`,
    en: `"${action}" is not allowed while the dossier is ${status}.`,
  });
  return Object.assign(error, { allowed });
}

export function createDossiers(platform: Platform, deps?: Partial<Dependencies>) {
  const { db, clock, calendar, sealer, audit, events } = platform;
  const catalogue: Catalogue = deps?.catalogue ?? createCatalogue(platform);
  const results = deps?.results ?? documentsIssuer(platform);
  const sync = deps?.sync ?? recordingSync;
  const t = (x: Db) => typed(x);
  const context = (id: string) => `dossiers.dossier:${id}`;
  const docContext = (id: string) => `dossiers.document:${id}`;
  const versions = new Map<string, Promise<ProcedureVersion | undefined>>();

  const versionOf = (id: string) => {
    let v = versions.get(id);
    if (!v) {
      v = catalogue.version(id);
      v.catch(() => versions.delete(id));
      versions.set(id, v);
    }
    return v;
  };
  const open = (d: DossierRow): Sealed => JSON.parse(sealer.openText(d.data_sealed, context(d.id))) as Sealed;
  const seal = (id: string, s: Sealed) => sealer.seal(JSON.stringify(s), context(id));

  async function procedureOf(d: DossierRow): Promise<ProcedureVersion> {
    const p = await versionOf(d.procedure_id);
    if (!p) throw errors.procedure_not_found(`Procedure version ${d.procedure_id} is gone.`);
    return p;
  }

  function channelOf(p: ProcedureVersion, channel: DossierRow['channel']) {
    return p.channels.find((c) => c.channel === channel) ?? p.channels[0];
  }

  /** The dossier if the actor may see it; everyone else gets the same "not found" (§8.7). */
  async function visible(x: Db, actor: Actor, id: string, lock = false) {
    if (!isUuid(id)) throw dossierNotFound();
    let q = t(x).selectFrom('dossiers.dossier').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    const d = await q.executeTakeFirst();
    if (!d || !maySee(actor, d)) throw dossierNotFound();
    return d as DossierRow;
  }

  function atLastStep(p: ProcedureVersion, d: DossierRow) {
    return p.workflow.length === 0 || d.step >= p.workflow.length - 1;
  }

  function allowedFor(actor: Actor, p: ProcedureVersion, d: DossierRow): Action[] {
    const now = allowedNow(d.status, { rated: d.rated_at !== null, atLastStep: atLastStep(p, d) });
    return now.filter((a) =>
      mayTake(actor, a, { channel: d.channel, workflowRole: p.workflow[d.step]?.role }),
    );
  }

  function assignedName(actions: { action: string; details: unknown }[], handlerId: string) {
    const assigned = actions.findLast(
      (a) => a.action === 'assign' && (a.details as { handler?: { id?: string } })?.handler?.id === handlerId,
    );
    return (assigned?.details as { handler?: { name?: string } } | undefined)?.handler?.name;
  }

  /** The dossier as its detail page shows it; `x` is the transaction of a change, so it sees the change. */
  async function present(actor: Actor, d: DossierRow, x: Db = db) {
    const p = await procedureOf(d);
    const sealed = open(d);
    const [actions, documents] = await Promise.all([
      t(x)
        .selectFrom('dossiers.action')
        .select(['seq', 'action', 'from_status', 'to_status', 'actor', 'actor_name', 'note', 'at', 'details'])
        .where('dossier_id', '=', d.id)
        .orderBy('seq')
        .execute(),
      t(x)
        .selectFrom('dossiers.document')
        .select(['id', 'component', 'file_name', 'media_type', 'size', 'sha256', 'uploaded_at'])
        .where('dossier_id', '=', d.id)
        .orderBy('uploaded_at')
        .execute(),
    ]);
    const u = urgency(calendar, clock.now(), {
      dueOn: d.due_on,
      dueAt: d.due_at,
      pausedOn: d.paused_on,
      open: OPEN_STATUSES.includes(d.status),
    });
    const channel = channelOf(p, d.channel);
    const step = p.workflow[d.step];
    return {
      id: d.id,
      receiptCode: d.receipt_code,
      status: d.status,
      statusCode: STATUS_CODES[d.status],
      statusText: STATUS_TEXT[d.status],
      channel: d.channel,
      procedure: { id: p.id, code: p.code, version: p.version, name: p.name },
      agency: { code: d.agency_code, name: d.agency_name },
      communeCode: d.commune_code,
      applicant: { personalId: d.applicant_personal_id, fullName: d.applicant_name },
      form: { schema: p.form.schema, ui: p.form.ui },
      components: p.components,
      data: keepPrefilled(sealed.data, sealed.prefill),
      prefilled: d.prefilled,
      documents: documents.map((x) => ({
        id: x.id,
        component: x.component,
        fileName: x.file_name,
        mediaType: x.media_type,
        size: x.size,
        sha256: x.sha256,
        uploadedAt: x.uploaded_at.toISOString(),
      })),
      fee: channel?.fee ?? null,
      payment:
        d.payment_amount === null
          ? null
          : { amount: d.payment_amount, paidOnline: d.paid_online, paidAt: d.paid_at?.toISOString() ?? null },
      timeLimit: d.time_limit,
      submittedAt: d.submitted_at?.toISOString() ?? null,
      receivedOn: d.received_on,
      dueOn: u.dueOn,
      dueSoon: u.dueSoon,
      overdue: u.overdue,
      paused: d.paused_on !== null,
      workflow: {
        steps: p.workflow.map((s) => ({ key: s.key, name: s.name, role: s.role })),
        current: step ? step.key : null,
      },
      handlerId: d.handler_id,
      // The name recorded by the assignment (officers are not renamed in the dossier's history).
      handlerName: d.handler_id ? (assignedName(actions, d.handler_id) ?? null) : null,
      timeline: actions.map((a) => ({
        at: a.at.toISOString(),
        action: a.action,
        status: a.to_status,
        actor: {
          kind: a.actor.startsWith('officer:')
            ? ('officer' as const)
            : a.actor.startsWith('account:')
              ? ('citizen' as const)
              : ('system' as const),
          name: a.actor_name,
        },
        note: a.note,
      })),
      allowedActions: allowedFor(actor, p, d),
      result: d.result_document_id
        ? { documentId: d.result_document_id, verifyUrl: results.verifyUrl(d.result_document_id) }
        : null,
      rating:
        d.rating_satisfied === null
          ? null
          : {
              satisfied: d.rating_satisfied,
              comment: d.rating_comment,
              at: d.rated_at?.toISOString() ?? null,
            },
      createdAt: d.created_at.toISOString(),
      updatedAt: d.updated_at.toISOString(),
    };
  }

  function listItem(d: Pick<DossierRow, (typeof LIST_COLUMNS)[number]>) {
    const u = urgency(calendar, clock.now(), {
      dueOn: d.due_on,
      dueAt: d.due_at,
      pausedOn: d.paused_on,
      open: OPEN_STATUSES.includes(d.status),
    });
    return {
      id: d.id,
      receiptCode: d.receipt_code,
      status: d.status,
      statusCode: STATUS_CODES[d.status],
      procedure: { code: d.procedure_code, name: d.procedure_name },
      agency: { code: d.agency_code, name: d.agency_name },
      applicantName: d.applicant_name,
      channel: d.channel,
      handlerId: d.handler_id,
      submittedAt: d.submitted_at?.toISOString() ?? null,
      createdAt: d.created_at.toISOString(),
      dueOn: u.dueOn,
      dueSoon: u.dueSoon,
      overdue: u.overdue,
      supplementCount: d.supplement_count,
    };
  }

  /** Appends an action, publishes the status change (outbox, national sync) and the audit row, in `tx`. */
  function record(
    tx: Db,
    actor: Actor,
    d: DossierRow,
    action: Action | 'create',
    to: Status,
    changes: Partial<DossierRow>,
    extra: { note?: string | null; details?: Record<string, unknown> } = {},
  ): Promise<DossierRow> {
    return recordSteps(tx, actor, d, [{ action, to, changes, ...extra }]);
  }

  /**
   * Several actions taken at once (counter intake: created, submitted and received in one visit): one update
   * of the dossier, one insert of the actions and one audit append, and each status change published as if
   * taken alone. Later steps' changes win over earlier ones'.
   */
  async function recordSteps(
    tx: Db,
    actor: Actor,
    d: DossierRow,
    steps: {
      action: Action | 'create';
      to: Status;
      changes: Partial<DossierRow>;
      note?: string | null;
      details?: Record<string, unknown>;
    }[],
  ): Promise<DossierRow> {
    const now = clock.now();
    const last = steps.at(-1);
    if (!last) return d;
    const updated = await t(tx)
      .updateTable('dossiers.dossier')
      .set({
        ...Object.assign({}, ...steps.map((s) => s.changes)),
        status: last.to,
        updated_at: now,
        version: d.version + steps.length,
      })
      .where('id', '=', d.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const transitions = steps.map((s, i) => ({
      ...s,
      from: i === 0 ? d.status : (steps[i - 1]?.to ?? d.status),
    }));
    await t(tx)
      .insertInto('dossiers.action')
      .values(
        transitions.map((s, i) => ({
          id: newId(),
          dossier_id: d.id,
          seq: d.version + 1 + i,
          action: s.action,
          from_status: s.from,
          to_status: s.to,
          actor: actorRef(actor),
          actor_name: actor.kind === 'officer' ? actor.officer.name : null,
          note: s.note ?? null,
          details: JSON.stringify(s.details ?? {}),
          at: now,
        })),
      )
      .execute();
    await audit.recordMany(
      tx,
      transitions.map((s) => ({
        actor: actorRef(actor),
        action: `dossiers.${s.action}`,
        subjectPerson: d.applicant_personal_id,
        details: { dossier: d.id, from: s.from, to: s.to },
      })),
    );
    const row = updated as DossierRow;
    for (const s of transitions) {
      if (s.to === s.from || s.action === 'create') continue;
      const payload: StatusChanged = {
        dossierId: d.id,
        receiptCode: row.receipt_code,
        procedureCode: row.procedure_code,
        agencyCode: row.agency_code,
        from: s.from,
        to: s.to,
        statusCode: STATUS_CODES[s.to],
        action: s.action,
        at: now.toISOString(),
      };
      await events.publish(tx, STATUS_TOPIC, payload);
      if (row.receipt_code)
        await sync.send(tx, {
          dossierId: row.id,
          receiptCode: row.receipt_code,
          procedureCode: row.procedure_code,
          agencyCode: row.agency_code,
          status: s.to,
          channel: row.channel,
          applicantType: row.applicant_type,
          receivedOn: row.received_on,
          dueOn: row.due_on,
          finishedOn: row.finished_on,
          returnedOn: row.returned_on,
          paidOnline: row.paid_online,
          at: now,
        });
    }
    return row;
  }

  // Mutations hold a transaction (one pool connection) and may need one more for a read outside it (the
  // audit group commit, a signing key): at most half the pool runs them at once, so they can never take
  // every connection and wait for each other. Reads of other modules are done before the transaction.
  const slots = Math.max(1, Math.floor((platform.pool.options.max ?? 10) / 2));
  let active = 0;
  const waiting: (() => void)[] = [];
  async function gated<T>(work: () => Promise<T>): Promise<T> {
    if (active < slots) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const nextInLine = waiting.shift();
      if (nextInLine) nextInLine();
      else active--;
    }
  }

  const replayContext = (scope: string, key: string) => `dossiers.idempotency:${scope}:${key}`;
  function replay<T>(
    scope: string,
    key: string,
    requestHash: string,
    first: { request_hash: string; status: number; body: unknown },
  ) {
    if (first.request_hash !== requestHash)
      throw errors.idempotency_key_reused({
        vi: 'Khóa này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới.',
        en: 'This key was used for a different request; use a new key.',
      });
    const stored = first.body as { sealed: string };
    const body = JSON.parse(sealer.openText(stored.sealed, replayContext(scope, key))) as T;
    return { status: first.status, body, replayed: true };
  }
  // A key is remembered for a day (as payment APIs do): a client retries within minutes, and the table
  // does not grow for ever. An expired key is taken over by the next request that uses it.
  const keptSince = () => new Date(clock.now().getTime() - IDEMPOTENCY_TTL_MS);
  let lastPurge = 0;
  async function purgeExpiredKeys() {
    const now = clock.now().getTime();
    if (now - lastPurge < IDEMPOTENCY_PURGE_EVERY_MS) return;
    lastPurge = now;
    await t(db).deleteFrom('dossiers.idempotency').where('created_at', '<', keptSince()).execute();
  }
  const storedAnswer = (x: Db, scope: string, key: string) =>
    t(x)
      .selectFrom('dossiers.idempotency')
      .select(['request_hash', 'status', 'body'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('status', '>', 0)
      .where('created_at', '>=', keptSince())
      .executeTakeFirst();

  /**
   * Runs a mutation once per idempotency key: a repeated key replays the first answer (same status, body).
   * `prepare` does the reads that need no transaction (other modules, the catalogue); `apply` runs in the
   * transaction, which first claims the key: a concurrent duplicate waits on it, then replays.
   */
  async function run<P, T>(
    idem: Idempotency,
    status: number,
    prepare: () => Promise<P>,
    apply: (tx: Db, prepared: P) => Promise<T>,
  ): Promise<{ status: number; body: T; replayed: boolean }> {
    const { scope, key } = idem;
    const requestHash = hashOf(idem.request);
    if (key) {
      const first = await storedAnswer(db, scope, key);
      if (first) return replay<T>(scope, key, requestHash, first);
      await purgeExpiredKeys();
    }
    const prepared = await prepare();
    return gated(() =>
      db.transaction().execute(async (tx) => {
        if (key) {
          const claimed = await t(tx)
            .insertInto('dossiers.idempotency')
            .values({ scope, key, request_hash: requestHash, status: 0, body: '{}', created_at: clock.now() })
            .onConflict((oc) =>
              oc
                .columns(['scope', 'key'])
                .doUpdateSet({ request_hash: requestHash, status: 0, body: '{}', created_at: clock.now() })
                .where('dossiers.idempotency.created_at', '<', keptSince()),
            )
            .returning('key')
            .executeTakeFirst();
          if (!claimed) {
            const first = await storedAnswer(tx, scope, key);
            if (!first) throw new Error('idempotency key claimed but not answered');
            return replay<T>(scope, key, requestHash, first);
          }
        }
        const body = await apply(tx, prepared);
        if (key)
          await t(tx)
            .updateTable('dossiers.idempotency')
            // The answer names the applicant: kept sealed like the dossier's data.
            .set({
              status,
              body: JSON.stringify({ sealed: sealer.seal(JSON.stringify(body), replayContext(scope, key)) }),
            })
            .where('scope', '=', scope)
            .where('key', '=', key)
            .execute();
        return { status, body, replayed: false };
      }),
    );
  }

  /** Changes without an idempotency key (autosave, uploads) go through the same gate. */
  const transaction = <T>(work: (tx: Db) => Promise<T>) => gated(() => db.transaction().execute(work));

  async function resolveProcedure(code: string) {
    const p = await catalogue.published(code);
    if (!p)
      throw errors.procedure_not_found({
        vi: `Không có thủ tục ${code} đang được công bố.`,
        en: `No published procedure ${code}.`,
      });
    return p;
  }

  async function receivingAgency(p: ProcedureVersion, communeCode: string | undefined) {
    if (p.level === 'commune' && !communeCode)
      throw errors.commune_required({
        vi: 'Thủ tục cấp xã: hãy chọn xã, phường nộp hồ sơ.',
        en: 'A commune-level procedure: choose the commune.',
      });
    if (p.agencyCode && !communeCode) {
      const agency = await catalogue.agency(p.agencyCode);
      if (agency) return agency;
    }
    return catalogue.receivingAgency(p, communeCode ?? '');
  }

  /** The person's own record for the prefill: read (and audited) before the transaction. */
  async function ownRecord(actor: Actor, p: ProcedureVersion, personalId: string, requestId: string) {
    const own = await ownRecordForPrefill(platform, personalId, {
      actor: actorRef(actor) as `account:${string}`,
      purpose:
        actor.kind === 'citizen'
          ? `Điền sẵn tờ khai ${p.code} từ dữ liệu của chính mình`
          : `Tiếp nhận hồ sơ ${p.code} tại Bộ phận một cửa`,
      requestId,
    });
    if (!own)
      throw errors.applicant_not_found({
        vi: 'Không tìm thấy công dân trong Cơ sở dữ liệu dân cư.',
        en: 'No such person in the population registry.',
      });
    return own;
  }

  /** A new dossier (draft) with the form pre-filled from the person's own record, and its `create` action. */
  async function insertDraft(tx: Db, actor: Actor, input: DraftInput): Promise<DossierRow> {
    return record(tx, actor, await insertRow(tx, actor, input), 'create', 'draft', {});
  }

  /** The dossier row of a new draft, without its `create` action (the caller records it). */
  async function insertRow(tx: Db, actor: Actor, input: DraftInput): Promise<DossierRow> {
    const { p, agency, own } = input;
    const filled = prefill(p.form.schema, own, input.phone);
    const channel = channelOf(p, input.channel);
    const id = newId();
    // At the counter the applicant gives a phone number on the form: notices go there.
    const phoneField = Object.entries(
      (p.form.schema.properties ?? {}) as Record<string, Record<string, unknown>>,
    ).find(([, spec]) => spec?.['x-prefill'] === 'identity.phone')?.[0];
    const given = phoneField ? input.data?.[phoneField] : undefined;
    const phone =
      input.phone ?? (typeof given === 'string' && /^(0|\+84)[0-9]{9}$/.test(given) ? given : null);
    const now = clock.now();
    const row: DossierRow = {
      id,
      receipt_code: null,
      procedure_id: p.id,
      procedure_code: p.code,
      procedure_version: p.version,
      procedure_name: p.name,
      level: p.level,
      agency_code: agency.code,
      agency_name: agency.name,
      agency_commune: agency.communeCode,
      commune_code: input.communeCode,
      applicant_personal_id: input.personalId,
      applicant_name: own.fullName,
      applicant_type: 'citizen',
      account_id: input.accountId,
      notify_phone_sealed: phone ? sealer.seal(phone, `dossiers.phone:${id}`) : null,
      channel: input.channel,
      status: 'draft',
      step: 0,
      handler_id: null,
      data_sealed: seal(id, { data: input.data ?? {}, prefill: filled.values }),
      prefilled: filled.sources,
      fee_amount: channel?.fee?.amount ?? null,
      fee_note: channel?.fee?.note ?? null,
      payment_amount: null,
      time_limit: channel?.timeLimit ?? { amount: 0, unit: 'working_days' },
      created_by: actorRef(actor),
      created_at: now,
      updated_at: now,
      submitted_at: null,
      received_on: null,
      due_on: null,
      due_at: null,
      first_due_on: null,
      paused_on: null,
      result_document_id: null,
      online: input.channel === 'online',
      prefilled_used: Object.keys(filled.sources).length > 0,
      eid_authenticated: actor.kind === 'citizen',
      paid_online: false,
      paid_at: null,
      electronic_result: false,
      digitised_components: 0,
      supplement_count: 0,
      paused_days: 0,
      apology_count: 0,
      finished_at: null,
      finished_on: null,
      returned_at: null,
      returned_on: null,
      rating_satisfied: null,
      rating_comment: null,
      rated_at: null,
      version: 0,
    };
    await t(tx)
      .insertInto('dossiers.dossier')
      .values({
        ...row,
        prefilled: JSON.stringify(row.prefilled) as never,
        time_limit: JSON.stringify(row.time_limit) as never,
      })
      .execute();
    return row;
  }

  /** The form as the citizen or officer completed it, checked against the procedure's JSON Schema. */
  function checkForm(p: ProcedureVersion, d: DossierRow) {
    const s = open(d);
    const problems = validateForm(p.id, p.form.schema, keepPrefilled(s.data, s.prefill));
    if (problems.length > 0)
      throw errors.invalid_form(problems.map((e) => `${e.pointer} ${e.detail}`).join('; '), {
        errors: problems,
      });
  }

  async function checkDocuments(tx: Db, p: ProcedureVersion, d: DossierRow) {
    const uploaded = new Set(
      (
        await t(tx)
          .selectFrom('dossiers.document')
          .select('component')
          .where('dossier_id', '=', d.id)
          .execute()
      ).map((r) => r.component),
    );
    // The first case (trường hợp) is the common one; an item of any case that was uploaded counts.
    const required = (p.components[0]?.items ?? []).filter((i) => i.required && !uploaded.has(i.key));
    if (required.length > 0)
      throw errors.missing_documents(
        {
          vi: `Còn thiếu: ${required.map((i) => i.name).join('; ')}.`,
          en: `Missing: ${required.map((i) => i.key).join(', ')}.`,
        },
        { errors: required.map((i) => ({ pointer: `/documents/${i.key}`, detail: 'required' })) },
      );
    return uploaded.size;
  }

  /** Submission: receipt code of the receiving agency and day, appointment date from the calendar. */
  async function submitChanges(tx: Db, d: DossierRow, allocated?: string): Promise<Partial<DossierRow>> {
    const now = clock.now();
    const due = appointment(calendar, now, d.time_limit, d.channel);
    return {
      // The date in the code is the day of receipt: for an online dossier after hours, the next working day.
      receipt_code: d.receipt_code ?? allocated ?? (await nextReceiptCode(tx, d.agency_code, due.receivedOn)),
      submitted_at: now,
      received_on: due.receivedOn,
      due_on: due.dueOn,
      due_at: due.dueAt,
      first_due_on: due.dueOn,
    };
  }

  /**
   * A receipt code taken in its own short statement, before the submission's transaction: the agency's
   * sequence row stays locked for one statement, not for a whole transaction, so submissions to one agency
   * do not queue behind each other. A submission that then fails leaves a gap in the day's sequence.
   */
  function allocateReceiptCode(d: Pick<DossierRow, 'agency_code' | 'time_limit' | 'channel'>) {
    const due = appointment(calendar, clock.now(), d.time_limit, d.channel);
    return nextReceiptCode(db, d.agency_code, due.receivedOn);
  }

  /** What an action needs from outside its transaction: the procedure version, the handler's name. */
  async function prepareAction(actor: Actor, id: string, input: ActionInput) {
    const d = await visible(db, actor, id);
    const p = await procedureOf(d);
    let receiptCode: string | undefined;
    if (
      input.action === 'submit' &&
      d.status === 'draft' &&
      !d.receipt_code &&
      mayTake(actor, 'submit', { channel: d.channel, workflowRole: undefined })
    ) {
      checkForm(p, d);
      if (d.channel === 'online') await checkDocuments(db, p, d);
      receiptCode = await allocateReceiptCode(d);
    }
    const handler =
      input.action === 'assign'
        ? (input.handlerId ?? (actor.kind === 'officer' ? actor.officer.id : undefined))
        : undefined;
    const handlerName = handler ? (await handlersOf(d)).find((o) => o.id === handler)?.name : undefined;
    return { handler, handlerName, receiptCode };
  }

  /** Who may be assigned the dossier: enabled officers of its agency (or commune) who process dossiers. */
  async function handlersOf(d: DossierRow) {
    const processors = await platform.auth.officersWithRole('dossiers.process');
    return processors.filter((o) => inScope(o, d)).map((o) => ({ id: o.id, name: o.name }));
  }

  async function act(
    tx: Db,
    actor: Actor,
    id: string,
    input: ActionInput,
    prepared: Awaited<ReturnType<typeof prepareAction>>,
  ) {
    const d = await visible(tx, actor, id, true);
    const p = await procedureOf(d);
    const { action } = input;
    const allowedStatus = allowedNow(d.status, { rated: d.rated_at !== null, atLastStep: atLastStep(p, d) });
    if (!allowedStatus.includes(action) || !isAllowed(d.status, action))
      throw actionNotAllowed(d.status, action, allowedFor(actor, p, d));
    if (!mayTake(actor, action, { channel: d.channel, workflowRole: p.workflow[d.step]?.role }))
      throw authErrors.forbidden({
        vi: 'Bạn không có vai trò cần thiết cho thao tác này.',
        en: `Your roles do not allow ${action} on this dossier.`,
      });
    const to = next(d.status, action);
    const now = clock.now();
    const day = toCivilDate(now);
    const need = (value: string | undefined, field: string) => {
      const v = value?.trim();
      if (!v)
        throw errors.invalid_action(
          { vi: `Thao tác cần "${field}".`, en: `${action} needs "${field}".` },
          { errors: [{ pointer: `/body/${field}`, detail: 'required' }] },
        );
      return v;
    };
    let changes: Partial<DossierRow> = {};
    let note: string | null = input.note?.trim() || null;
    const details: Record<string, unknown> = {};
    switch (action) {
      case 'submit': {
        checkForm(p, d);
        const digitised = d.channel === 'online' ? await checkDocuments(tx, p, d) : d.digitised_components;
        changes = { ...(await submitChanges(tx, d, prepared.receiptCode)), digitised_components: digitised };
        break;
      }
      case 'receive':
        changes = { step: p.workflow.length > 1 ? 1 : 0 };
        break;
      case 'refuse_intake':
      case 'stop':
      case 'withdraw':
        note = need(input.reason ?? input.note, 'reason');
        break;
      case 'assign': {
        const { handler, handlerName } = prepared;
        if (!handler || handlerName === undefined)
          throw errors.handler_not_found({
            vi: 'Không có cán bộ xử lý hồ sơ nào của cơ quan này với mã đã chọn.',
            en: 'No officer with this id processes dossiers of this agency.',
          });
        changes = { handler_id: handler };
        details.handler = { id: handler, name: handlerName };
        break;
      }
      case 'forward':
        changes = { step: Math.min(d.step + 1, Math.max(p.workflow.length - 1, 0)), handler_id: null };
        details.step = p.workflow[d.step + 1]?.key ?? null;
        break;
      case 'request_supplement':
        note = need(input.note, 'note');
        changes = { paused_on: day, supplement_count: d.supplement_count + 1 };
        break;
      case 'supplement': {
        const paused = d.paused_on ? pausedWorkingDays(calendar, d.paused_on, now) : 0;
        const moved =
          d.due_on && d.due_at ? moveAppointment(calendar, d.due_on, d.due_at, paused) : undefined;
        const digitised = Number(
          (
            await t(tx)
              .selectFrom('dossiers.document')
              .select((eb) => eb.fn.count<number>('component').distinct().as('n'))
              .where('dossier_id', '=', d.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
        changes = {
          paused_on: null,
          paused_days: d.paused_days + paused,
          digitised_components: digitised,
          ...(moved ? { due_on: moved.dueOn, due_at: moved.dueAt } : {}),
        };
        details.pausedWorkingDays = paused;
        break;
      }
      case 'request_payment': {
        const amount = input.amount ?? d.fee_amount ?? 0;
        if (!Number.isInteger(amount) || amount <= 0)
          throw errors.invalid_action(
            {
              vi: 'Số tiền phải là số nguyên dương (đồng).',
              en: 'The amount must be a positive integer (VND).',
            },
            { errors: [{ pointer: '/body/amount', detail: 'must be a positive integer' }] },
          );
        changes = { payment_amount: amount };
        details.amount = amount;
        break;
      }
      case 'record_payment':
        changes = { paid_online: input.method === 'online', paid_at: now };
        details.method = input.method ?? 'counter';
        break;
      case 'approve': {
        const issued = await results.issue(tx, {
          title: `Kết quả giải quyết thủ tục: ${p.name}`.slice(0, 300),
          agency: { code: d.agency_code, name: d.agency_name },
          holderPersonalId: d.applicant_personal_id,
          reference: d.receipt_code ?? d.id,
          lines: [
            { label: 'Thủ tục', value: `${p.name} (${p.code})` },
            { label: 'Người yêu cầu', value: d.applicant_name },
            { label: 'Mã hồ sơ', value: d.receipt_code ?? d.id },
            { label: 'Kết quả', value: p.result || 'Chấp thuận' },
            ...(note ? [{ label: 'Ghi chú', value: note }] : []),
          ],
        });
        changes = {
          result_document_id: issued.documentId,
          electronic_result: true,
          // Issued to the applicant, so it is in their personal document store (indicator 4.4).
          store_used: true,
          finished_at: now,
          finished_on: day,
          handler_id: actor.kind === 'officer' ? actor.officer.id : d.handler_id,
        };
        details.documentId = issued.documentId;
        break;
      }
      case 'return_result':
        changes = { returned_at: now, returned_on: day };
        break;
      case 'apologise': {
        const newDue = need(input.newDueOn, 'newDueOn');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(newDue) || (d.due_on !== null && newDue <= d.due_on) || newDue < day)
          throw errors.invalid_action(
            {
              vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại.',
              en: 'The new appointment date must be after the current one.',
            },
            { errors: [{ pointer: '/body/newDueOn', detail: 'must be after the current appointment' }] },
          );
        const dueOn = calendar.isWorkingDay(newDue) ? newDue : calendar.nextWorkingDay(newDue);
        const dueAt =
          d.due_at && d.due_on
            ? moveAppointment(calendar, d.due_on, d.due_at, calendar.workingDaysBetween(d.due_on, dueOn))
                .dueAt
            : calendar.dueDate({ receivedAt: now, amount: 0, unit: 'working_days' }).dueAt;
        note = need(input.note ?? input.reason, 'note');
        changes = { due_on: dueOn, due_at: dueAt, apology_count: d.apology_count + 1 };
        details.previousDueOn = d.due_on;
        details.newDueOn = dueOn;
        break;
      }
      case 'rate':
        if (typeof input.satisfied !== 'boolean')
          throw errors.invalid_action(
            { vi: 'Hãy chọn hài lòng hoặc không.', en: 'Say whether you are satisfied.' },
            { errors: [{ pointer: '/body/satisfied', detail: 'required' }] },
          );
        changes = {
          rating_satisfied: input.satisfied,
          rating_comment: input.comment?.trim() || null,
          rated_at: now,
        };
        note = null;
        break;
    }
    const updated = await record(tx, actor, d, action, to, changes, { note, details });
    return present(actor, updated, tx);
  }

  return {
    STATUS_TOPIC,
    /** One action on a dossier (citizen or officer), once per idempotency key. */
    act(idem: Idempotency, actor: Actor, id: string, input: ActionInput) {
      return run(
        idem,
        200,
        () => prepareAction(actor, id, input),
        (tx, prepared) => act(tx, actor, id, input, prepared),
      );
    },

    async listMine(actor: Extract<Actor, { kind: 'citizen' }>, limit = 50) {
      const rows = await t(db)
        .selectFrom('dossiers.dossier')
        .select(LIST_COLUMNS)
        .where('applicant_personal_id', '=', actor.personalId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(listItem);
    },

    createDraft(
      idem: Idempotency,
      actor: Extract<Actor, { kind: 'citizen' }>,
      input: { procedureCode: string; communeCode?: string },
      requestId: string,
    ) {
      return run(
        idem,
        201,
        async () => {
          const p = await resolveProcedure(input.procedureCode);
          if (!p.channels.some((c) => c.channel === 'online') || p.onlineLevel === null)
            throw errors.not_online({
              vi: 'Thủ tục này chưa cung cấp dịch vụ công trực tuyến.',
              en: 'This procedure is not offered online.',
            });
          const own = await ownRecord(actor, p, actor.personalId, requestId);
          // Without a choice, a commune-level dossier goes to the commune the applicant lives in.
          const communeCode =
            input.communeCode ?? (p.level === 'commune' ? (own.currentCommune ?? undefined) : undefined);
          const agency = await receivingAgency(p, communeCode);
          return { p, agency, own, communeCode };
        },
        async (tx, { p, agency, own, communeCode }) => {
          const d = await insertDraft(tx, actor, {
            p,
            agency,
            own,
            communeCode: communeCode ?? null,
            personalId: actor.personalId,
            phone: actor.phone,
            accountId: actor.accountId,
            channel: 'online',
          });
          return present(actor, d, tx);
        },
      );
    },

    /** The officers the dossier may be assigned to (for an officer who may assign it). */
    async handlers(actor: Extract<Actor, { kind: 'officer' }>, id: string) {
      const d = await visible(db, actor, id);
      if (!mayTake(actor, 'assign', { channel: d.channel, workflowRole: undefined }))
        throw authErrors.forbidden({
          vi: 'Cần vai trò xử lý hồ sơ.',
          en: 'This needs the role dossiers.process.',
        });
      return handlersOf(d);
    },

    async get(actor: Actor, id: string, requestId: string) {
      const d = await visible(db, actor, id);
      if (actor.kind === 'officer')
        await audit.record(db, {
          actor: actorRef(actor),
          action: 'dossiers.view',
          subjectPerson: d.applicant_personal_id,
          purpose: 'Giải quyết thủ tục hành chính',
          requestId,
          details: { dossier: d.id },
        });
      return present(actor, d);
    },

    /** Autosave of the form while a draft (or while a supplement is asked for). Prefilled fields stay. */
    async saveData(actor: Actor, id: string, data: Record<string, unknown>) {
      await procedureOf(await visible(db, actor, id));
      return transaction(async (tx) => {
        const d = await visible(tx, actor, id, true);
        if (d.status !== 'draft' && d.status !== 'supplement_requested')
          throw actionNotAllowed(d.status, 'submit', allowedFor(actor, await procedureOf(d), d));
        const s = open(d);
        const kept = Object.fromEntries(Object.entries(data).filter(([k]) => !(k in s.prefill)));
        const updated = await t(tx)
          .updateTable('dossiers.dossier')
          .set({ data_sealed: seal(d.id, { data: kept, prefill: s.prefill }), updated_at: clock.now() })
          .where('id', '=', d.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return present(actor, updated as DossierRow, tx);
      });
    },

    /** A component taken from the applicant's personal document store (a document issued to them). */
    async addFromStore(
      actor: Extract<Actor, { kind: 'citizen' }>,
      id: string,
      input: { component: string; documentId: string },
    ) {
      await visible(db, actor, id);
      const { title, pdf } = await results.held(actor.personalId, input.documentId);
      return this.addDocument(actor, id, {
        component: input.component,
        fileName: `${title.slice(0, 190)}.pdf`,
        mediaType: 'application/pdf',
        bytes: Buffer.from(pdf),
        fromDocument: input.documentId,
      });
    },

    async addDocument(
      actor: Actor,
      id: string,
      file: { component: string; fileName: string; mediaType: string; bytes: Buffer; fromDocument?: string },
    ) {
      await procedureOf(await visible(db, actor, id));
      return transaction(async (tx) => {
        const d = await visible(tx, actor, id, true);
        // The applicant uploads while drafting or supplementing; the one-stop scans paper components of a
        // dossier it holds (digitisation, Decision 766 indicator 4.2).
        const open =
          actor.kind === 'citizen'
            ? d.status === 'draft' || d.status === 'supplement_requested'
            : ['received', 'in_process', 'supplement_requested', 'payment_requested'].includes(d.status);
        if (!open) throw actionNotAllowed(d.status, 'supplement', allowedFor(actor, await procedureOf(d), d));
        if (actor.kind === 'officer' && !actor.officer.roles.includes('dossiers.receive'))
          throw authErrors.forbidden({
            vi: 'Cần vai trò tiếp nhận hồ sơ để số hóa thành phần hồ sơ.',
            en: 'Scanning components needs the role dossiers.receive.',
          });
        const p = await procedureOf(d);
        const item = p.components.flatMap((c) => c.items).find((i) => i.key === file.component);
        if (!item)
          throw errors.unknown_component({
            vi: `Thủ tục không có thành phần "${file.component}".`,
            en: `The procedure has no component "${file.component}".`,
          });
        if (file.bytes.length > item.maxBytes)
          throw errors.file_too_large({
            vi: `Tệp lớn hơn ${Math.round(item.maxBytes / 1048576)} MB cho phép.`,
            en: `The file is larger than the ${item.maxBytes} bytes allowed.`,
          });
        if (file.bytes.length === 0)
          throw errors.invalid_upload({ vi: 'Tệp rỗng.', en: 'The file is empty.' });
        const actual = sniff(file.bytes);
        // The declared type must be accepted and the content must be that type (a renamed file is refused).
        if (!actual || actual !== file.mediaType || !accepted(item.accept, actual, file.fileName))
          throw errors.unsupported_file_type({
            vi: `Chỉ nhận: ${item.accept.join(', ')}.`,
            en: `Accepted: ${item.accept.join(', ')}.`,
          });
        const docId = newId();
        const sha256 = createHash('sha256').update(file.bytes).digest('hex');
        await t(tx)
          .insertInto('dossiers.document')
          .values({
            id: docId,
            dossier_id: d.id,
            component: item.key,
            file_name: file.fileName.slice(0, 200),
            media_type: actual,
            size: file.bytes.length,
            sha256,
            content_sealed: sealer.seal(file.bytes, docContext(docId)),
            uploaded_by: actorRef(actor),
            uploaded_at: clock.now(),
            from_document: file.fromDocument ?? null,
          })
          .execute();
        const digitised =
          actor.kind === 'officer'
            ? {
                digitised_components: Number(
                  (
                    await t(tx)
                      .selectFrom('dossiers.document')
                      .select((eb) => eb.fn.count<number>('component').distinct().as('n'))
                      .where('dossier_id', '=', d.id)
                      .executeTakeFirstOrThrow()
                  ).n,
                ),
              }
            : {};
        await t(tx)
          .updateTable('dossiers.dossier')
          .set({ updated_at: clock.now(), ...digitised, ...(file.fromDocument ? { store_used: true } : {}) })
          .where('id', '=', d.id)
          .execute();
        return {
          id: docId,
          component: item.key,
          fileName: file.fileName.slice(0, 200),
          mediaType: actual,
          size: file.bytes.length,
          sha256,
          uploadedAt: clock.now().toISOString(),
        };
      });
    },

    async removeDocument(actor: Actor, id: string, docId: string) {
      await procedureOf(await visible(db, actor, id));
      return transaction(async (tx) => {
        const d = await visible(tx, actor, id, true);
        if (d.status !== 'draft' && d.status !== 'supplement_requested')
          throw actionNotAllowed(d.status, 'supplement', allowedFor(actor, await procedureOf(d), d));
        const deleted = isUuid(docId)
          ? await t(tx)
              .deleteFrom('dossiers.document')
              .where('id', '=', docId)
              .where('dossier_id', '=', d.id)
              .executeTakeFirst()
          : undefined;
        if (!deleted || Number(deleted.numDeletedRows) === 0)
          throw errors.document_not_found({ vi: 'Không có tệp này.', en: 'No such document.' });
      });
    },

    /** A component file, for the applicant or an officer in scope (audited for officers). */
    async documentFile(actor: Actor, id: string, docId: string, requestId: string) {
      const d = await visible(db, actor, id);
      const doc = isUuid(docId)
        ? await t(db)
            .selectFrom('dossiers.document')
            .selectAll()
            .where('id', '=', docId)
            .where('dossier_id', '=', d.id)
            .executeTakeFirst()
        : undefined;
      if (!doc) throw errors.document_not_found({ vi: 'Không có tệp này.', en: 'No such document.' });
      if (actor.kind === 'officer')
        await audit.record(db, {
          actor: actorRef(actor),
          action: 'dossiers.document.view',
          subjectPerson: d.applicant_personal_id,
          purpose: 'Giải quyết thủ tục hành chính',
          requestId,
          details: { dossier: d.id, document: doc.id },
        });
      return {
        bytes: sealer.open(doc.content_sealed, docContext(doc.id)),
        mediaType: doc.media_type,
        fileName: doc.file_name,
      };
    },

    async resultFile(actor: Actor, id: string, requestId: string) {
      const d = await visible(db, actor, id);
      if (!d.result_document_id || d.status === 'draft')
        throw errors.result_not_found({ vi: 'Hồ sơ chưa có kết quả.', en: 'The dossier has no result yet.' });
      const bytes = await results.file(d.result_document_id);
      await audit.record(db, {
        actor: actorRef(actor),
        action: 'dossiers.result.download',
        subjectPerson: d.applicant_personal_id,
        purpose: actor.kind === 'citizen' ? 'Nhận kết quả của chính mình' : 'Trả kết quả giải quyết',
        requestId,
        details: { dossier: d.id, document: d.result_document_id },
      });
      return { bytes, receiptCode: d.receipt_code };
    },

    /** Counter intake: an officer files for a walk-in applicant found in the registry; the dossier is received. */
    counterIntake(
      idem: Idempotency,
      actor: Extract<Actor, { kind: 'officer' }>,
      input: {
        procedureCode: string;
        personalId: string;
        communeCode?: string;
        data?: Record<string, unknown>;
        channel?: 'in_person' | 'post';
      },
      requestId: string,
    ) {
      return run(
        idem,
        201,
        async () => {
          const scope = scopeOf(actor.officer);
          if (!scope || !actor.officer.roles.includes('dossiers.receive'))
            throw authErrors.forbidden({
              vi: 'Cần vai trò tiếp nhận hồ sơ.',
              en: 'This needs the role dossiers.receive.',
            });
          const p = await resolveProcedure(input.procedureCode);
          const communeCode =
            input.communeCode ??
            (scope.commune
              ? scope.commune
              : actor.officer.jurisdiction.level === 'commune'
                ? actor.officer.jurisdiction.code
                : undefined);
          const agency = await receivingAgency(p, communeCode);
          // The officer receives only for their own agency (or commune): another agency's dossier is not theirs.
          if (!inScope(actor.officer, { agency_code: agency.code, agency_commune: agency.communeCode }))
            throw authErrors.forbidden({
              vi: 'Hồ sơ thuộc thẩm quyền tiếp nhận của cơ quan khác.',
              en: 'This dossier is received by another agency.',
            });
          const own = await ownRecord(actor, p, input.personalId, requestId);
          const filled = prefill(p.form.schema, own, null);
          const problems = validateForm(p.id, p.form.schema, keepPrefilled(input.data ?? {}, filled.values));
          if (problems.length > 0)
            throw errors.invalid_form(problems.map((e) => `${e.pointer} ${e.detail}`).join('; '), {
              errors: problems,
            });
          const channel = channelOf(p, input.channel ?? 'in_person');
          const receiptCode = await allocateReceiptCode({
            agency_code: agency.code,
            time_limit: channel?.timeLimit ?? { amount: 0, unit: 'working_days' },
            channel: input.channel ?? 'in_person',
          });
          return { p, agency, communeCode, own, receiptCode };
        },
        async (tx, { p, agency, communeCode, own, receiptCode }) => {
          const draft = await insertRow(tx, actor, {
            p,
            agency,
            own,
            communeCode: communeCode ?? null,
            personalId: input.personalId,
            phone: null,
            accountId: null,
            channel: input.channel ?? 'in_person',
            data: input.data ?? {},
          });
          checkForm(p, draft);
          const d = await recordSteps(tx, actor, draft, [
            { action: 'create', to: 'draft', changes: {} },
            { action: 'submit', to: 'submitted', changes: await submitChanges(tx, draft, receiptCode) },
            { action: 'receive', to: 'received', changes: { step: p.workflow.length > 1 ? 1 : 0 } },
          ]);
          return present(actor, d, tx);
        },
      );
    },

    /**
     * The officer's queue, most urgent first (appointment date; dossiers without one last). `intake`:
     * newly submitted dossiers waiting for reception; `mine`: assigned to the officer; `all`: open ones.
     */
    async queue(
      actor: Extract<Actor, { kind: 'officer' }>,
      view: 'intake' | 'mine' | 'all',
      limit: number,
      requestId: string,
    ) {
      const scope = scopeOf(actor.officer);
      if (!scope)
        throw authErrors.forbidden({
          vi: 'Cần một vai trò của Bộ phận một cửa.',
          en: 'This needs a one-stop role (dossiers.*).',
        });
      const rows = await queueQuery(t(db), scope, view, actor.officer.id, limit).execute();
      await audit.record(db, {
        actor: actorRef(actor),
        action: 'dossiers.queue.view',
        purpose: 'Giải quyết thủ tục hành chính',
        requestId,
        details: { view, count: rows.length },
      });
      return rows.map(listItem);
    },

    /** Public lookup by receipt code: the status and dates only, never who applied. */
    async lookup(receiptCode: string) {
      const d = await t(db)
        .selectFrom('dossiers.dossier')
        .select([
          'receipt_code',
          'procedure_code',
          'procedure_name',
          'agency_code',
          'agency_name',
          'status',
          'received_on',
          'due_on',
          'due_at',
          'paused_on',
          'finished_on',
          'returned_on',
        ])
        .where('receipt_code', '=', receiptCode)
        .executeTakeFirst();
      if (!d) throw dossierNotFound();
      const u = urgency(calendar, clock.now(), {
        dueOn: d.due_on,
        dueAt: d.due_at,
        pausedOn: d.paused_on,
        open: OPEN_STATUSES.includes(d.status),
      });
      return {
        receiptCode: d.receipt_code as string,
        procedure: { code: d.procedure_code, name: d.procedure_name },
        agency: { code: d.agency_code, name: d.agency_name },
        status: d.status,
        statusCode: STATUS_CODES[d.status],
        statusText: STATUS_TEXT[d.status],
        receivedOn: d.received_on,
        dueOn: u.dueOn,
        overdue: u.overdue,
        finishedOn: d.finished_on,
        returnedOn: d.returned_on,
      };
    },

    async notices(actor: Extract<Actor, { kind: 'citizen' }>, limit = 50) {
      const rows = await t(db)
        .selectFrom('dossiers.notice')
        .select(['id', 'dossier_id', 'status', 'text_vi', 'text_en', 'at'])
        .where('personal_id', '=', actor.personalId)
        .orderBy('at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        dossierId: r.dossier_id,
        status: r.status,
        text: { vi: r.text_vi, en: r.text_en },
        at: r.at.toISOString(),
      }));
    },

    /** Handler of `dossiers.status_changed`: an in-app notice and an SMS to the applicant (idempotent). */
    async notify(tx: Db, eventId: string, event: StatusChanged) {
      const d = await t(tx)
        .selectFrom('dossiers.dossier')
        .select([
          'id',
          'applicant_personal_id',
          'notify_phone_sealed',
          'receipt_code',
          'procedure_name',
          'due_on',
        ])
        .where('id', '=', event.dossierId)
        .executeTakeFirst();
      if (!d) return;
      const code = d.receipt_code ?? '';
      const text = {
        vi: `Hồ sơ ${code} (${d.procedure_name}): ${STATUS_TEXT[event.to].vi}.`,
        en: `Dossier ${code} (${d.procedure_name}): ${STATUS_TEXT[event.to].en}.`,
      };
      const inserted = await t(tx)
        .insertInto('dossiers.notice')
        .values({
          id: newId(),
          personal_id: d.applicant_personal_id,
          dossier_id: d.id,
          status: event.to,
          text_vi: text.vi,
          text_en: text.en,
          at: clock.now(),
          event_id: eventId,
        })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted || !d.notify_phone_sealed) return;
      const phone = sealer.openText(d.notify_phone_sealed, `dossiers.phone:${d.id}`);
      // The in-app notice is the record; the SMS goes out beside the job, not inside its transaction, so a
      // slow gateway never holds the jobs claimed with this one. A lost SMS is logged, not retried.
      void platform.notify.send({ channel: 'sms', to: phone, text: text.vi }).catch((error: Error) => {
        platform.log.warn({ err: error.message, dossier: d.id }, 'dossier notice SMS not sent');
      });
    },
  };
}

export type Dossiers = ReturnType<typeof createDossiers>;
