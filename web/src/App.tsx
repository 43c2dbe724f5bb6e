import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes, useLocation } from 'react-router';
import { AREA_IDS, type AreaId } from './areas.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Main } from './components/Page.tsx';
import { LANGUAGE_NAMES, LANGUAGES, setLanguage } from './i18n.ts';
import { Home } from './pages/Home.tsx';
import { NotFound } from './pages/NotFound.tsx';

// Each area is its own chunk, fetched on first visit, so the home page loads only what it shows.
const AREA_PAGES: Record<AreaId, LazyExoticComponent<ComponentType>> = {
  citizen: lazy(() => import('./areas/citizen.tsx')),
  officer: lazy(() => import('./areas/officer.tsx')),
  business: lazy(() => import('./areas/business.tsx')),
  admin: lazy(() => import('./areas/admin.tsx')),
  public: lazy(() => import('./areas/public/index.tsx')),
};

// Sign-in, registration and the account page: one chunk, loaded only on those pages.
const identity = () => import('./areas/identity/index.tsx');
const IDENTITY_PAGES = {
  'oidc/interaction/:uid': lazy(() => identity().then((m) => ({ default: m.SignIn }))),
  register: lazy(() => identity().then((m) => ({ default: m.Register }))),
  account: lazy(() => identity().then((m) => ({ default: m.Account }))),
  'password-reset': lazy(() => identity().then((m) => ({ default: m.ResetPassword }))),
  'dev/inbox': lazy(() => identity().then((m) => ({ default: m.DevInbox }))),
};

export function App() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="container header-top">
          <Link to="/" className="brand">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </Link>
          <LanguageSwitch />
        </div>
        <nav className="areas-nav" aria-label={t('app.areasNav')}>
          <ul className="container">
            {AREA_IDS.map((area) => (
              <li key={area}>
                <NavLink to={`/${area}`}>{t(`areas.${area}.name`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <ErrorBoundary resetKey={pathname}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route index element={<Home />} />
            {AREA_IDS.map((area) => {
              const AreaPage = AREA_PAGES[area];
              return <Route key={area} path={`${area}/*`} element={<AreaPage />} />;
            })}
            {Object.entries(IDENTITY_PAGES).map(([path, IdentityPage]) => (
              <Route key={path} path={path} element={<IdentityPage />} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </ErrorBoundary>
      <footer className="site-footer">
        <div className="container footer-inner">
          <p>{t('footer.openSource')}</p>
          <nav aria-label={t('footer.nav')}>
            <ul>
              <li>
                <Link to="/">{t('footer.home')}</Link>
              </li>
              <li>
                {/* Served by the API server, outside the SPA: a full page load, not a router link. */}
                <a href="/docs">{t('footer.api')}</a>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t('app.language')}</legend>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          aria-pressed={i18n.resolvedLanguage === lng}
          onClick={() => setLanguage(lng)}
        >
          {LANGUAGE_NAMES[lng]}
        </button>
      ))}
    </fieldset>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <Main>
      <p role="status">{t('app.loading')}</p>
    </Main>
  );
}
