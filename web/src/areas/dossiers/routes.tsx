import './dossiers.css';
import type { ReactNode } from 'react';
import { Route } from 'react-router';
import type { Officer } from '../officer/registry.ts';
import { RequireOfficer } from '../officer/session.tsx';
import { ApplyPage } from './Apply.tsx';
import { CasePage, CaseQueue } from './Cases.tsx';
import { CounterIntake } from './CounterIntake.tsx';
import { DossierLookup } from './Lookup.tsx';
import { MyDossier, MyDossiers } from './MyDossiers.tsx';
import { ServiceIndicators } from './Statistics.tsx';
import { useTexts } from './texts.ts';

// Routes of the public-services pages, spliced into the areas' route lists (one line in each area).

/** Citizen area: apply online (reached from a procedure's page) and "my dossiers". */
export const citizenDossierRoutes = (
  <>
    <Route path="services/:code/apply" element={<ApplyPage />} />
    <Route path="applications" element={<MyDossiers />} />
    <Route path="applications/:id" element={<MyDossier />} />
  </>
);

/** Officer area: the one-stop queue, a dossier, and counter intake. */
export const officerDossierRoutes = (
  <>
    <Route path="cases" element={<Signed>{(officer) => <CaseQueue officer={officer} />}</Signed>} />
    <Route path="cases/new" element={<Signed>{() => <CounterIntake />}</Signed>} />
    <Route path="cases/:id" element={<Signed>{(officer) => <CasePage officer={officer} />}</Signed>} />
  </>
);

/** Public area: look a dossier up by receipt code; statistics and the Decision 766 indicators. */
export const publicDossierRoutes = (
  <>
    <Route path="dossier-lookup" element={<DossierLookup />} />
    <Route path="service-indicators" element={<ServiceIndicators />} />
  </>
);

function Signed({ children }: { children: (officer: Officer) => ReactNode }) {
  const t = useTexts();
  return <RequireOfficer title={t.caseTitle}>{children}</RequireOfficer>;
}
