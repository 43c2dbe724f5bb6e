import './officer/locales/index.ts';
import { useTranslation } from 'react-i18next';
import { Route } from 'react-router';
import { AreaRoutes } from './AreaRoutes.tsx';
import { ActivationStats } from './admin/ActivationStats.tsx';
import { Clients } from './admin/Clients.tsx';
import { EidAccounts } from './admin/EidAccounts.tsx';
import { ExchangeDashboard } from './admin/ExchangeDashboard.tsx';
import { useAdminTexts } from './admin/texts.ts';
import { RequireOfficer, SessionBar, SessionProvider } from './officer/session.tsx';
import { adminProcedureRoutes } from './procedures/routes.tsx';

export default function AdminArea() {
  return (
    <SessionProvider>
      <AreaRoutes area="admin" header={<SessionBar />}>
        <Route path="activations" element={<Activations />} />
        {adminProcedureRoutes}
        <Route path="integrations" element={<Exchange />} />
        <Route path="sign-on" element={<SignOn />} />
        <Route path="accounts" element={<Accounts />} />
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

function SignOn() {
  const { t } = useTranslation();
  return <RequireOfficer title={t('sections.sign-on.title')}>{() => <Clients />}</RequireOfficer>;
}

function Exchange() {
  return <RequireOfficer title="LGSP">{() => <ExchangeDashboard />}</RequireOfficer>;
}

function Accounts() {
  const { t } = useTranslation();
  return <RequireOfficer title={t('sections.accounts.title')}>{() => <EidAccounts />}</RequireOfficer>;
}
