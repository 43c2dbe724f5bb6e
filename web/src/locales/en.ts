import type { Messages } from './vi.ts';

export const en: Messages = {
  app: {
    name: 'Citizen Stack',
    tagline: 'Digital-citizen platform',
    skipToContent: 'Skip to main content',
    areasNav: 'Areas',
    language: 'Language',
    loading: 'Loading…',
  },
  footer: {
    openSource: 'Citizen Stack — open source',
    nav: 'Footer links',
    home: 'Home',
    api: 'API reference',
  },
  home: {
    title: 'Open-source digital-citizen platform',
    lead: 'Citizen Stack is an open-source platform that lets a province run its whole digital-citizen ecosystem on one consistent system.',
    body: 'It brings together the population registry, electronic ID and single sign-on, data exchange between agencies (LGSP), online public services with a one-stop back office, a personal document wallet, cashless fee payment with VietQR, and QR-code traceability of goods.',
    status:
      'The platform is under development: online public services with the one-stop back office, e-ID, the population registry, data exchange and traceability already work; VietQR payments and verifiable credentials in the wallet come later.',
    areasHeading: 'Choose an area',
    developersHeading: 'For developers',
    developersText: 'Every feature has an open API, described with OpenAPI.',
    apiLink: 'Read the API reference',
  },
  areas: {
    citizen: {
      name: 'Citizen portal',
      description: 'Apply for public services, follow your applications, keep your documents and pay fees.',
    },
    officer: {
      name: 'One-stop officers',
      description: 'Receive and process applications, and look up population data within your remit.',
    },
    business: {
      name: 'Businesses',
      description: 'Manage products, create traceability QR codes and record supply-chain events.',
    },
    admin: {
      name: 'Administration',
      description: 'Configure procedures, connected systems and accounts, and review the audit log.',
    },
    public: {
      name: 'Public lookup',
      description: 'Look up administrative units and check where goods come from, without signing in.',
    },
  },
  area: {
    overview: 'Overview',
    sectionsNav: '{{area}} sections',
    sectionsHeading: 'Sections',
    comingSoon: 'Coming soon',
    ready: 'Available',
    comingSoonText: 'This feature is being built and will be available soon.',
    backToArea: 'Back to {{area}}',
  },
  sections: {
    services: { title: 'Public services', description: 'Find administrative procedures and apply online.' },
    applications: {
      title: 'My applications',
      description: 'Follow their status, add documents and receive the results.',
    },
    wallet: {
      title: 'Document wallet',
      description: 'Documents and results agencies issued to you, reused when you apply.',
    },
    payments: { title: 'Payments', description: 'Pay fees and charges without cash, using VietQR codes.' },
    residents: {
      title: 'Population lookup',
      description: 'Look up citizen records within your remit; every lookup is logged.',
    },
    cases: {
      title: 'One-stop applications',
      description: 'Receive, assign and process applications, and hand over the results.',
    },
    feedback: {
      title: 'Complaints and suggestions',
      description: "Answer citizens' complaints and suggestions on applications within 15 working days.",
    },
    reports: { title: 'Reports', description: 'Statistics on applications received and resolved.' },
    'my-business': {
      title: 'My business',
      description: 'The business’s record, valid certifications and members.',
    },
    'business-registry': {
      title: 'Business registry',
      description: 'The province authority registers, certifies and suspends businesses.',
    },
    products: {
      title: 'Products & QR codes',
      description: 'Register products and create traceability QR codes.',
    },
    'supply-chain': {
      title: 'Supply-chain events',
      description: 'Record production, transport and distribution steps.',
    },
    receiving: {
      title: 'Receiving check',
      description: 'Scan incoming goods: genuine, expired, recalled or a duplicate serial.',
    },
    recalls: {
      title: 'Recalls',
      description: 'Recall batches and hear of recalls of goods you received.',
    },
    procedures: {
      title: 'Procedures',
      description: 'Manage the catalogue of administrative procedures, workflows and forms.',
    },
    integrations: {
      title: 'Connected systems',
      description: "Agencies' systems exchanging data through the LGSP: services, access rights, traffic.",
    },
    'sign-on': {
      title: 'Single sign-on',
      description: "Services using the platform's OpenID provider: register, review and disable them.",
    },
    activations: {
      title: 'e-ID statistics',
      description: 'Activated e-ID accounts by level, commune and month, against targets.',
    },
    accounts: {
      title: 'e-ID accounts',
      description: "Look up, lock, suspend and reactivate residents' e-ID accounts.",
    },
    'audit-log': {
      title: 'Audit log',
      description: 'See who accessed or changed data, and when.',
    },
    'admin-units': {
      title: 'Administrative unit lookup',
      description:
        'Find communes, wards and special zones by name and see which former units they were formed from.',
    },
    traceability: {
      title: 'Product origin check',
      description: 'Scan or type the QR code on a product to see where it comes from.',
    },
    'dossier-lookup': {
      title: 'Look up an application',
      description: 'Type a receipt code to see the status of an application; no personal data is shown.',
    },
    'service-indicators': {
      title: 'Service indicators',
      description:
        'On-time, online, digitisation and satisfaction rates and the Decision 766 indicators per agency, commune and month.',
    },
  },
  adminUnits: {
    query: 'Commune, ward or special zone name',
    queryHint: 'Type at least 2 characters, with or without Vietnamese accents, e.g. ham rong.',
    province: 'Province or city',
    allProvinces: 'All',
    search: 'Search',
    resultsHeading: 'Results',
    prompt: 'Type a unit name to start searching.',
    searching: 'Searching…',
    found: 'Units found: {{count}}.',
    limited: 'Only the first {{count}} results are shown; type more to narrow down.',
    noResults: 'No matching unit found.',
    code: 'Code',
    type: 'Type',
    nameEn: 'English name',
    detailTitle: 'Administrative unit details',
    backToSearch: 'Back to the lookup',
    formedFrom: 'Formed from',
    formedFromNone: 'No data yet on the units that existed before the reorganisation.',
  },
  unitTypes: {
    tinh: 'Province',
    thanh_pho: 'Centrally-run city',
    xa: 'Commune',
    phuong: 'Ward',
    dac_khu: 'Special zone',
  },
  errors: {
    network: 'Cannot reach the server. Please try again later.',
    unexpected: 'The server sent an invalid response (status {{status}}).',
    requestId: 'Request ID: {{id}}',
    pageTitle: 'This page could not be loaded',
    pageText:
      'Something went wrong while loading this page, perhaps because a new version was just released.',
    reload: 'Reload the page',
  },
  notFound: {
    title: 'Page not found',
    text: 'The address you opened does not exist or has moved.',
    home: 'Go to the home page',
  },
};
