import { type ReactNode, useId } from 'react';
import { useApi } from '../../api.ts';
import { type Agency, itemsOf, type JsonSchema } from './api.ts';
import { useFormat } from './parts.tsx';
import { type Texts, useTexts } from './texts.ts';

/**
 * A small renderer of the application forms' JSON Schema (the subset procedures use: string, enum, date,
 * number/integer, boolean and object groups) with the procedure's UI hints (`ui:order`, `ui:widget`
 * textarea/radio, `ui:placeholder`, `ui:help`). No form library: the citizen pages stay light on cheap phones.
 * Fields filled from the registry are not inputs: the apply page shows them as confirmed data.
 */

type Data = Record<string, unknown>;
type Ui = Record<string, unknown>;

const asUi = (v: unknown): Ui | undefined => (typeof v === 'object' && v !== null ? (v as Ui) : undefined);
const hint = (ui: Ui | undefined, name: string): unknown => ui?.[`ui:${name}`] ?? ui?.[name];

/**
 * A field's UI hint, from either shape procedures use: maps on the form (`widgets: {field: 'textarea'}`,
 * `help: {field: '…'}`) or an object per field (`field: {'ui:widget': 'textarea'}`).
 */
function fieldHint(parent: Ui | undefined, key: string, name: 'widget' | 'help' | 'placeholder'): unknown {
  const map = asUi(parent?.[name === 'help' ? 'help' : `${name}s`]);
  const own = hint(asUi(parent?.[key]), name);
  return own ?? (typeof map?.[key] === 'string' ? map[key] : undefined);
}
const typeOf = (s: JsonSchema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;

/** Properties of an object schema in the order the UI hints ask for (then the schema's order). */
export function orderedFields(schema: JsonSchema, ui: Ui | undefined): [string, JsonSchema][] {
  const props = Object.entries(schema.properties ?? {});
  const order = hint(ui, 'order');
  if (!Array.isArray(order)) return props;
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i === -1 ? (order.includes('*') ? order.indexOf('*') : order.length) : i;
  };
  return props.slice().sort((a, b) => rank(a[0]) - rank(b[0]));
}

/** The source a field was (or will be) filled from: the dossier's `prefilled` map, else the schema's x-prefill. */
export function prefillOf(
  path: string,
  field: JsonSchema,
  prefilled: Record<string, string> | undefined,
): string | undefined {
  if (prefilled) {
    return (
      prefilled[path] ?? prefilled[`/${path.replaceAll('.', '/')}`] ?? prefilled[path.split('.').pop() ?? '']
    );
  }
  return field['x-prefill'];
}

export function getAt(data: Data, path: string): unknown {
  let v: unknown = data;
  for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Data)[k] : undefined;
  return v;
}

function setAt(data: Data, path: string, value: unknown): Data {
  const [head, ...rest] = path.split('.');
  const key = head as string;
  if (rest.length === 0) {
    const next = { ...data };
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
    return next;
  }
  const child = typeof data[key] === 'object' && data[key] !== null ? (data[key] as Data) : {};
  return { ...data, [key]: setAt(child, rest.join('.'), value) };
}

/** Options of an enum field with their labels (oneOf const/title, enumNames, or the values themselves). */
export function optionsOf(field: JsonSchema, ui: Ui | undefined): { value: string; label: string }[] {
  if (Array.isArray(field.oneOf) && field.oneOf.every((o) => o.const !== undefined))
    return field.oneOf.map((o) => ({ value: String(o.const), label: o.title ?? String(o.const) }));
  const names = (hint(ui, 'enumNames') ?? field['x-enumNames'] ?? field.enumNames) as string[] | undefined;
  return (field.enum ?? []).map((v, i) => ({ value: String(v), label: names?.[i] ?? String(v) }));
}

/** A value as a reader sees it: enum labels, dates in their format, yes/no, addresses joined. */
export function useDisplay() {
  const t = useTexts();
  const f = useFormat();
  return function display(field: JsonSchema, ui: Ui | undefined, value: unknown): string {
    if (value === undefined || value === null || value === '') return t.none;
    if (typeof value === 'boolean') return value ? t.yes : t.no;
    if (field.enum || field.oneOf) {
      const option = optionsOf(field, ui).find((o) => o.value === String(value));
      if (option) return option.label;
    }
    if (field.format === 'date' && typeof value === 'string') return f.date(value);
    if (typeof value === 'object') {
      return Object.values(value as Data)
        .filter((v) => v !== null && v !== undefined && v !== '')
        .map(String)
        .join(', ');
    }
    return String(value);
  };
}

function sourceLabel(t: Texts, source: string): string {
  return source.startsWith('identity.') ? t.fromEid : t.fromRegistry;
}

export interface ConfirmedField {
  path: string;
  label: string;
  value: string;
  source: string;
}

