import './business/trace.css';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route } from 'react-router';
import { Page } from '../components/Page.tsx';
import { AreaRoutes } from './AreaRoutes.tsx';
import { MyBusiness } from './business/MyBusiness.tsx';
import { Products } from './business/Products.tsx';
import { Recalls } from './business/Recalls.tsx';
import { Receiving } from './business/Receiving.tsx';
import { Registry } from './business/Registry.tsx';
import { SupplyChain } from './business/SupplyChain.tsx';
import { BusinessBar, BusinessProvider, RequireBusiness, RequireSignedIn } from './business/session.tsx';
import type { Membership } from './business/trace.ts';

export default function BusinessArea() {
  return (
    <BusinessProvider>
      <AreaRoutes area="business" header={<BusinessBar />}>
        <Route
          path="my-business"
          element={<Section id="my-business">{(b) => <MyBusiness business={b} />}</Section>}
        />
        <Route path="business-registry" element={<RegistrySection />} />
        <Route
          path="products"
          element={<Section id="products">{(b) => <Products business={b} />}</Section>}
        />
        <Route
          path="supply-chain"
          element={<Section id="supply-chain">{(b) => <SupplyChain business={b} />}</Section>}
        />
        <Route
          path="receiving"
          element={<Section id="receiving">{(b) => <Receiving business={b} />}</Section>}
        />
        <Route path="recalls" element={<Section id="recalls">{(b) => <Recalls business={b} />}</Section>} />
      </AreaRoutes>
    </BusinessProvider>
  );
}

function Section({
  id,
  children,
}: {
  id: 'my-business' | 'products' | 'supply-chain' | 'receiving' | 'recalls';
  children: (b: Membership) => ReactNode;
}) {
  const { t } = useTranslation();
  const title = t(`sections.${id}.title`);
  return (
    <RequireBusiness title={title}>
      {(business) => <Page title={title}>{children(business)}</Page>}
    </RequireBusiness>
  );
}

/** The registry is for the province authority, who need not be a member of any business. */
function RegistrySection() {
  const { t } = useTranslation();
  const title = t('sections.business-registry.title');
  return (
    <RequireSignedIn title={title}>
      {(me) => (
        <Page title={title}>
          <Registry me={me} />
        </Page>
      )}
    </RequireSignedIn>
  );
}
