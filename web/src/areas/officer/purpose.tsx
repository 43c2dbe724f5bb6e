import { type FormEvent, type ReactNode, useId, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The officer's stated purpose of access (Law 91/2025/QH15: every view of personal data is recorded with its
 * purpose). Asked once per browser session, kept in sessionStorage, sent with every registry read.
 */
const KEY = 'citizen-stack.officer.purpose';
export const MIN_PURPOSE = 10;

const listeners = new Set<() => void>();
let memory: string | null = null; // when sessionStorage is unavailable

function read(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return memory;
  }
}

function write(value: string | null): void {
  memory = value;
  try {
    if (value === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, value);
  } catch {
    // kept in memory for this page only
  }
  for (const listener of listeners) listener();
}

export const setPurpose = (value: string) => write(value);
export const clearPurpose = () => write(null);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePurpose(): string | null {
  return useSyncExternalStore(subscribe, read, () => null);
}

/** The form asking for the purpose; `initial` when changing a purpose already given. */
export function PurposeForm({ initial = '', onDone }: { initial?: string; onDone?: () => void }) {
  const { t } = useTranslation('officer');
  const [text, setText] = useState(initial);
  const [error, setError] = useState('');
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const headingId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim().normalize('NFC');
    if (value.length < MIN_PURPOSE) {
      setError(t('purpose.tooShort', { min: MIN_PURPOSE }));
      document.getElementById(inputId)?.focus();
      return;
    }
    setError('');
    setPurpose(value);
    onDone?.();
  };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('purpose.heading')}</h2>
      <p>{t('purpose.explain')}</p>
      <form onSubmit={submit} noValidate className="stack">
        <div className="field">
          <label htmlFor={inputId}>{t('purpose.label')}</label>
          <p id={hintId} className="hint">
            {t('purpose.hint', { min: MIN_PURPOSE })}
          </p>
          <input
            id={inputId}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            aria-invalid={error ? true : undefined}
            required
            minLength={MIN_PURPOSE}
            maxLength={300}
            autoComplete="off"
          />
          <p id={errorId} className="field-error" aria-live="polite">
            {error}
          </p>
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t('purpose.save')}
          </button>
          {onDone && initial && (
            <button type="button" className="button button-secondary" onClick={onDone}>
              {t('purpose.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** The purpose in force, with a "change" control; asks for one when none is set. Children render once it is. */
export function PurposeGate({ children }: { children: (purpose: string) => ReactNode }) {
  const purpose = usePurpose();
  if (!purpose) return <PurposeForm />;
  return (
    <>
      <PurposeLine purpose={purpose} />
      {children(purpose)}
    </>
  );
}

/** "Purpose of access: …  [change]"; changing opens the form in place. */
export function PurposeLine({ purpose }: { purpose: string }) {
  const { t } = useTranslation('officer');
  const [editing, setEditing] = useState(false);
  if (editing) return <PurposeForm initial={purpose} onDone={() => setEditing(false)} />;
  return (
    <p className="purpose-line">
      <span className="muted">{t('purpose.current')}</span> <q>{purpose}</q>{' '}
      <button type="button" className="link-button" onClick={() => setEditing(true)}>
        {t('purpose.change')}
      </button>
    </p>
  );
}
