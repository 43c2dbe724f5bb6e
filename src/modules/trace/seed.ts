/**
 * Demo traceability data for Thanh Hóa: three producers (nem chua, fish sauce, Luận Văn pomelos), a
 * distributor and a supermarket, their products and batches, a journey of EPCIS events, and a recall.
 * Enterprise codes, GS1 prefixes and certificate numbers are made up. Idempotent: nothing happens when
 * the first demo business exists. Times are relative to the seeding day, so "fresh" goods stay fresh.
 */
import type { Platform } from '../../platform/context.ts';
import { withCheckDigit } from './gs1.ts';
import { businessLinkUrl, ensureMember } from './members.ts';
import type { Actor } from './policy.ts';
import { type BusinessInput, createTrace } from './service.ts';

const gtin = (prefix: string, item: string) => withCheckDigit(`${prefix}${item}`);

export const DEMO = {
  nem: {
    enterpriseCode: '2801234561',
    name: 'Cơ sở Nem chua Hạc Thành',
    kind: 'processor',
    communeCode: '14797',
    street: '12 Lê Hoàn',
    gln: withCheckDigit('893601200000'),
    companyPrefix: '8936012',
    latitude: 19.8075,
    longitude: 105.7764,
  },
  mam: {
    enterpriseCode: '2801234572',
    name: 'Hợp tác xã Nước mắm Ba Làng',
    kind: 'producer',
    communeCode: '16561',
    street: 'Thôn Ba Làng',
    gln: withCheckDigit('893602300000'),
    companyPrefix: '8936023',
    latitude: 19.3864,
    longitude: 105.7989,
  },
  buoi: {
    enterpriseCode: '2801234583',
    name: 'HTX Bưởi Luận Văn Thọ Xương',
    kind: 'producer',
    communeCode: '15544',
    street: 'Làng Luận Văn',
    gln: withCheckDigit('893603400000'),
    companyPrefix: '8936034',
    latitude: 19.9216,
    longitude: 105.4287,
  },
  npp: {
    enterpriseCode: '2801234594',
    name: 'Công ty Phân phối Nông sản Xứ Thanh',
    kind: 'distributor',
    communeCode: '15853',
    street: 'KCN Tây Bắc Ga',
    gln: withCheckDigit('893609800000'),
    latitude: 19.8312,
    longitude: 105.7541,
  },
  mart: {
    enterpriseCode: '2801234605',
    name: 'Siêu thị Hạc Thành Mart',
    kind: 'retailer',
    communeCode: '14758',
    street: '25 Đại lộ Lê Lợi',
    gln: withCheckDigit('893609900000'),
    latitude: 19.8167,
    longitude: 105.7925,
  },
} satisfies Record<string, BusinessInput>;

export const DEMO_GTINS = {
  nem: gtin('8936012', '00001'),
  mam: gtin('8936023', '00001'),
  buoi: gtin('8936034', '00001'),
};

/** Demo business users (platform accounts with a membership), whose sign-in links `citizen start` prints. */
export const DEMO_MEMBERS = [
  { name: 'Quản lý Siêu thị Hạc Thành Mart (demo)', business: 'mart', role: 'manager' },
  { name: 'Quản lý Nem chua Hạc Thành (demo)', business: 'nem', role: 'manager' },
  { name: 'Quản lý HTX Nước mắm Ba Làng (demo)', business: 'mam', role: 'manager' },
  { name: 'Quản lý HTX Bưởi Luận Văn (demo)', business: 'buoi', role: 'manager' },
  { name: 'Quản lý NPP Xứ Thanh (demo)', business: 'npp', role: 'manager' },
] as const;

const day = 86_400_000;

