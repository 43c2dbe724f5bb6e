import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, Route, Routes } from 'react-router';
import { type AreaId, READY_SECTIONS, SECTIONS, type SectionId } from '../areas.ts';
import { Page } from '../components/Page.tsx';
import { NotFound } from '../pages/NotFound.tsx';

/**
 * Routes of one area, below `/<area>/`: an overview, one page per section and a 404.
 * Sections listed in READY_SECTIONS get their routes from `children`; the others say they are coming.
 * `header` is shown in the area bar, beside the area's name (the officer area shows who is signed in).
 */
export function AreaRoutes({
  area,
  header,
  children,
}: {
  area: AreaId;
  header?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Routes>
      <Route element={<AreaLayout area={area} header={header} />}>
        <Route index element={<AreaHome area={area} />} />
        {children}
        {SECTIONS[area]
          .filter((section) => !READY_SECTIONS.includes(section))
          .map((section) => (
            <Route key={section} path={section} element={<ComingSoon area={area} section={section} />} />
          ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function AreaLayout({ area, header }: { area: AreaId; header?: ReactNode }) {
  const { t } = useTranslation();
  const name = t(`areas.${area}.name`);
  return (
    <>
      <div className="area-bar">
        <div className="container">
          <div className="area-head">
            <p className="area-name">{name}</p>
            {header}
          </div>
          <nav aria-label={t('area.sectionsNav', { area: name })}>
            <ul className="area-nav">
              <li>
                <NavLink to={`/${area}`} end>
                  {t('area.overview')}
                </NavLink>
              </li>
              {SECTIONS[area].map((section) => (
                <li key={section}>
                  <NavLink to={`/${area}/${section}`}>{t(`sections.${section}.title`)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </div>
      <Outlet />
    </>
  );
}

function AreaHome({ area }: { area: AreaId }) {
  const { t } = useTranslation();
  return (
    <Page title={t(`areas.${area}.name`)}>
      <p className="lead">{t(`areas.${area}.description`)}</p>
      <h2>{t('area.sectionsHeading')}</h2>
      <ul className="cards">
        {SECTIONS[area].map((section) => (
          <li key={section} className="card">
            <h3>
              <Link to={`/${area}/${section}`}>{t(`sections.${section}.title`)}</Link>
            </h3>
            <p>{t(`sections.${section}.description`)}</p>
            {READY_SECTIONS.includes(section) ? (
              <p className="badge badge-ready">{t('area.ready')}</p>
            ) : (
              <p className="badge">{t('area.comingSoon')}</p>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function ComingSoon({ area, section }: { area: AreaId; section: SectionId }) {
  const { t } = useTranslation();
  return (
    <Page title={t(`sections.${section}.title`)}>
      <p className="lead">{t(`sections.${section}.description`)}</p>
      <div className="note">
        <p className="badge">{t('area.comingSoon')}</p>
        <p>{t('area.comingSoonText')}</p>
      </div>
      <p>
        <Link to={`/${area}`}>{t('area.backToArea', { area: t(`areas.${area}.name`) })}</Link>
      </p>
    </Page>
  );
}
