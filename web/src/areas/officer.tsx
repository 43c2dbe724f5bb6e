import './officer/locales/index.ts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route } from 'react-router';
import { AreaRoutes } from './AreaRoutes.tsx';
import { officerDossierRoutes } from './dossiers/officerRoutes.tsx';
import { ChangePage } from './officer/ChangeForms.tsx';
import { HouseholdChangePage } from './officer/HouseholdForms.tsx';
import { HouseholdPage } from './officer/HouseholdPage.tsx';
import { ResidentFiles } from './officer/ResidentFiles.tsx';
import { ResidentPage } from './officer/ResidentPage.tsx';
import { ResidentSearch } from './officer/ResidentSearch.tsx';
import type { Officer } from './officer/registry.ts';
import { RequireOfficer, SessionBar, SessionProvider } from './officer/session.tsx';

export default function OfficerArea() {
  return (
    <SessionProvider>
      <AreaRoutes area="officer" header={<SessionBar />}>
        <Route
          path="residents"
          element={<Signed>{(officer) => <ResidentSearch officer={officer} />}</Signed>}
        />
        <Route
          path="residents/files"
          element={<Signed>{(officer) => <ResidentFiles officer={officer} />}</Signed>}
        />
        <Route
          path="residents/households/:number"
          element={<Signed>{(officer) => <HouseholdPage officer={officer} />}</Signed>}
        />
        <Route
          path="residents/households/:number/:action"
          element={<Signed>{(officer) => <HouseholdChangePage officer={officer} />}</Signed>}
        />
        <Route
          path="residents/:personalId"
          element={<Signed>{(officer) => <ResidentPage officer={officer} />}</Signed>}
        />
        <Route
          path="residents/:personalId/:action"
          element={<Signed>{(officer) => <ChangePage officer={officer} />}</Signed>}
        />
        {officerDossierRoutes}
      </AreaRoutes>
    </SessionProvider>
  );
}

function Signed({ children }: { children: (officer: Officer) => ReactNode }) {
  const { t } = useTranslation();
  return <RequireOfficer title={t('sections.residents.title')}>{children}</RequireOfficer>;
}
