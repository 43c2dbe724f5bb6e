import { AreaRoutes } from './AreaRoutes.tsx';
import { citizenDossierRoutes } from './dossiers/routes.tsx';
import { citizenProcedureRoutes } from './procedures/routes.tsx';

export default function CitizenArea() {
  return (
    <AreaRoutes area="citizen">
      {citizenProcedureRoutes}
      {citizenDossierRoutes}
    </AreaRoutes>
  );
}
