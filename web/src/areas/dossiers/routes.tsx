import './dossiers.css';
import { Route } from 'react-router';
import { ApplyPage } from './Apply.tsx';
import { MyDossier, MyDossiers } from './MyDossiers.tsx';
import { Wallet } from './Wallet.tsx';

// Routes of the public-services pages, spliced into the areas' route lists (one line in each area); one
// file per area so a citizen's phone loads neither the back office nor the statistics.

/** Citizen area: apply online (reached from a procedure's page), "my dossiers" and the document wallet. */
export const citizenDossierRoutes = (
  <>
    <Route path="services/:code/apply" element={<ApplyPage />} />
    <Route path="applications" element={<MyDossiers />} />
    <Route path="applications/:id" element={<MyDossier />} />
    <Route path="wallet" element={<Wallet />} />
  </>
);
