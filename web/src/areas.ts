// The five areas of the app and their sections; a section's id is its URL segment and its translation key.
export const SECTIONS = {
  citizen: ['services', 'applications', 'wallet', 'payments'],
  officer: ['residents', 'cases', 'feedback', 'reports'],
  business: ['my-business', 'products', 'supply-chain', 'receiving', 'recalls', 'business-registry'],
  admin: ['activations', 'procedures', 'integrations', 'sign-on', 'accounts', 'audit-log'],
  public: ['admin-units', 'traceability', 'dossier-lookup', 'service-indicators'],
} as const;

export type AreaId = keyof typeof SECTIONS;
export type SectionId = (typeof SECTIONS)[AreaId][number];

export const AREA_IDS = Object.keys(SECTIONS) as AreaId[];

// Sections that already work; every other section shows a "coming soon" page.
export const READY_SECTIONS: readonly SectionId[] = [
  'admin-units',
  'residents',
  'my-business',
  'products',
  'supply-chain',
  'receiving',
  'recalls',
  'business-registry',
  'traceability',
  'activations',
  'integrations',
  'sign-on',
  'accounts',
  'services',
  'procedures',
  'applications',
  'wallet',
  'cases',
  'feedback',
  'dossier-lookup',
  'service-indicators',
];
