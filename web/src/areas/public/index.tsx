import { Route } from 'react-router';
import { AreaRoutes } from '../AreaRoutes.tsx';
import { publicDossierRoutes } from '../dossiers/publicRoutes.tsx';
import { AdminUnitDetail } from './AdminUnitDetail.tsx';
import { AdminUnitSearch } from './AdminUnitSearch.tsx';
import { Traceability } from './Traceability.tsx';

export default function PublicArea() {
  return (
    <AreaRoutes area="public">
      <Route path="admin-units" element={<AdminUnitSearch />} />
      <Route path="admin-units/:code" element={<AdminUnitDetail />} />
      <Route path="traceability" element={<Traceability />} />
      {publicDossierRoutes}
    </AreaRoutes>
  );
}
