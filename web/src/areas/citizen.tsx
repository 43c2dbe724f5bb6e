import { AreaRoutes } from './AreaRoutes.tsx';
import { citizenDossierRoutes } from './dossiers/routes.tsx';

export default function CitizenArea() {
  return <AreaRoutes area="citizen">{citizenDossierRoutes}</AreaRoutes>;
}
