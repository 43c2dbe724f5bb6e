import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate, formatDateTime } from './format.ts';
import { AddressText } from './parts.tsx';
import {
  type Address,
  EVENT_TYPES,
  type EventType,
  FIELD_NAMES,
  type FieldName,
  type Items,
  REGISTRY,
  type RegistryEvent,
  withQuery,
} from './registry.ts';
import { useSessionExpiry } from './session.tsx';

/** The resident's events, newest first: what happened, when, on which legal basis, by whom, what changed. */
export function Timeline({ personalId, purpose }: { personalId: string; purpose: string }) {
  const { t } = useTranslation('officer');
  const headingId = useId();
  const timeline = useApi<Items<RegistryEvent>>(
    withQuery(`${REGISTRY}/residents/${encodeURIComponent(personalId)}/timeline`, { purpose }),
  );
  useSessionExpiry(timeline.problem);
  const events = [...(timeline.data?.items ?? [])].sort(
    (a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.recordedAt.localeCompare(a.recordedAt),
  );

  return (
    <section aria-labelledby={headingId} className="record-section">
      <h2 id={headingId}>{t('timeline.heading')}</h2>
      {timeline.loading && <p role="status">{t('common.loading')}</p>}
      {timeline.problem && <ProblemAlert problem={timeline.problem} />}
      {timeline.data && events.length === 0 && <p>{t('timeline.empty')}</p>}
      {events.length > 0 && (
        <ol className="timeline">
          {events.map((event) => (
            <li key={event.id}>
              <h3>
                <span className="timeline-date">{formatDate(event.effectiveDate)}</span>{' '}
                {eventLabel(t, event.type)}
              </h3>
              <dl className="event-facts">
                <div>
                  <dt>{t('timeline.legalBasis')}</dt>
                  <dd>{event.legalBasis}</dd>
                </div>
                {event.reason && (
                  <div>
                    <dt>{t('timeline.reason')}</dt>
                    <dd>{event.reason}</dd>
                  </div>
                )}
                {event.relatedPerson && (
                  <div>
                    <dt>{t('timeline.relatedPerson')}</dt>
                    <dd>
                      <Link to={`/officer/residents/${event.relatedPerson}`} className="mono">
                        {event.relatedPerson}
                      </Link>
                    </dd>
                  </div>
                )}
                <div>
                  <dt>{t('timeline.recorded')}</dt>
                  <dd>
                    {t('timeline.recordedBy', {
                      at: formatDateTime(event.recordedAt),
                      actor: actorLabel(t, event),
                    })}
                  </dd>
                </div>
                {event.changed.length > 0 && (
                  <div>
                    <dt>{t('timeline.changed')}</dt>
                    <dd>
                      <Collapsible count={event.changed.length}>
                        <ul className="changes">
                          {ordered(event.changed).map((field) => (
                            <li key={field}>
                              {fieldLabel(t, field)}
                              {field in event.changes && (
                                <>
                                  : <ChangeValue field={field} value={event.changes[field]} />
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      </Collapsible>
                    </dd>
                  </div>
                )}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Long lists (a first registration sets every attribute) fold away behind their count. */
function Collapsible({ count, children }: { count: number; children: ReactNode }) {
  const { t } = useTranslation('officer');
  if (count <= 4) return <>{children}</>;
  return (
    <details>
      <summary>{t('timeline.showChanges', { count })}</summary>
      {children}
    </details>
  );
}

/** Fields in the order of the record page; unknown ones last. */
function ordered(fields: string[]): string[] {
  const rank = (f: string) => {
    const i = (FIELD_NAMES as readonly string[]).indexOf(f);
    return i < 0 ? FIELD_NAMES.length : i;
  };
  return [...fields].sort((a, b) => rank(a) - rank(b));
}

type T = ReturnType<typeof useTranslation<'officer'>>['t'];

export function eventLabel(t: T, type: string): string {
  return (EVENT_TYPES as readonly string[]).includes(type) ? t(`events.${type as EventType}`) : type;
}

/** Who recorded an event: the officer's name, or what the system actor stands for. */
export function actorLabel(t: T, event: Pick<RegistryEvent, 'actor' | 'actorName'>): string {
  if (event.actorName) return event.actorName;
  const known = {
    'system:import': 'import',
    'system:synthetic': 'synthetic',
    'system:demo-seed': 'demo',
    cli: 'cli',
    'system:cli': 'cli',
  } as const;
  const key = known[event.actor as keyof typeof known];
  return key ? t(`timeline.actors.${key}`) : event.actor;
}

export function fieldLabel(t: T, field: string): string {
  return (FIELD_NAMES as readonly string[]).includes(field) ? t(`fields.${field as FieldName}`) : field;
}

function isAddress(value: unknown): value is Address {
  return typeof value === 'object' && value !== null && 'commune' in value && 'version' in value;
}

/** A changed value as officers read it: dates dd/mm/yyyy, addresses with commune names, codes translated. */
function ChangeValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation('officer');
  if (value === null || value === undefined || value === '')
    return <span className="muted">{t('common.none')}</span>;
  if (isAddress(value)) return <AddressText address={value} />;
  if (Array.isArray(value)) return <>{value.join('; ') || t('common.none')}</>;
  if (typeof value === 'object') {
    // idCard
    const card = value as { issuedOn?: string; expiresOn?: string | null; authority?: string };
    return (
      <>
        {[formatDate(card.issuedOn), formatDate(card.expiresOn), card.authority].filter(Boolean).join(' · ')}
      </>
    );
  }
  const text = String(value);
  if (field === 'sex' && (text === 'male' || text === 'female')) return <>{t(`sex.${text}`)}</>;
  if (field === 'lifeStatus' && (text === 'alive' || text === 'deceased' || text === 'missing'))
    return <>{t(`lifeStatus.${text}`)}</>;
  if (field === 'maritalStatus' && ['single', 'married', 'divorced', 'widowed'].includes(text))
    return <>{t(`maritalStatus.${text as 'single'}`)}</>;
  if (/Date$/.test(field) || /^\d{4}(-\d{2}){0,2}$/.test(text)) return <>{formatDate(text)}</>;
  // householdId is internal (the household page takes the household number): shown, not linked.
  if (field === 'householdId') return <span className="mono">{text}</span>;
  return <>{text}</>;
}
