import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AREA_IDS } from '../areas.ts';
import { Page } from '../components/Page.tsx';

export function Home() {
  const { t } = useTranslation();
  return (
    <Page title={t('home.title')}>
      <p className="lead">{t('home.lead')}</p>
      <p>{t('home.body')}</p>
      <p className="note">{t('home.status')}</p>

      <h2>{t('home.areasHeading')}</h2>
      <ul className="cards">
        {AREA_IDS.map((area) => (
          <li key={area} className="card">
            <h3>
              <Link to={`/${area}`}>{t(`areas.${area}.name`)}</Link>
            </h3>
            <p>{t(`areas.${area}.description`)}</p>
          </li>
        ))}
      </ul>

      <h2>{t('home.developersHeading')}</h2>
      <p>{t('home.developersText')}</p>
      <p>
        <a href="/docs">{t('home.apiLink')}</a>
      </p>
    </Page>
  );
}