export async function seedDemoTrace(platform: Platform): Promise<void> {
  if (platform.config.provinceCode !== '38') return; // the demo lives in Thanh Hóa
  const trace = createTrace(platform);
  if (await trace.businessByCode(DEMO.nem.enterpriseCode)) return;
  const ids: Record<string, string> = {};
  for (const [key, input] of Object.entries(DEMO)) ids[key] = await trace.createBusiness(input, 'platform');
  const managers: Record<string, Actor> = {};
  for (const m of DEMO_MEMBERS) {
    const { userId, businessId } = await ensureMember(platform, {
      name: m.name,
      enterpriseCode: DEMO[m.business].enterpriseCode,
      role: m.role,
    });
    managers[m.business] = { kind: 'business-user', userId, businessId, role: 'manager' };
  }
  const as = (key: keyof typeof DEMO) => managers[key] as Actor;
  const now = platform.clock.now().getTime();
  const at = (daysAgo: number, hour = 8) => {
    const d = new Date(now - daysAgo * day);
    d.setUTCHours(hour - 7, 0, 0, 0); // local hour in Vietnam (UTC+7)
    return d;
  };
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const req = 'seed';

  const validFrom = iso(at(400));
  const validTo = iso(at(-400));
  await trace.addCertification(
    ids.nem as string,
    {
      scheme: 'food_safety',
      number: '125/2024/ATTP-CNĐK',
      issuer: 'Sở Y tế Thanh Hóa',
      validFrom,
      validUntil: validTo,
    },
    'platform',
  );
  await trace.addCertification(
    ids.mam as string,
    {
      scheme: 'ocop',
      level: 4,
      number: 'OCOP-TH-2024-0412',
      issuer: 'UBND tỉnh Thanh Hóa',
      validFrom,
      validUntil: validTo,
    },
    'platform',
  );
  await trace.addCertification(
    ids.mam as string,
    {
      scheme: 'food_safety',
      number: '88/2024/ATTP-CNĐK',
      issuer: 'Sở Nông nghiệp và Môi trường Thanh Hóa',
      validFrom,
      validUntil: validTo,
    },
    'platform',
  );
  await trace.addCertification(
    ids.buoi as string,
    {
      scheme: 'vietgap',
      number: 'VietGAP-TT-24-09-38-0031',
      issuer: 'Trung tâm Kiểm nghiệm và Chứng nhận chất lượng TQC',
      validFrom,
      validUntil: validTo,
    },
    'platform',
  );
  await trace.addCertification(
    ids.buoi as string,
    {
      scheme: 'organic',
      number: 'HC-2022-117',
      issuer: 'Tổ chức chứng nhận hữu cơ (demo)',
      validFrom: iso(at(1200)),
      validUntil: iso(at(100)),
    },
    'platform',
  );

  // Products
  await trace.createProduct(
    as('nem'),
    ids.nem as string,
    {
      gtin: DEMO_GTINS.nem,
      name: 'Nem chua Thanh Hóa 500 g',
      nameEn: 'Thanh Hóa fermented pork roll, 500 g',
      description: 'Nem chua gói lá chuối, lên men tự nhiên 3 ngày. Bảo quản 0–10 °C.',
      ingredients: 'Thịt lợn nạc, bì lợn, thính gạo, tỏi, ớt, lá đinh lăng, muối, đường',
      netContent: '500 g',
      shelfLifeDays: 7,
    },
    req,
  );
  await trace.createProduct(
    as('mam'),
    ids.mam as string,
    {
      gtin: DEMO_GTINS.mam,
      name: 'Nước mắm cá cơm Ba Làng 40 độ đạm, chai 500 ml',
      nameEn: 'Ba Làng anchovy fish sauce, 40°N, 500 ml',
      description: 'Ủ chượp truyền thống trong thùng gỗ 12 tháng.',
      ingredients: 'Cá cơm, muối biển',
      netContent: '500 ml',
      shelfLifeDays: 730,
    },
    req,
  );
  await trace.createProduct(
    as('buoi'),
    ids.buoi as string,
    {
      gtin: DEMO_GTINS.buoi,
      name: 'Bưởi Luận Văn (quả)',
      nameEn: 'Luận Văn pomelo (per fruit)',
      description: 'Giống bưởi đặc sản làng Luận Văn, Thọ Xuân: múi vàng, ngọt thanh.',
      netContent: '1 quả, 0,8–1,2 kg',
      shelfLifeDays: 30,
    },
    req,
  );

  // Batches
  await trace.createBatch(
    as('nem'),
    ids.nem as string,
    DEMO_GTINS.nem,
    { lot: 'NC2501', productionDate: iso(at(2)), quantity: 400, unit: 'gói' },
    req,
  );
  await trace.createBatch(
    as('nem'),
    ids.nem as string,
    DEMO_GTINS.nem,
    { lot: 'NC2488', productionDate: iso(at(20)), quantity: 300, unit: 'gói' },
    req,
  );
  await trace.createBatch(
    as('mam'),
    ids.mam as string,
    DEMO_GTINS.mam,
    { lot: 'BL2507', productionDate: iso(at(120)), quantity: 2000, unit: 'chai' },
    req,
  );
  await trace.createBatch(
    as('mam'),
    ids.mam as string,
    DEMO_GTINS.mam,
    { lot: 'BL2509', productionDate: iso(at(60)), quantity: 1500, unit: 'chai' },
    req,
  );
  const serials = Array.from({ length: 12 }, (_, i) => `LV${String(i + 1).padStart(4, '0')}`);
  await trace.createBatch(
    as('buoi'),
    ids.buoi as string,
    DEMO_GTINS.buoi,
    { lot: 'LV2511', productionDate: iso(at(5)), serials, originCommune: '15544' },
    req,
  );

  const step = async (who: keyof typeof DEMO, input: Parameters<typeof trace.recordStep>[2]) =>
    trace.recordStep(as(who), ids[who] as string, input, req);

  // Nem chua: fresh lot shipped to the supermarket, waiting for its receiving check.
  await step('nem', {
    step: 'harvest',
    gtin: DEMO_GTINS.nem,
    lot: 'NC2501',
    quantity: 200,
    uom: 'KGM',
    eventTime: at(2, 7).toISOString(),
  });
  await step('nem', {
    step: 'packing',
    gtin: DEMO_GTINS.nem,
    lot: 'NC2501',
    quantity: 400,
    uom: 'H87',
    eventTime: at(2, 16).toISOString(),
  });
  await step('nem', {
    step: 'shipping',
    gtin: DEMO_GTINS.nem,
    lot: 'NC2501',
    quantity: 120,
    uom: 'H87',
    partnerBusinessId: ids.mart,
    eventTime: at(1, 6).toISOString(),
  });
  // An old lot, expired, also shipped to the supermarket.
  await step('nem', {
    step: 'harvest',
    gtin: DEMO_GTINS.nem,
    lot: 'NC2488',
    quantity: 150,
    uom: 'KGM',
    eventTime: at(20, 7).toISOString(),
  });
  await step('nem', {
    step: 'shipping',
    gtin: DEMO_GTINS.nem,
    lot: 'NC2488',
    quantity: 60,
    uom: 'H87',
    partnerBusinessId: ids.mart,
    eventTime: at(19, 6).toISOString(),
  });

  // Fish sauce: producer → distributor → supermarket, received and on sale.
  await step('mam', {
    step: 'harvest',
    gtin: DEMO_GTINS.mam,
    lot: 'BL2507',
    quantity: 2000,
    uom: 'H87',
    eventTime: at(120).toISOString(),
  });
  await step('mam', {
    step: 'shipping',
    gtin: DEMO_GTINS.mam,
    lot: 'BL2507',
    quantity: 600,
    uom: 'H87',
    partnerBusinessId: ids.npp,
    eventTime: at(100).toISOString(),
  });
  await step('npp', {
    step: 'receiving',
    gtin: DEMO_GTINS.mam,
    lot: 'BL2507',
    quantity: 600,
    uom: 'H87',
    partnerBusinessId: ids.mam,
    eventTime: at(99).toISOString(),
  });
  await step('npp', {
    step: 'shipping',
    gtin: DEMO_GTINS.mam,
    lot: 'BL2507',
    quantity: 120,
    uom: 'H87',
    partnerBusinessId: ids.mart,
    eventTime: at(30).toISOString(),
  });
  await step('mart', {
    step: 'receiving',
    gtin: DEMO_GTINS.mam,
    lot: 'BL2507',
    quantity: 120,
    uom: 'H87',
    partnerBusinessId: ids.npp,
    eventTime: at(29).toISOString(),
  });
  // The second lot is recalled by its producer.
  await step('mam', {
    step: 'harvest',
    gtin: DEMO_GTINS.mam,
    lot: 'BL2509',
    quantity: 1500,
    uom: 'H87',
    eventTime: at(60).toISOString(),
  });
  await step('mam', {
    step: 'shipping',
    gtin: DEMO_GTINS.mam,
    lot: 'BL2509',
    quantity: 200,
    uom: 'H87',
    partnerBusinessId: ids.mart,
    eventTime: at(20).toISOString(),
  });
  await trace.issueRecall(
    as('mam'),
    {
      gtin: DEMO_GTINS.mam,
      lot: 'BL2509',
      reason: 'Hàm lượng histamine vượt giới hạn cho phép (dữ liệu demo)',
    },
    req,
  );

  // Pomelos, one label per fruit: harvested, six shipped to the supermarket, one already received and sold.
  await step('buoi', {
    step: 'harvest',
    gtin: DEMO_GTINS.buoi,
    lot: 'LV2511',
    serials,
    eventTime: at(5, 6).toISOString(),
  });
  await step('buoi', {
    step: 'shipping',
    gtin: DEMO_GTINS.buoi,
    lot: 'LV2511',
    serials: serials.slice(0, 6),
    partnerBusinessId: ids.mart,
    eventTime: at(3, 9).toISOString(),
  });
  await step('mart', {
    step: 'receiving',
    gtin: DEMO_GTINS.buoi,
    lot: 'LV2511',
    serials: serials.slice(0, 1),
    partnerBusinessId: ids.buoi,
    eventTime: at(2, 10).toISOString(),
  });
  await step('mart', {
    step: 'retail_sale',
    gtin: DEMO_GTINS.buoi,
    lot: 'LV2511',
    serials: serials.slice(0, 1),
    eventTime: at(1, 18).toISOString(),
  });
}

/** Fresh sign-in links for the demo business users (development only), for the welcome message. */
export async function demoBusinessLinks(platform: Platform, base: string, hours = 8) {
  if (platform.config.provinceCode !== '38') return [];
  const links = [];
  for (const m of DEMO_MEMBERS.slice(0, 2)) {
    const user = await platform.auth.findOfficerByName(m.name);
    if (!user) continue;
    links.push({ name: m.name, url: businessLinkUrl(base, await platform.auth.issueLink(user.id, hours)) });
  }
  return links;
}
