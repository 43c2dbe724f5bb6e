import type { Officer, Role } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { createCatalogue } from '../procedures/index.ts';
import type { Action } from './lifecycle.ts';
import type { Actor } from './policy.ts';
import { createDossiers, type Idempotency } from './service.ts';
import { typed } from './store.ts';

const ONE_STOP: Role[] = ['dossiers.receive', 'dossiers.process', 'dossiers.approve'];
const HAM_RONG = '14758';
const MARITAL_STATUS = '1.004873';
const JUDICIAL_RECORD = '2.001417';

/**
 * The one-stop demo officers of a development install: the commune one-stop of Phường Hàm Rồng, working
 * in its People's Committee (agency code from the catalogue), and an officer of the provincial Department
 * of Justice. Empty when the catalogue lacks them.
 */
export async function demoOneStopOfficers(platform: Platform): Promise<Omit<Officer, 'id'>[]> {
  const catalogue = createCatalogue(platform);
  const birth = await catalogue.published('1.001193');
  const hamRong = birth ? await catalogue.receivingAgency(birth, HAM_RONG).catch(() => undefined) : undefined;
  const justice = await catalogue.agency('000.00.02.H56');
  const officers: Omit<Officer, 'id'>[] = [];
  if (hamRong)
    officers.push({
      name: 'Cán bộ Một cửa Phường Hàm Rồng (demo)',
      roles: ONE_STOP,
      jurisdiction: { level: 'commune', code: HAM_RONG },
      agency: hamRong.code,
    });
  if (justice)
    officers.push({
      name: 'Cán bộ Sở Tư pháp (demo)',
      roles: ONE_STOP,
      jurisdiction: { level: 'province', code: '38' },
      agency: justice.code,
    });
  return officers;
}

/** The demo officer of that name, created when missing. */
export async function demoOfficer(platform: Platform, demo: Omit<Officer, 'id'>): Promise<Officer> {
  return (await platform.auth.findOfficerByName(demo.name)) ?? platform.auth.addOfficer(demo);
}

/** What each demo dossier went through after its counter intake. */
const DEMO_DOSSIERS: {
  personalId: string;
  procedure: string;
  data: Record<string, unknown>;
  afterIntake: Action[];
}[] = [
  {
    personalId: '038095012345', // Nguyễn Văn Minh
    procedure: MARITAL_STATUS,
    data: { applicantPhone: '0912345601', purpose: 'Bổ sung hồ sơ đăng ký kết hôn' },
    afterIntake: [],
  },
  {
    personalId: '038301023456', // Nguyễn Thị Lan
    procedure: MARITAL_STATUS,
    data: { applicantPhone: '0912345602', purpose: 'Bổ sung hồ sơ đăng ký kết hôn' },
    afterIntake: ['assign'],
  },
  {
    personalId: '038068001234', // Nguyễn Văn Đức
    procedure: MARITAL_STATUS,
    data: { applicantPhone: '0912345603', purpose: 'Bổ sung hồ sơ vay vốn ngân hàng' },
    afterIntake: ['assign', 'forward', 'approve', 'return_result'],
  },
  {
    personalId: '038080056789', // Trần Văn Hùng
    procedure: JUDICIAL_RECORD,
    data: {
      applicantPhone: '0912345604',
      birthPlace: 'Thanh Hóa',
      fatherName: 'Trần Văn Bình',
      motherName: 'Lê Thị Sen',
      residenceHistory: 'Từ 1998 đến nay: phường Quảng Hưng, tỉnh Thanh Hóa',
      certificateType: 'Phiếu số 1',
      purpose: 'Bổ sung hồ sơ xin việc',
    },
    afterIntake: [],
  },
  {
    personalId: '038183067890', // Phạm Thị Mai
    procedure: JUDICIAL_RECORD,
    data: {
      applicantPhone: '0912345605',
      birthPlace: 'Thanh Hóa',
      fatherName: 'Phạm Văn Lộc',
      motherName: 'Đỗ Thị Hiền',
      residenceHistory: 'Từ 2005 đến nay: phường Quảng Hưng, tỉnh Thanh Hóa',
      certificateType: 'Phiếu số 2',
      purpose: 'Bổ sung hồ sơ xuất khẩu lao động',
    },
    afterIntake: ['assign'],
  },
];

/**
 * Demo one-stop dossiers, so that a new install's officer queue, dossier lookup and indicators show work:
 * each received at the counter by the demo officer of its agency, through the module's own service (receipt
 * codes, working-day appointments, action log, events; a returned one has its issued result). Added once,
 * to a province-38 install whose dossier table is empty.
 */
export async function seedDemoDossiers(platform: Platform): Promise<void> {
  if (platform.config.provinceCode !== '38') return;
  if (await typed(platform.db).selectFrom('dossiers.dossier').select('id').limit(1).executeTakeFirst())
    return;
  const [hamRong, justice] = await demoOneStopOfficers(platform);
  if (!hamRong || !justice) return;
  const dossiers = createDossiers(platform);
  const byProcedure: Record<string, Actor & { kind: 'officer' }> = {
    [MARITAL_STATUS]: { kind: 'officer', officer: await demoOfficer(platform, hamRong) },
    [JUDICIAL_RECORD]: { kind: 'officer', officer: await demoOfficer(platform, justice) },
  };
  const idem = (request: unknown): Idempotency => ({ scope: 'demo-seed', key: undefined, request });
  for (const demo of DEMO_DOSSIERS) {
    const actor = byProcedure[demo.procedure] as Actor & { kind: 'officer' };
    // A commune-level procedure is received by the People's Committee of Hàm Rồng; the judicial record by the department.
    const input = {
      procedureCode: demo.procedure,
      personalId: demo.personalId,
      ...(demo.procedure === MARITAL_STATUS ? { communeCode: HAM_RONG } : {}),
      data: demo.data,
    };
    const { body } = await dossiers.counterIntake(idem(input), actor, input, 'demo-seed');
    const id = (body as { id: string }).id;
    for (const action of demo.afterIntake) {
      const step = action === 'assign' ? { action, handlerId: actor.officer.id } : { action };
      await dossiers.act(idem(step), actor, id, step);
    }
  }
}