/** The prefilled fields, flattened, with their displayed values: "1. About you" on the apply page. */
export function useConfirmedFields(
  schema: JsonSchema,
  ui: Ui,
  data: Data,
  prefilled: Record<string, string>,
): ConfirmedField[] {
  const display = useDisplay();
  const out: ConfirmedField[] = [];
  const walk = (s: JsonSchema, u: Ui | undefined, prefix: string) => {
    for (const [key, field] of orderedFields(s, u)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const fu = asUi(u?.[key]);
      if (typeOf(field) === 'object' && field.properties) {
        walk(field, fu, path);
        continue;
      }
      const source = prefillOf(path, field, prefilled);
      if (source)
        out.push({ path, label: field.title ?? key, value: display(field, fu, getAt(data, path)), source });
    }
  };
  walk(schema, ui, '');
  return out;
}

/** Confirmed data from the registry: a definition list with the source beside each value. */
export function ConfirmedData({ fields }: { fields: ConfirmedField[] }) {
  const t = useTexts();
  return (
    <dl className="confirmed">
      {fields.map((c) => (
        <div key={c.path} data-prefilled={c.path}>
          <dt>{c.label}</dt>
          <dd>
            <span className="confirmed-value">{c.value}</span>{' '}
            <span className="confirmed-source">✓ {sourceLabel(t, c.source)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The editable part of the form. `prefilled` (path → source) removes those fields; in counter intake, where
 * nothing is filled yet, `placeholders` shows them as "from the population database" instead.
 */
export function SchemaForm(props: {
  schema: JsonSchema;
  ui: Ui;
  value: Data;
  onChange: (next: Data) => void;
  prefilled?: Record<string, string>;
  placeholders?: boolean;
  disabled?: boolean;
}) {
  const t = useTexts();
  const id = useId();
  const fromRegistry: string[] = [];
  const fields = renderObject(props.schema, props.ui, '', props.schema.required ?? []);
  function renderObject(
    schema: JsonSchema,
    ui: Ui | undefined,
    prefix: string,
    required: string[],
  ): ReactNode[] {
    return orderedFields(schema, ui).flatMap(([key, field]) => {
      const path = prefix ? `${prefix}.${key}` : key;
      const fu = asUi(ui?.[key]);
      if (fieldHint(ui, key, 'widget') === 'hidden') return [];
      if (typeOf(field) === 'object' && field.properties) {
        const inner = renderObject(field, fu, path, field.required ?? []);
        if (inner.length === 0) return [];
        return [
          <fieldset key={path} className="fieldset schema-group">
            <legend>{field.title ?? key}</legend>
            {field.description && <p className="hint">{field.description}</p>}
            {inner}
          </fieldset>,
        ];
      }
      const source = prefillOf(path, field, props.prefilled);
      // At the counter only the registry fills fields; e-ID claims (a phone) are the applicant's to give.
      if (source && !(props.placeholders && !source.startsWith('registry.'))) {
        if (props.placeholders) fromRegistry.push(field.title ?? key);
        return [];
      }
      return [
        <Field
          key={path}
          id={`${id}-${path}`}
          path={path}
          field={field}
          ui={fu}
          widget={fieldHint(ui, key, 'widget') as string | undefined}
          help={fieldHint(ui, key, 'help') as string | undefined}
          placeholder={fieldHint(ui, key, 'placeholder') as string | undefined}
          required={required.includes(key)}
          value={getAt(props.value, path)}
          disabled={props.disabled}
          onChange={(v) => props.onChange(setAt(props.value, path, v))}
        />,
      ];
    });
  }
  return (
    <div className="schema-form">
      {fromRegistry.length > 0 && (
        <p className="confirmed-later">
          ✓ {t.filledOnIntake}: {fromRegistry.join(', ')}.
        </p>
      )}
      {fields.length === 0 ? <p className="muted">{t.noFields}</p> : fields}
    </div>
  );
}

function Field(props: {
  id: string;
  path: string;
  field: JsonSchema;
  ui: Ui | undefined;
  widget?: string;
  help?: string;
  placeholder?: string;
  required: boolean;
  value: unknown;
  disabled?: boolean;
  onChange: (value: unknown) => void;
}) {
  const t = useTexts();
  const { id, field, ui, required, value, onChange } = props;
  const label = field.title ?? props.path;
  const help = props.help ?? field.description;
  const helpId = `${id}-help`;
  const { placeholder, widget } = props;
  const type = typeOf(field);
  const common = {
    id,
    name: props.path,
    required,
    disabled: props.disabled,
    'aria-describedby': help ? helpId : undefined,
  };
  const labelNode = (
    <label htmlFor={id}>
      {label}
      {!required && <span className="muted"> ({t.optional})</span>}
    </label>
  );
  const helpNode = help && (
    <p id={helpId} className="hint">
      {help}
    </p>
  );

  if (type === 'boolean') {
    return (
      <div className="field field-check">
        <label htmlFor={id} className="check">
          <input
            {...common}
            type="checkbox"
            required={false}
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
          />{' '}
          {label}
        </label>
        {helpNode}
      </div>
    );
  }
  if (widget === 'commune') {
    return (
      <div className="field">
        {labelNode}
        {helpNode}
        <CommuneSelect {...common} value={typeof value === 'string' ? value : ''} onChange={onChange} />
      </div>
    );
  }
  if (field.enum || field.oneOf) {
    const options = optionsOf(field, ui);
    if (widget === 'radio' || (options.length <= 3 && widget !== 'select')) {
      return (
        <fieldset className="fieldset schema-radios" aria-describedby={help ? helpId : undefined}>
          <legend>
            {label}
            {!required && <span className="muted"> ({t.optional})</span>}
          </legend>
          {helpNode}
          {options.map((o) => (
            <label key={o.value} className="check">
              <input
                type="radio"
                name={`${id}-radio`}
                value={o.value}
                required={required}
                disabled={props.disabled}
                checked={String(value ?? '') === o.value}
                onChange={() => onChange(type === 'integer' || type === 'number' ? Number(o.value) : o.value)}
              />{' '}
              {o.label}
            </label>
          ))}
        </fieldset>
      );
    }
    return (
      <div className="field">
        {labelNode}
        {helpNode}
        <select
          {...common}
          value={value === undefined ? '' : String(value)}
          onChange={(e) =>
            onChange(
              e.target.value === ''
                ? undefined
                : type === 'integer' || type === 'number'
                  ? Number(e.target.value)
                  : e.target.value,
            )
          }
        >
          <option value="">{t.choose}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  if (type === 'number' || type === 'integer') {
    return (
      <div className="field">
        {labelNode}
        {helpNode}
        <input
          {...common}
          type="number"
          inputMode={type === 'integer' ? 'numeric' : 'decimal'}
          step={type === 'integer' ? 1 : 'any'}
          min={field.minimum}
          max={field.maximum}
          placeholder={placeholder}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      </div>
    );
  }
  if (widget === 'textarea' || (field.maxLength ?? 0) > 300) {
    return (
      <div className="field">
        {labelNode}
        {helpNode}
        <textarea
          {...common}
          rows={3}
          minLength={field.minLength}
          maxLength={field.maxLength}
          placeholder={placeholder}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
    );
  }
  const inputType =
    field.format === 'date' || widget === 'date'
      ? 'date'
      : field.format === 'email'
        ? 'email'
        : field.format === 'tel' || widget === 'tel'
          ? 'tel'
          : 'text';
  return (
    <div className="field">
      {labelNode}
      {helpNode}
      <input
        {...common}
        type={inputType}
        minLength={field.minLength}
        maxLength={field.maxLength}
        pattern={field.pattern}
        placeholder={placeholder}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** The communes of the province (their People's Committees in the catalogue), for a `commune` widget. */
function CommuneSelect(props: {
  id: string;
  name: string;
  required: boolean;
  disabled?: boolean;
  'aria-describedby'?: string;
  value: string;
  onChange: (value: unknown) => void;
}) {
  const t = useTexts();
  const { value, onChange, ...rest } = props;
  const agencies = useApi<{ items: Agency[] } | Agency[]>('/api/v1/agencies?level=commune&limit=500');
  const communes = (itemsOf(agencies.data) ?? []).filter((a) => a.communeCode);
  if (agencies.problem)
    return (
      <input
        {...rest}
        inputMode="numeric"
        pattern="[0-9]{5}"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{agencies.loading ? t.loading : t.choose}</option>
      {communes.map((a) => (
        <option key={a.code} value={a.communeCode ?? ''}>
          {a.name.replace(/^Ủy ban nhân dân /i, '')}
        </option>
      ))}
    </select>
  );
}

/** Values the schema gives defaults for and the data lacks (top level), or null when nothing is missing. */
export function withDefaults(schema: JsonSchema, data: Data): Data | null {
  let next: Data | null = null;
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    if (field.default !== undefined && data[key] === undefined && !field['x-prefill']) {
      next = { ...(next ?? data), [key]: field.default };
    }
  }
  return next;
}

/** Every field of the form, read-only: the officer's and the citizen's view of a filed dossier. */
export function SchemaView({
  schema,
  ui,
  data,
  prefilled,
}: {
  schema: JsonSchema;
  ui: Ui;
  data: Data;
  prefilled?: Record<string, string>;
}) {
  const t = useTexts();
  const display = useDisplay();
  const rows: ReactNode[] = [];
  const walk = (s: JsonSchema, u: Ui | undefined, prefix: string) => {
    for (const [key, field] of orderedFields(s, u)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const fu = asUi(u?.[key]);
      if (typeOf(field) === 'object' && field.properties) {
        walk(field, fu, path);
        continue;
      }
      const source = prefilled ? prefillOf(path, field, prefilled) : undefined;
      rows.push(
        <div key={path}>
          <dt>{field.title ?? key}</dt>
          <dd>
            {display(field, fu, getAt(data, path))}
            {source && <span className="confirmed-source"> ✓ {sourceLabel(t, source)}</span>}
          </dd>
        </div>,
      );
    }
  };
  walk(schema, ui, '');
  return <dl className="facts facts-wide schema-view">{rows}</dl>;
}
