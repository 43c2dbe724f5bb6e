import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type CommuneOption, communeLabel, useCommune } from './format.ts';
import type { Address, LifeStatus } from './registry.ts';

/** "Số 12 Lê Lợi, Phường Hàm Rồng, Thanh Hóa"; pre-2025 addresses say so and name today's commune. */
export function AddressText({ address }: { address: Address | null | undefined }) {
  const { t } = useTranslation('officer');
  const commune = useCommune(address);
  if (!address) return <span className="muted">{t('common.none')}</span>;
  let place: string;
  if (commune) place = communeLabel(commune);
  else if (commune === null) place = t('address.unknownCommune', { code: address.commune });
  else place = t('address.communeCode', { code: address.commune });
  const successors = commune?.successors ?? [];
  return (
    <span className="address">
      {address.street && <>{address.street}, </>}
      {place}
      {address.version === 'pre2025' && (
        <>
          {' '}
          <span className="badge badge-info">{t('address.pre2025')}</span>
          {successors.length > 0 && (
            <span className="address-now muted">
              {t('address.nowIn', { names: successors.map((s) => s.fullName).join(', ') })}
            </span>
          )}
        </>
      )}
    </span>
  );
}

/** Only the commune name, for lists. */
export function CommuneName({ address }: { address: Address }) {
  const commune = useCommune(address);
  return <>{commune ? commune.fullName : address.commune}</>;
}

export function LifeStatusBadge({ status }: { status: LifeStatus }) {
  const { t } = useTranslation('officer');
  if (status === 'alive') return null;
  return <span className={`badge badge-${status}`}>{t(`lifeStatus.${status}`)}</span>;
}

/** A 2025 commune chosen from a province's list (loading shown in the empty option). */
export function CommuneSelect(props: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  communes: { items?: CommuneOption[] };
  error?: string;
}) {
  const { t } = useTranslation('officer');
  const id = useId();
  const errorId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
      >
        <option value="">
          {props.communes.items ? t('forms.residence.chooseCommune') : t('common.loading')}
        </option>
        {props.communes.items?.map((c) => (
          <option key={c.code} value={c.code}>
            {c.fullName}
          </option>
        ))}
      </select>
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
