/**
 * Core Business Vocabulary (GS1 CBV 2.0) values this repository recognises. EPCIS 2.0 JSON uses the bare
 * names (`shipping`); the older URN (`urn:epcglobal:cbv:bizstep:shipping`) and the web URI
 * (`https://ref.gs1.org/cbv/BizStep-shipping`) forms are accepted and stored as the bare name. Other
 * absolute URIs are user vocabulary (EPCIS allows extensions) and are kept as given.
 */
export const BIZ_STEPS = [
  'accepting',
  'arriving',
  'assembling',
  'collecting',
  'commissioning',
  'consigning',
  'creating_class_instance',
  'cycle_counting',
  'decommissioning',
  'departing',
  'destroying',
  'disassembling',
  'dispensing',
  'encoding',
  'entering_exiting',
  'holding',
  'inspecting',
  'installing',
  'killing',
  'loading',
  'other',
  'packing',
  'picking',
  'receiving',
  'removing',
  'repackaging',
  'repairing',
  'replacing',
  'reserving',
  'retail_selling',
  'sampling',
  'sensor_reporting',
  'shipping',
  'staging_outbound',
  'stock_taking',
  'stocking',
  'storing',
  'transporting',
  'unloading',
  'unpacking',
  'void_shipping',
] as const;

export const DISPOSITIONS = [
  'active',
  'available',
  'completeness_inferred',
  'completeness_verified',
  'conformant',
  'container_closed',
  'container_open',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'mismatch_class',
  'mismatch_instance',
  'mismatch_quantity',
  'needs_replacement',
  'no_pedigree_match',
  'non_conformant',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unavailable',
  'unknown',
] as const;

export const BIZ_TRANSACTION_TYPES = [
  'bol',
  'cert',
  'desadv',
  'inv',
  'pedigree',
  'po',
  'poc',
  'prodorder',
  'recadv',
  'rma',
  'testprd',
  'testres',
  'upevt',
] as const;
export const SOURCE_DEST_TYPES = ['owning_party', 'possessing_party', 'location'] as const;
export const ERROR_REASONS = ['did_not_occur', 'incorrect_data'] as const;

type Vocabulary = 'bizstep' | 'disp' | 'btt' | 'sdt' | 'er';
const WEB_PREFIX: Record<Vocabulary, string> = {
  bizstep: 'BizStep-',
  disp: 'Disp-',
  btt: 'BTT-',
  sdt: 'SDT-',
  er: 'ER-',
};
const VALUES: Record<Vocabulary, readonly string[]> = {
  bizstep: BIZ_STEPS,
  disp: DISPOSITIONS,
  btt: BIZ_TRANSACTION_TYPES,
  sdt: SOURCE_DEST_TYPES,
  er: ERROR_REASONS,
};

/**
 * The stored form of a vocabulary value: the bare CBV name, or the URI of a user vocabulary.
 * Returns undefined for a bare word that is not in the CBV (a typo the caller must hear about).
 */
export function normalizeCbv(vocabulary: Vocabulary, value: string): string | undefined {
  const values = VALUES[vocabulary];
  const urn = `urn:epcglobal:cbv:${vocabulary}:`;
  let name = value;
  if (value.startsWith(urn)) name = value.slice(urn.length);
  else if (/^https?:\/\/ref\.gs1\.org\/cbv\//.test(value))
    name = value.replace(/^https?:\/\/ref\.gs1\.org\/cbv\//, '').replace(WEB_PREFIX[vocabulary], '');
  else if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value; // a user vocabulary URI
  return values.includes(name) ? name : undefined;
}

/** Labels for the business steps the web app records and the consumer page shows. */
export const STEP_LABELS: Record<string, { vi: string; en: string }> = {
  commissioning: { vi: 'Thu hoạch / sản xuất', en: 'Harvested / produced' },
  creating_class_instance: { vi: 'Chế biến', en: 'Processed' },
  packing: { vi: 'Đóng gói', en: 'Packed' },
  shipping: { vi: 'Xuất hàng', en: 'Shipped' },
  receiving: { vi: 'Nhận hàng', en: 'Received' },
  retail_selling: { vi: 'Bán lẻ', en: 'Sold' },
  inspecting: { vi: 'Kiểm tra', en: 'Inspected' },
  storing: { vi: 'Lưu kho', en: 'Stored' },
  transporting: { vi: 'Vận chuyển', en: 'Transported' },
  destroying: { vi: 'Tiêu hủy', en: 'Destroyed' },
};
