import '../business/trace.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../components/Page.tsx';
import { QrScanner } from '../../components/QrScanner.tsx';
import { useTexts } from '../business/texts.ts';

const DEMO_CODES = [
  ['Nem chua Thanh Hóa', '/01/08936012000016/10/NC2501'],
  ['Nước mắm Ba Làng', '/01/08936023000012/10/BL2509'],
  ['Bưởi Luận Văn', '/01/08936034000018/21/LV0002'],
] as const;

/**
 * The public entry to traceability: scan a product's QR code (or type it) and go to its consumer page,
 * which the server renders at the Digital Link URI itself. Only codes of this platform are followed.
 */
export function Traceability() {
  const t = useTexts();
  const { i18n } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const open = (value: string) => {
    let url: URL;
    try {
      url = new URL(value.trim(), window.location.origin);
    } catch {
      setError(t.codeHint);
      return;
    }
    // A code printed for this platform opens here; any other site's code is not followed blindly.
    if (url.origin !== window.location.origin && !/^\/(01|gtin)\//.test(url.pathname)) {
      setError(t.codeHint);
      return;
    }
    url.searchParams.set('lang', i18n.resolvedLanguage === 'en' ? 'en' : 'vi');
    window.location.assign(`${url.pathname}${url.search}`);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    open(code);
  };
  return (
    <Page title={t.scanTitle}>
      <p className="lead">{t.scanLead}</p>
      <QrScanner
        onCode={open}
        labels={{
          start: t.startCamera,
          stop: t.stopCamera,
          denied: t.denied,
          unavailable: t.unavailable,
          scanning: t.scanning,
        }}
      />
      <form className="search-form" onSubmit={onSubmit}>
        <div className="field field-grow">
          <label htmlFor="t-code">{t.code}</label>
          <input
            id="t-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-describedby="t-hint"
            autoComplete="off"
          />
          <p id="t-hint" className="hint">
            {error || t.codeHint}
          </p>
        </div>
        <button type="submit" className="button">
          {t.go}
        </button>
      </form>
      <h2>{t.demo}</h2>
      <ul>
        {DEMO_CODES.map(([name, path]) => (
          <li key={path}>
            <a href={path}>{name}</a> <span className="mono muted">{path}</span>
          </li>
        ))}
      </ul>
    </Page>
  );
}
