import './dossiers.css';
import type { ReactNode } from 'react';
import { Route } from 'react-router';
import type { Officer } from '../officer/registry.ts';
import { RequireOfficer } from '../officer/session.tsx';
import { CasePage, CaseQueue } from './Cases.tsx';
import { CounterIntake } from './CounterIntake.tsx';
import { FeedbackInbox } from './Feedback.tsx';
import { useTexts } from './texts.ts';

/** Officer area: the one-stop queue, a dossier, counter intake, and citizens' feedback. */
export const officerDossierRoutes = (
  <>
    <Route path="cases" element={<Signed>{(officer) => <CaseQueue officer={officer} />}</Signed>} />
    <Route path="cases/new" element={<Signed>{() => <CounterIntake />}</Signed>} />
    <Route path="cases/:id" element={<Signed>{(officer) => <CasePage officer={officer} />}</Signed>} />
    <Route path="feedback" element={<Signed>{() => <FeedbackInbox />}</Signed>} />
  </>
);

function Signed({ children }: { children: (officer: Officer) => ReactNode }) {
  const t = useTexts();
  return <RequireOfficer title={t.caseTitle}>{children}</RequireOfficer>;
}
