import './officer/locales/index.ts';
import { Route } from 'react-router';
import { AreaRoutes } from './AreaRoutes.tsx';
import { ActivationStats } from './admin/ActivationStats.tsx';
import { ExchangeDashboard } from './admin/ExchangeDashboard.tsx';
import { useAdminTexts } from './admin/texts.ts';
import { RequireOfficer, SessionBar, SessionProvider } from './officer/session.tsx';

export default function AdminArea() {
  return (
    <SessionProvider>
      <AreaRoutes area="admin" header={<SessionBar />}>
        <Route path="activations" element={<Activations />} />
        <Route path="integrations" element={<Exchange />} />
      </AreaRoutes>
    </SessionProvider>
  );
}

function Activations() {
  const t = useAdminTexts();
  return (
    <RequireOfficer title={t.title}>{(officer) => <ActivationStats officer={officer} />}</RequireOfficer>
  );
}

function Exchange() {
  return <RequireOfficer title="LGSP">{() => <ExchangeDashboard />}</RequireOfficer>;
}
