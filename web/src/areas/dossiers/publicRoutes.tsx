import './dossiers.css';
import { Route } from 'react-router';
import { DossierLookup } from './Lookup.tsx';
import { ServiceIndicators } from './Statistics.tsx';

/** Public area: look a dossier up by receipt code; statistics and the Decision 766 indicators. */
export const publicDossierRoutes = (
  <>
    <Route path="dossier-lookup" element={<DossierLookup />} />
    <Route path="service-indicators" element={<ServiceIndicators />} />
  </>
);
