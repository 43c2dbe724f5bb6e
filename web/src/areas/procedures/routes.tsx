import { Route } from 'react-router';
import { RequireOfficer } from '../officer/session.tsx';
import { CatalogueAdmin } from './CatalogueAdmin.tsx';
import { ProcedureEditor } from './ProcedureEditor.tsx';
import { ServicePage } from './ServicePage.tsx';
import { ServiceSearch } from './ServiceSearch.tsx';
import { useProcedureTexts } from './texts.ts';

/** Citizen section `services`: search and procedure pages (the apply flow at services/:code/apply is W's). */
export const citizenProcedureRoutes = [
  <Route key="services" path="services" element={<ServiceSearch />} />,
  <Route key="services-code" path="services/:code" element={<ServicePage />} />,
];

function AdminOnly({ page }: { page: 'list' | 'editor' }) {
  const t = useProcedureTexts();
  return (
    <RequireOfficer title={t.adminTitle}>
      {() => (page === 'list' ? <CatalogueAdmin /> : <ProcedureEditor />)}
    </RequireOfficer>
  );
}

/** Administration section `procedures`: the catalogue, the draft editor and the version history. */
export const adminProcedureRoutes = [
  <Route key="procedures" path="procedures" element={<AdminOnly page="list" />} />,
  <Route key="procedures-code" path="procedures/:code" element={<AdminOnly page="editor" />} />,
];
