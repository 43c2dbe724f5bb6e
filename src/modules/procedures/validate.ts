import { Errors, Meta } from 'typebox/schema';
import type { FieldError } from '../../platform/errors.ts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  PREFILL_SOURCES,
  type ProcedureContent,
  TIME_UNITS,
  WORKFLOW_ROLES,
} from './types.ts';

/** National procedure codes: one digit, a dot, six digits (e.g. 1.001193). */
export const PROCEDURE_CODE = /^[0-9]\.[0-9]{6}$/;
/** QCVN 102:2016/BTTTT agency codes (e.g. 000.00.04.H56). */
export const AGENCY_CODE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;
const KEY = /^[a-z][a-zA-Z0-9_]{0,62}$/;
const META_2020_12 = Meta['https://json-schema.org/draft/2020-12/schema'];
const WIDGETS = ['text', 'textarea', 'date', 'select', 'radio', 'checkbox', 'commune', 'number'];
/** Largest file a component may accept (the dossier upload limit). */
export const MAX_COMPONENT_BYTES = 20 * 1024 * 1024;
const SHARE_TOLERANCE = 1e-6;

/**
 * The checks a version must pass before it is saved as a draft or published, beyond the HTTP schema:
 * the form is a JSON Schema 2020-12 object whose prefill sources are in the vocabulary, UI hints name
 * real fields, workflow shares sum to 1, codes are unique, level and agency fit, and the online level
 * agrees with the channels (Decree 42/2022: an online service needs an online channel). Pointers are
 * relative to the content (`/form/schema/...`); the caller prefixes them with `/body`.
 */
export function validateContent(
  content: ProcedureContent,
  knownAgency: (code: string) => boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (pointer: string, detail: string) => errors.push({ pointer, detail });

  if (!content.name.trim()) fail('/name', 'The name is required.');
  if (!content.field.trim()) fail('/field', 'The field (lĩnh vực) is required.');
  if (content.applicantTypes.length === 0)
    fail('/applicantTypes', 'At least one applicant type is required.');
  content.applicantTypes.forEach((t, i) => {
    if (!APPLICANT_TYPES.includes(t)) fail(`/applicantTypes/${i}`, `Unknown applicant type ${t}.`);
  });

  // Level and agency: a province procedure names its implementing agency; a commune procedure is
  // implemented by the People's Committee of the commune the dossier is filed for.
  if (content.level === 'province') {
    if (!content.agencyCode) fail('/agencyCode', 'A province-level procedure needs its implementing agency.');
    else if (!knownAgency(content.agencyCode)) fail('/agencyCode', `No agency ${content.agencyCode}.`);
  } else if (content.agencyCode !== null) {
    fail(
      '/agencyCode',
      'A commune-level procedure has no fixed agency (null): the commune’s committee implements it.',
    );
  }

  // Channels: each at most once, each with a positive time limit and a non-negative integer fee.
  if (content.channels.length === 0) fail('/channels', 'At least one channel is required.');
  const seenChannels = new Set<string>();
  content.channels.forEach((c, i) => {
    if (!CHANNELS.includes(c.channel)) fail(`/channels/${i}/channel`, `Unknown channel ${c.channel}.`);
    if (seenChannels.has(c.channel))
      fail(`/channels/${i}/channel`, `The channel ${c.channel} is listed twice.`);
    seenChannels.add(c.channel);
    if (!TIME_UNITS.includes(c.timeLimit.unit)) fail(`/channels/${i}/timeLimit/unit`, 'Unknown time unit.');
    if (!(c.timeLimit.amount > 0))
      fail(`/channels/${i}/timeLimit/amount`, 'The time limit must be positive.');
    if (c.fee && (!Number.isInteger(c.fee.amount) || c.fee.amount < 0))
      fail(`/channels/${i}/fee/amount`, 'A fee is a non-negative whole number of VND.');
  });
  const online = seenChannels.has('online');
  if (content.onlineLevel && !online) fail('/onlineLevel', 'An online level needs an online channel.');
  if (!content.onlineLevel && online)
    fail('/onlineLevel', 'An online channel needs an online level (full or partial).');

  // Components: unique keys across cases within a case; sensible counts, media types and sizes.
  if (content.components.length === 0)
    fail('/components', 'At least one case of dossier components is required.');
  content.components.forEach((c, i) => {
    if (!c.case.trim()) fail(`/components/${i}/case`, 'The case needs a name.');
    if (c.items.length === 0) fail(`/components/${i}/items`, 'A case needs at least one component.');
    const keys = new Set<string>();
    c.items.forEach((item, j) => {
      const at = `/components/${i}/items/${j}`;
      if (!KEY.test(item.key)) fail(`${at}/key`, 'A key is a camelCase identifier.');
      if (keys.has(item.key)) fail(`${at}/key`, `The key ${item.key} is used twice in this case.`);
      keys.add(item.key);
      if (item.originals + item.copies < 1 && item.required)
        fail(`${at}/originals`, 'A required component needs at least one original or copy.');
      if (item.accept.length === 0) fail(`${at}/accept`, 'List the accepted file types.');
      if (item.maxBytes < 1 || item.maxBytes > MAX_COMPONENT_BYTES)
        fail(`${at}/maxBytes`, `The size limit must be between 1 byte and ${MAX_COMPONENT_BYTES} bytes.`);
    });
  });

  // Workflow: receive first, approve last, unique keys, positive shares summing to 1.
  const wf = content.workflow;
  if (wf.length === 0) fail('/workflow', 'The workflow needs at least one step.');
  else {
    if (wf[0]?.role !== 'dossiers.receive') fail('/workflow/0/role', 'The first step receives the dossier.');
    if (wf[wf.length - 1]?.role !== 'dossiers.approve')
      fail(`/workflow/${wf.length - 1}/role`, 'The last step approves the result.');
    const keys = new Set<string>();
    wf.forEach((s, i) => {
      if (!KEY.test(s.key)) fail(`/workflow/${i}/key`, 'A key is a camelCase identifier.');
      if (keys.has(s.key)) fail(`/workflow/${i}/key`, `The key ${s.key} is used twice.`);
      keys.add(s.key);
      if (!WORKFLOW_ROLES.includes(s.role)) fail(`/workflow/${i}/role`, `Unknown role ${s.role}.`);
      if (!(s.share > 0 && s.share <= 1)) fail(`/workflow/${i}/share`, 'A share is between 0 and 1.');
    });
    const sum = wf.reduce((total, s) => total + s.share, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE)
      fail(
        '/workflow',
        `The shares of the time limit must sum to 1 (they sum to ${Number(sum.toFixed(6))}).`,
      );
  }

  if (!content.result.trim()) fail('/result', 'The result is required.');
  if (content.legalBasis.length === 0) fail('/legalBasis', 'At least one legal basis is required.');

  errors.push(...validateForm(content.form.schema, content.form.ui));
  return errors;
}

/**
 * The application form: a JSON Schema (draft 2020-12) of an object with properties; `x-prefill` only on
 * top-level properties and only from the vocabulary; UI hints only about existing properties.
 */
export function validateForm(schema: Record<string, unknown>, ui: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (pointer: string, detail: string) => errors.push({ pointer, detail });
  const [valid, metaErrors] = Errors(META_2020_12, schema);
  if (!valid) {
    for (const e of metaErrors.slice(0, 10))
      fail(`/form/schema${e.instancePath}`, `Not a valid JSON Schema (2020-12): ${e.message}.`);
    return errors;
  }
  if (schema.type !== 'object') fail('/form/schema/type', 'The form is an object ("type": "object").');
  const properties = schema.properties;
  if (!properties || typeof properties !== 'object' || Object.keys(properties).length === 0) {
    fail('/form/schema/properties', 'The form needs at least one field.');
    return errors;
  }
  const names = new Set(Object.keys(properties));
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    if (!KEY.test(name)) fail(`/form/schema/properties/${name}`, 'A field name is a camelCase identifier.');
    if (property && typeof property === 'object') {
      const prefill = (property as Record<string, unknown>)['x-prefill'];
      if (prefill !== undefined && !PREFILL_SOURCES.includes(prefill as never))
        fail(`/form/schema/properties/${name}/x-prefill`, `Unknown prefill source ${String(prefill)}.`);
      nestedPrefill(property as Record<string, unknown>, `/form/schema/properties/${name}`, fail, true);
    }
  }
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  required.forEach((r, i) => {
    if (!names.has(r)) fail(`/form/schema/required/${i}`, `The required field ${r} is not a property.`);
  });

  const order = ui.order;
  if (order !== undefined) {
    if (!Array.isArray(order)) fail('/form/ui/order', 'The order is a list of field names.');
    else
      order.forEach((n, i) => {
        if (!names.has(n as string)) fail(`/form/ui/order/${i}`, `No field ${String(n)}.`);
      });
  }
  for (const hint of ['widgets', 'help'] as const) {
    const value = ui[hint];
    if (value === undefined) continue;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      fail(`/form/ui/${hint}`, 'An object keyed by field name.');
      continue;
    }
    for (const [n, v] of Object.entries(value)) {
      if (!names.has(n)) fail(`/form/ui/${hint}/${n}`, `No field ${n}.`);
      if (hint === 'widgets' && !WIDGETS.includes(v as string))
        fail(`/form/ui/widgets/${n}`, `Unknown widget ${String(v)}.`);
      if (hint === 'help' && typeof v !== 'string') fail(`/form/ui/help/${n}`, 'A help text is a string.');
    }
  }
  const readonly = ui.readonlyWhenPrefilled;
  if (readonly !== undefined && (!Array.isArray(readonly) || readonly.some((n) => !names.has(n as string))))
    fail('/form/ui/readonlyWhenPrefilled', 'A list of existing field names.');
  return errors;
}

/** `x-prefill` deeper than the top level is refused: the dossier pre-fills top-level fields only. */
function nestedPrefill(
  node: Record<string, unknown>,
  pointer: string,
  fail: (pointer: string, detail: string) => void,
  top: boolean,
) {
  if (!top && 'x-prefill' in node) fail(`${pointer}/x-prefill`, 'Only top-level fields may be pre-filled.');
  for (const [key, value] of Object.entries(node)) {
    if (value && typeof value === 'object')
      nestedPrefill(value as Record<string, unknown>, `${pointer}/${key}`, fail, false);
  }
}
