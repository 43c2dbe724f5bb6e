/**
 * The initial catalogue: 12 common procedures of Thanh Hóa with plausible full content (names, national
 * codes, time limits, fees in VND, dossier components, legal bases as of 2025). Codes follow the national
 * database's pattern; contents are written for the demo and must be checked against the province's
 * published decisions before real use. Loaded once by migration 0002; administrators change them later
 * by publishing new versions.
 */
import { AGENCY } from './agencies.ts';
import type {
  ChannelKind,
  ComponentItem,
  PrefillSource,
  ProcedureChannel,
  ProcedureContent,
  TimeUnit,
  WorkflowStep,
} from './types.ts';

const PDF_OR_IMAGE = ['application/pdf', 'image/jpeg', 'image/png'];
const MB = 1024 * 1024;

function channel(
  kind: ChannelKind,
  amount: number,
  unit: TimeUnit,
  fee?: { amount: number; note: string },
): ProcedureChannel {
  return { channel: kind, timeLimit: { amount, unit }, fee: fee ?? null };
}

function item(
  key: string,
  name: string,
  counts: { originals?: number; copies?: number; required?: boolean; template?: string } = {},
): ComponentItem {
  return {
    key,
    name,
    originals: counts.originals ?? 1,
    copies: counts.copies ?? 0,
    required: counts.required ?? true,
    accept: PDF_OR_IMAGE,
    maxBytes: 10 * MB,
    ...(counts.template ? { template: counts.template } : {}),
  };
}

/** Receive (tiếp nhận) → examine (thẩm định) → approve and sign (phê duyệt, ký). */
function workflow(
  receive: number,
  process: number,
  approve: number,
  processName = 'Thẩm định hồ sơ',
): WorkflowStep[] {
  return [
    { key: 'receive', name: 'Tiếp nhận hồ sơ', role: 'dossiers.receive', share: receive },
    { key: 'process', name: processName, role: 'dossiers.process', share: process },
    { key: 'approve', name: 'Phê duyệt, ký kết quả', role: 'dossiers.approve', share: approve },
  ];
}

type Field = Record<string, unknown>;
const text = (title: string, extra: Field = {}): Field => ({
  type: 'string',
  title,
  minLength: 1,
  maxLength: 200,
  ...extra,
});
const prefilled = (title: string, source: PrefillSource, extra: Field = {}): Field => ({
  ...text(title, extra),
  'x-prefill': source,
});
const date = (title: string, extra: Field = {}): Field => ({
  type: 'string',
  format: 'date',
  title,
  ...extra,
});
const choice = (title: string, values: string[]): Field => ({ type: 'string', title, enum: values });

/** The applicant's own particulars, all pre-filled from the registry and e-ID. */
const APPLICANT: Record<string, Field> = {
  applicantName: prefilled('Họ, chữ đệm, tên người yêu cầu', 'registry.fullName'),
  applicantBirthDate: { ...date('Ngày, tháng, năm sinh'), 'x-prefill': 'registry.birthDate' },
  applicantPersonalId: prefilled('Số định danh cá nhân', 'registry.personalId', { pattern: '^[0-9]{12}$' }),
  applicantAddress: prefilled('Nơi cư trú', 'registry.currentAddress', { maxLength: 300 }),
  applicantPhone: prefilled('Số điện thoại liên hệ', 'identity.phone', {
    pattern: '^(0|\\+84)[0-9]{9}$',
    minLength: 10,
    maxLength: 12,
  }),
};
const APPLICANT_KEYS = Object.keys(APPLICANT);

function form(properties: Record<string, Field>, required: string[], ui: Record<string, unknown> = {}) {
  return {
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { ...APPLICANT, ...properties },
      required: [...APPLICANT_KEYS, ...required],
      additionalProperties: false,
    },
    ui: {
      order: [...APPLICANT_KEYS, ...Object.keys(properties)],
      readonlyWhenPrefilled: ['applicantPersonalId'],
      ...ui,
    },
  };
}

const CITIZEN_RECEIVE_STEPS = [
  'Người yêu cầu nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công cấp xã, qua dịch vụ bưu chính hoặc trực tuyến trên Cổng Dịch vụ công.',
  'Công chức tiếp nhận kiểm tra hồ sơ; hồ sơ đầy đủ thì cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả, chưa đầy đủ thì hướng dẫn bổ sung một lần.',
];

export const SEED_PROCEDURES: { code: string; content: ProcedureContent }[] = [
  {
    code: '1.001193',
    content: {
      name: 'Đăng ký khai sinh',
      nameEn: 'Birth registration',
      level: 'commune',
      field: 'Hộ tịch',
      applicantTypes: ['citizen'],
      agencyCode: null,
      competentAgency: 'Ủy ban nhân dân cấp xã',
      steps: [
        ...CITIZEN_RECEIVE_STEPS,
        'Công chức tư pháp - hộ tịch kiểm tra thông tin, ghi vào Sổ đăng ký khai sinh, cập nhật Cơ sở dữ liệu hộ tịch điện tử và lấy số định danh cá nhân cho trẻ.',
        'Chủ tịch Ủy ban nhân dân cấp xã ký Giấy khai sinh bản chính; trả kết quả trực tiếp, qua bưu chính hoặc bản điện tử.',
      ],
      channels: [
        channel('in_person', 1, 'working_days'),
        channel('online', 1, 'working_days'),
        channel('post', 1, 'working_days'),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Đăng ký khai sinh đúng hạn',
          items: [
            item('declaration', 'Tờ khai đăng ký khai sinh', {
              template: 'Mẫu TK đăng ký khai sinh (Thông tư 04/2024/TT-BTP)',
            }),
            item(
              'birthCertificate',
              'Giấy chứng sinh do cơ sở y tế cấp; nếu không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh',
            ),
            item('authorisation', 'Văn bản ủy quyền có chứng thực (nếu nộp thay)', { required: false }),
          ],
        },
        {
          case: 'Trẻ bị bỏ rơi',
          items: [
            item('declaration', 'Tờ khai đăng ký khai sinh', {
              template: 'Mẫu TK đăng ký khai sinh (Thông tư 04/2024/TT-BTP)',
            }),
            item('abandonmentRecord', 'Biên bản xác nhận việc trẻ bị bỏ rơi'),
          ],
        },
      ],
      form: form(
        {
          relationship: choice('Quan hệ với người được khai sinh', [
            'Cha',
            'Mẹ',
            'Ông',
            'Bà',
            'Người thân thích khác',
          ]),
          childName: text('Họ, chữ đệm, tên người được khai sinh'),
          childBirthDate: date('Ngày, tháng, năm sinh của trẻ'),
          childSex: choice('Giới tính', ['Nam', 'Nữ']),
          childBirthPlace: text('Nơi sinh (cơ sở y tế hoặc địa chỉ)', { maxLength: 300 }),
          childEthnicity: text('Dân tộc', { default: 'Kinh' }),
          childNationality: text('Quốc tịch', { default: 'Việt Nam' }),
          motherName: text('Họ, chữ đệm, tên người mẹ'),
          motherPersonalId: { type: 'string', title: 'Số định danh cá nhân của mẹ', pattern: '^[0-9]{12}$' },
          fatherName: { type: 'string', title: 'Họ, chữ đệm, tên người cha (nếu có)', maxLength: 200 },
          fatherPersonalId: {
            type: 'string',
            title: 'Số định danh cá nhân của cha (nếu có)',
            pattern: '^[0-9]{12}$',
          },
          copies: {
            type: 'integer',
            title: 'Số bản sao trích lục đề nghị cấp',
            minimum: 0,
            maximum: 10,
            default: 1,
          },
        },
        ['relationship', 'childName', 'childBirthDate', 'childSex', 'childBirthPlace', 'motherName'],
        {
          widgets: { relationship: 'select', childBirthDate: 'date', childSex: 'radio', copies: 'number' },
          help: {
            childName: 'Ghi bằng chữ in hoa, có dấu, theo tên cha mẹ đã thống nhất.',
            copies: 'Bản sao trích lục khai sinh thu phí 8.000 đồng/bản.',
          },
        },
      ),
      workflow: workflow(0.2, 0.5, 0.3, 'Kiểm tra, ghi Sổ hộ tịch'),
      result:
        'Giấy khai sinh bản chính (và bản sao trích lục khai sinh nếu có yêu cầu); số định danh cá nhân của trẻ.',
      legalBasis: [
        'Luật Hộ tịch số 60/2014/QH13',
        'Nghị định số 123/2015/NĐ-CP hướng dẫn Luật Hộ tịch',
        'Nghị định số 63/2024/NĐ-CP về liên thông đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế',
        'Thông tư số 04/2024/TT-BTP',
        'Thông tư số 85/2019/TT-BTC về phí, lệ phí thuộc thẩm quyền của Hội đồng nhân dân tỉnh',
      ],
      conditions: [
        'Đăng ký trong thời hạn 60 ngày kể từ ngày sinh; quá hạn thì thực hiện thủ tục đăng ký khai sinh quá hạn.',
      ],
      keywords: ['giấy khai sinh', 'làm khai sinh', 'khai sinh cho con', 'trẻ sơ sinh'],
    },
  },
  {
    code: '1.004194',
    content: {
      name: 'Đăng ký thường trú',
      nameEn: 'Permanent residence registration',
      level: 'commune',
      field: 'Đăng ký, quản lý cư trú',
      applicantTypes: ['citizen'],
      agencyCode: null,
      competentAgency: 'Công an cấp xã',
      steps: [
        'Công dân nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã, Công an cấp xã hoặc trực tuyến qua Cổng Dịch vụ công, ứng dụng VNeID.',
        'Cơ quan đăng ký cư trú kiểm tra, cấp Phiếu tiếp nhận hồ sơ và hẹn trả kết quả; hồ sơ chưa đủ thì hướng dẫn bổ sung.',
        'Trong 07 ngày làm việc, cơ quan đăng ký cư trú thẩm định, cập nhật thông tin về nơi thường trú mới vào Cơ sở dữ liệu về cư trú và thông báo cho người đăng ký; trường hợp từ chối thì trả lời bằng văn bản nêu rõ lý do.',
      ],
      channels: [
        channel('in_person', 7, 'working_days', {
          amount: 20_000,
          note: 'Lệ phí đăng ký thường trú (Thông tư 75/2022/TT-BTC).',
        }),
        channel('online', 7, 'working_days', { amount: 10_000, note: 'Nộp trực tuyến: 10.000 đồng/lần.' }),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Đăng ký thường trú tại chỗ ở hợp pháp thuộc quyền sở hữu của mình',
          items: [
            item('declaration', 'Tờ khai thay đổi thông tin cư trú', { template: 'Mẫu CT01' }),
            item('ownershipProof', 'Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp', {
              originals: 0,
              copies: 1,
            }),
          ],
        },
        {
          case: 'Đăng ký thường trú vào chỗ ở của người khác',
          items: [
            item(
              'declaration',
              'Tờ khai thay đổi thông tin cư trú, có ý kiến đồng ý của chủ hộ, chủ sở hữu chỗ ở',
              {
                template: 'Mẫu CT01',
              },
            ),
            item(
              'relationshipProof',
              'Giấy tờ chứng minh quan hệ nhân thân với chủ hộ (nếu về ở với người thân)',
              {
                originals: 0,
                copies: 1,
                required: false,
              },
            ),
            item('rentalContract', 'Hợp đồng thuê, mượn, ở nhờ chỗ ở (nếu thuê, mượn, ở nhờ)', {
              originals: 0,
              copies: 1,
              required: false,
            }),
          ],
        },
      ],
      form: form(
        {
          applicantSex: { ...choice('Giới tính', ['Nam', 'Nữ']), 'x-prefill': 'registry.sex' },
          currentPermanentAddress: prefilled('Nơi thường trú hiện tại', 'registry.permanentAddress', {
            maxLength: 300,
          }),
          newAddress: text('Địa chỉ nơi đề nghị đăng ký thường trú', { maxLength: 300 }),
          newCommune: { type: 'string', title: 'Xã, phường nơi đăng ký', pattern: '^[0-9]{5}$' },
          ownerName: {
            type: 'string',
            title: 'Họ tên chủ hộ hoặc chủ sở hữu chỗ ở (nếu ở nhờ)',
            maxLength: 200,
          },
          relationshipToHead: text('Quan hệ với chủ hộ', { default: 'Chủ hộ' }),
          reason: { type: 'string', title: 'Nội dung đề nghị', maxLength: 1000 },
        },
        ['applicantSex', 'newAddress', 'newCommune', 'relationshipToHead'],
        { widgets: { applicantSex: 'radio', newCommune: 'commune', reason: 'textarea' } },
      ),
      workflow: workflow(0.15, 0.6, 0.25),
      result:
        'Thông tin về nơi thường trú mới được cập nhật vào Cơ sở dữ liệu về cư trú; thông báo kết quả cho công dân.',
      legalBasis: [
        'Luật Cư trú số 68/2020/QH14',
        'Nghị định số 154/2024/NĐ-CP quy định chi tiết Luật Cư trú',
        'Thông tư số 53/2025/TT-BCA quy định chi tiết Luật Cư trú',
        'Thông tư số 75/2022/TT-BTC quy định mức thu lệ phí đăng ký cư trú',
      ],
      conditions: [
        'Có chỗ ở hợp pháp; đăng ký vào chỗ ở thuê, mượn, ở nhờ tại thành phố phải bảo đảm diện tích tối thiểu theo quy định của Hội đồng nhân dân tỉnh.',
      ],
      keywords: ['hộ khẩu', 'nhập hộ khẩu', 'cư trú', 'chuyển hộ khẩu'],
    },
  },
  {
    code: '1.004873',
    content: {
      name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      nameEn: 'Confirmation of marital status',
      level: 'commune',
      field: 'Hộ tịch',
      applicantTypes: ['citizen'],
      agencyCode: null,
      competentAgency: 'Ủy ban nhân dân cấp xã',
      steps: [
        ...CITIZEN_RECEIVE_STEPS,
        'Công chức tư pháp - hộ tịch kiểm tra, xác minh tình trạng hôn nhân (tra cứu Cơ sở dữ liệu hộ tịch điện tử, cơ sở dữ liệu quốc gia về dân cư).',
        'Chủ tịch Ủy ban nhân dân cấp xã ký Giấy xác nhận tình trạng hôn nhân.',
      ],
      channels: [
        channel('in_person', 3, 'working_days', {
          amount: 15_000,
          note: 'Lệ phí theo Nghị quyết của HĐND tỉnh Thanh Hóa.',
        }),
        channel('online', 3, 'working_days', { amount: 7_500, note: 'Giảm 50% khi nộp trực tuyến.' }),
        channel('post', 3, 'working_days', { amount: 15_000, note: 'Chưa gồm cước bưu chính.' }),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Người yêu cầu cư trú trong tỉnh',
          items: [
            item('declaration', 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', {
              template: 'Mẫu TK xác nhận TTHN (Thông tư 04/2024/TT-BTP)',
            }),
            item(
              'divorceProof',
              'Bản án, quyết định ly hôn có hiệu lực hoặc trích lục khai tử của vợ/chồng (nếu đã từng kết hôn)',
              {
                originals: 0,
                copies: 1,
                required: false,
              },
            ),
          ],
        },
      ],
      form: form(
        {
          applicantSex: { ...choice('Giới tính', ['Nam', 'Nữ']), 'x-prefill': 'registry.sex' },
          ethnicity: prefilled('Dân tộc', 'registry.ethnicity'),
          nationality: prefilled('Quốc tịch', 'registry.nationality'),
          maritalStatus: {
            ...choice('Tình trạng hôn nhân', [
              'Chưa kết hôn',
              'Đã ly hôn',
              'Vợ/chồng đã chết',
              'Đang có vợ/chồng',
            ]),
            'x-prefill': 'registry.maritalStatus',
          },
          purpose: text('Mục đích sử dụng', { maxLength: 300 }),
          partnerName: {
            type: 'string',
            title: 'Họ tên người dự định kết hôn (nếu dùng để kết hôn)',
            maxLength: 200,
          },
          copies: { type: 'integer', title: 'Số bản đề nghị cấp', minimum: 1, maximum: 5, default: 1 },
        },
        ['applicantSex', 'maritalStatus', 'purpose'],
        {
          widgets: { applicantSex: 'radio', maritalStatus: 'select', purpose: 'textarea', copies: 'number' },
        },
      ),
      workflow: workflow(0.1, 0.6, 0.3, 'Xác minh tình trạng hôn nhân'),
      result: 'Giấy xác nhận tình trạng hôn nhân (có giá trị 6 tháng kể từ ngày cấp).',
      legalBasis: [
        'Luật Hộ tịch số 60/2014/QH13',
        'Nghị định số 123/2015/NĐ-CP',
        'Thông tư số 04/2024/TT-BTP',
        'Thông tư số 85/2019/TT-BTC',
      ],
      conditions: [],
      keywords: ['độc thân', 'xác nhận độc thân', 'tình trạng hôn nhân', 'giấy độc thân'],
    },
  },
  {
    code: '2.000635',
    content: {
      name: 'Cấp bản sao trích lục khai sinh',
      nameEn: 'Certified copy of a birth extract',
      level: 'commune',
      field: 'Hộ tịch',
      applicantTypes: ['citizen'],
      agencyCode: null,
      competentAgency: 'Ủy ban nhân dân cấp xã',
      steps: [
        ...CITIZEN_RECEIVE_STEPS,
        'Công chức tư pháp - hộ tịch tra cứu Sổ hộ tịch, Cơ sở dữ liệu hộ tịch điện tử và lập bản sao trích lục.',
        'Lãnh đạo Ủy ban nhân dân cấp xã ký bản sao trích lục; trả ngay trong ngày hoặc gửi bản điện tử.',
      ],
      channels: [
        channel('in_person', 1, 'working_days', { amount: 8_000, note: '8.000 đồng/bản sao trích lục.' }),
        channel('online', 1, 'working_days', {
          amount: 4_000,
          note: 'Giảm 50% khi nộp trực tuyến; bản điện tử miễn phí.',
        }),
        channel('post', 1, 'working_days', { amount: 8_000, note: 'Chưa gồm cước bưu chính.' }),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Người yêu cầu là người được khai sinh hoặc người thân',
          items: [
            item('request', 'Tờ khai cấp bản sao trích lục hộ tịch', {
              template: 'Mẫu TK trích lục hộ tịch (Thông tư 04/2024/TT-BTP)',
            }),
            item('authorisation', 'Văn bản ủy quyền (nếu người khác yêu cầu thay)', { required: false }),
          ],
        },
      ],
      form: form(
        {
          subjectName: text('Họ tên người được khai sinh'),
          subjectBirthDate: date('Ngày sinh của người được khai sinh'),
          relationship: choice('Quan hệ với người được khai sinh', [
            'Bản thân',
            'Cha',
            'Mẹ',
            'Vợ/chồng',
            'Con',
            'Người được ủy quyền',
          ]),
          registrationPlace: text('Nơi đã đăng ký khai sinh', { maxLength: 300 }),
          registrationNumber: { type: 'string', title: 'Số, quyển số đăng ký (nếu biết)', maxLength: 50 },
          copies: { type: 'integer', title: 'Số bản sao', minimum: 1, maximum: 10, default: 1 },
        },
        ['subjectName', 'subjectBirthDate', 'relationship', 'registrationPlace', 'copies'],
        { widgets: { relationship: 'select', subjectBirthDate: 'date', copies: 'number' } },
      ),
      workflow: workflow(0.2, 0.5, 0.3, 'Tra cứu, lập bản sao trích lục'),
      result: 'Bản sao trích lục khai sinh (bản giấy hoặc bản điện tử).',
      legalBasis: [
        'Luật Hộ tịch số 60/2014/QH13',
        'Nghị định số 123/2015/NĐ-CP',
        'Thông tư số 04/2024/TT-BTP',
        'Thông tư số 281/2016/TT-BTC',
      ],
      conditions: [],
      keywords: ['bản sao giấy khai sinh', 'trích lục', 'sao khai sinh'],
    },
  },
  {
    code: '2.000720',
    content: {
      name: 'Đăng ký thành lập hộ kinh doanh',
      nameEn: 'Household business registration',
      level: 'commune',
      field: 'Thành lập và hoạt động của hộ kinh doanh',
      applicantTypes: ['citizen', 'household_business'],
      agencyCode: null,
      competentAgency: 'Ủy ban nhân dân cấp xã (cơ quan đăng ký kinh doanh cấp xã)',
      steps: [
        'Chủ hộ kinh doanh hoặc người được ủy quyền nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã hoặc trực tuyến trên Cổng Dịch vụ công.',
        'Cơ quan đăng ký kinh doanh cấp xã trao Giấy biên nhận; kiểm tra tính hợp lệ của hồ sơ và tên hộ kinh doanh dự kiến.',
        'Trong 03 ngày làm việc, cấp Giấy chứng nhận đăng ký hộ kinh doanh nếu đủ điều kiện; nếu không, thông báo bằng văn bản nội dung cần sửa đổi, bổ sung.',
      ],
      channels: [
        channel('in_person', 3, 'working_days', {
          amount: 100_000,
          note: 'Lệ phí đăng ký hộ kinh doanh theo Nghị quyết của HĐND tỉnh.',
        }),
        channel('online', 3, 'working_days', {
          amount: 0,
          note: 'Miễn lệ phí khi đăng ký qua mạng điện tử.',
        }),
        channel('post', 3, 'working_days', { amount: 100_000, note: 'Chưa gồm cước bưu chính.' }),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Hộ kinh doanh do một cá nhân thành lập',
          items: [
            item('application', 'Giấy đề nghị đăng ký hộ kinh doanh', {
              template: 'Phụ lục III-1 (Thông tư 68/2025/TT-BTC)',
            }),
            item(
              'premisesProof',
              'Bản sao hợp đồng thuê hoặc giấy tờ chứng minh quyền sử dụng địa điểm kinh doanh',
              {
                originals: 0,
                copies: 1,
              },
            ),
          ],
        },
        {
          case: 'Hộ kinh doanh do các thành viên hộ gia đình thành lập',
          items: [
            item('application', 'Giấy đề nghị đăng ký hộ kinh doanh', {
              template: 'Phụ lục III-1 (Thông tư 68/2025/TT-BTC)',
            }),
            item('memberAgreement', 'Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh'),
            item(
              'memberAuthorisation',
              'Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ',
            ),
            item(
              'premisesProof',
              'Bản sao hợp đồng thuê hoặc giấy tờ chứng minh quyền sử dụng địa điểm kinh doanh',
              {
                originals: 0,
                copies: 1,
              },
            ),
          ],
        },
      ],
      form: form(
        {
          businessName: text('Tên hộ kinh doanh (gồm cụm từ "Hộ kinh doanh" và tên riêng)', {
            pattern: '^Hộ kinh doanh .+',
          }),
          businessAddress: text('Địa điểm kinh doanh', { maxLength: 300 }),
          businessCommune: {
            type: 'string',
            title: 'Xã, phường nơi đặt địa điểm kinh doanh',
            pattern: '^[0-9]{5}$',
          },
          activities: { type: 'string', title: 'Ngành, nghề kinh doanh', minLength: 3, maxLength: 1000 },
          capital: { type: 'integer', title: 'Vốn kinh doanh (đồng)', minimum: 1 },
          employees: {
            type: 'integer',
            title: 'Số lao động sử dụng dự kiến',
            minimum: 0,
            maximum: 1000,
            default: 1,
          },
          ownerEthnicity: prefilled('Dân tộc của chủ hộ', 'registry.ethnicity'),
          ownerNationality: prefilled('Quốc tịch của chủ hộ', 'registry.nationality'),
          ownerPermanentAddress: prefilled('Nơi thường trú của chủ hộ', 'registry.permanentAddress', {
            maxLength: 300,
          }),
        },
        ['businessName', 'businessAddress', 'businessCommune', 'activities', 'capital'],
        {
          widgets: {
            businessCommune: 'commune',
            activities: 'textarea',
            capital: 'number',
            employees: 'number',
          },
          help: {
            businessName:
              'Ví dụ: Hộ kinh doanh Nem chua Hạc Thành. Không trùng tên hộ kinh doanh khác trong xã.',
          },
        },
      ),
      workflow: workflow(0.2, 0.5, 0.3),
      result: 'Giấy chứng nhận đăng ký hộ kinh doanh.',
      legalBasis: [
        'Luật Doanh nghiệp số 59/2020/QH14',
        'Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp',
        'Thông tư số 68/2025/TT-BTC ban hành biểu mẫu đăng ký doanh nghiệp, hộ kinh doanh',
        'Thông tư số 85/2019/TT-BTC',
      ],
      conditions: [
        'Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh.',
        'Tên hộ kinh doanh đặt theo quy định, không trùng với tên riêng của hộ kinh doanh đã đăng ký trong phạm vi cấp xã.',
        'Có hồ sơ hợp lệ và nộp đủ lệ phí.',
      ],
      keywords: ['hộ kinh doanh', 'giấy phép kinh doanh', 'mở cửa hàng', 'kinh doanh cá thể'],
    },
  },
  {
    code: '2.001417',
    content: {
      name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
      nameEn: 'Judicial record certificate',
      level: 'province',
      field: 'Lý lịch tư pháp',
      applicantTypes: ['citizen'],
      agencyCode: AGENCY.justice,
      competentAgency: 'Sở Tư pháp tỉnh Thanh Hóa',
      steps: [
        'Người yêu cầu nộp Tờ khai và giấy tờ tại Trung tâm Phục vụ hành chính công tỉnh, qua bưu chính hoặc trực tuyến (Cổng Dịch vụ công, ứng dụng VNeID).',
        'Sở Tư pháp tra cứu thông tin lý lịch tư pháp, phối hợp Công an tỉnh xác minh khi cần.',
        'Giám đốc hoặc Phó Giám đốc Sở Tư pháp ký Phiếu lý lịch tư pháp; trả kết quả trực tiếp, qua bưu chính hoặc bản điện tử trên VNeID.',
      ],
      channels: [
        channel('in_person', 10, 'working_days', {
          amount: 200_000,
          note: 'Phí cung cấp thông tin lý lịch tư pháp; sinh viên, người có công: 100.000 đồng. Từ phiếu thứ 3 trở đi: 5.000 đồng/phiếu.',
        }),
        channel('online', 10, 'working_days', {
          amount: 200_000,
          note: 'Thanh toán trực tuyến qua Cổng Dịch vụ công.',
        }),
        channel('post', 10, 'working_days', { amount: 200_000, note: 'Chưa gồm cước bưu chính.' }),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Cá nhân tự yêu cầu cấp Phiếu',
          items: [
            item('declaration', 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', {
              template: 'Mẫu số 03/2013/TT-LLTP',
            }),
            item(
              'identityDocument',
              'Bản chụp Căn cước hoặc Hộ chiếu còn giá trị (không cần khi đã xác thực bằng định danh điện tử)',
              {
                originals: 0,
                copies: 1,
                required: false,
              },
            ),
          ],
        },
        {
          case: 'Ủy quyền cho người khác làm thủ tục',
          items: [
            item('declaration', 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', {
              template: 'Mẫu số 03/2013/TT-LLTP',
            }),
            item('authorisation', 'Văn bản ủy quyền có chứng thực'),
            item('representativeId', 'Bản chụp giấy tờ tùy thân của người được ủy quyền', {
              originals: 0,
              copies: 1,
            }),
          ],
        },
      ],
      form: form(
        {
          applicantSex: { ...choice('Giới tính', ['Nam', 'Nữ']), 'x-prefill': 'registry.sex' },
          birthPlace: text('Nơi sinh', { maxLength: 300 }),
          hometown: prefilled('Quê quán', 'registry.hometown', { maxLength: 300 }),
          nationality: prefilled('Quốc tịch', 'registry.nationality'),
          permanentAddress: prefilled('Nơi thường trú', 'registry.permanentAddress', { maxLength: 300 }),
          fatherName: text('Họ tên cha'),
          motherName: text('Họ tên mẹ'),
          spouseName: { type: 'string', title: 'Họ tên vợ/chồng (nếu có)', maxLength: 200 },
          residenceHistory: {
            type: 'string',
            title: 'Quá trình cư trú từ đủ 14 tuổi',
            minLength: 5,
            maxLength: 2000,
          },
          certificateType: choice('Loại Phiếu', ['Phiếu số 1', 'Phiếu số 2']),
          includeBanInfo: {
            type: 'boolean',
            title: 'Yêu cầu xác nhận thông tin về cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp',
            default: false,
          },
          purpose: text('Mục đích sử dụng Phiếu', { maxLength: 300 }),
          copies: { type: 'integer', title: 'Số lượng Phiếu', minimum: 1, maximum: 10, default: 1 },
        },
        [
          'applicantSex',
          'birthPlace',
          'permanentAddress',
          'fatherName',
          'motherName',
          'residenceHistory',
          'certificateType',
          'purpose',
        ],
        {
          widgets: {
            applicantSex: 'radio',
            certificateType: 'radio',
            residenceHistory: 'textarea',
            includeBanInfo: 'checkbox',
            copies: 'number',
          },
          help: {
            certificateType:
              'Phiếu số 1 cấp cho cá nhân, cơ quan, tổ chức; Phiếu số 2 chỉ cấp cho chính người được cấp (ghi đầy đủ án tích).',
            residenceHistory: 'Ghi theo từng giai đoạn: từ tháng/năm đến tháng/năm, nơi cư trú, nghề nghiệp.',
          },
        },
      ),
      workflow: workflow(0.1, 0.7, 0.2, 'Tra cứu, xác minh lý lịch tư pháp'),
      result: 'Phiếu lý lịch tư pháp số 1 hoặc số 2 (bản giấy hoặc bản điện tử).',
      legalBasis: [
        'Luật Lý lịch tư pháp số 28/2009/QH12',
        'Nghị định số 111/2010/NĐ-CP hướng dẫn Luật Lý lịch tư pháp',
        'Thông tư số 06/2013/TT-BTP hướng dẫn biểu mẫu lý lịch tư pháp',
        'Thông tư số 244/2016/TT-BTC quy định phí cung cấp thông tin lý lịch tư pháp',
      ],
      conditions: [],
      keywords: ['lý lịch tư pháp', 'lý lịch', 'phiếu lý lịch', 'không tiền án', 'tiền án tiền sự'],
    },
  },
  {
    code: '1.009994',
    content: {
      name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
      nameEn: 'Construction permit for a detached house',
      level: 'commune',
      field: 'Hoạt động xây dựng',
      applicantTypes: ['citizen'],
      agencyCode: null,
      competentAgency: 'Ủy ban nhân dân cấp xã',
      steps: [
        'Chủ đầu tư nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã hoặc trực tuyến.',
        'Cơ quan cấp phép kiểm tra hồ sơ, thẩm định và kiểm tra thực địa trong 10 ngày; thông báo bổ sung một lần nếu cần.',
        'Chủ tịch Ủy ban nhân dân cấp xã quyết định cấp giấy phép trong 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.',
      ],
      channels: [
        channel('in_person', 15, 'days', {
          amount: 75_000,
          note: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ theo Nghị quyết của HĐND tỉnh.',
        }),
        channel('online', 15, 'days', { amount: 75_000, note: 'Thanh toán trực tuyến.' }),
      ],
      onlineLevel: 'partial',
      components: [
        {
          case: 'Xây dựng mới nhà ở riêng lẻ',
          items: [
            item('application', 'Đơn đề nghị cấp giấy phép xây dựng', {
              template: 'Mẫu số 01 Phụ lục II Nghị định 175/2024/NĐ-CP',
            }),
            item('landProof', 'Bản sao giấy tờ chứng minh quyền sử dụng đất', { originals: 0, copies: 1 }),
            item(
              'drawings',
              'Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, đấu nối hạ tầng)',
              { originals: 2, copies: 0 },
            ),
            item('adjacentCommitment', 'Bản cam kết bảo đảm an toàn công trình liền kề (nếu có)', {
              required: false,
            }),
          ],
        },
      ],
      form: form(
        {
          plotNumber: text('Thửa đất số'),
          mapSheet: text('Tờ bản đồ số'),
          siteAddress: text('Địa điểm xây dựng', { maxLength: 300 }),
          siteCommune: { type: 'string', title: 'Xã, phường nơi xây dựng', pattern: '^[0-9]{5}$' },
          landArea: { type: 'number', title: 'Diện tích lô đất (m²)', exclusiveMinimum: 0 },
          buildingArea: { type: 'number', title: 'Diện tích xây dựng tầng 1 (m²)', exclusiveMinimum: 0 },
          floors: { type: 'integer', title: 'Số tầng', minimum: 1, maximum: 7 },
          totalFloorArea: { type: 'number', title: 'Tổng diện tích sàn (m²)', exclusiveMinimum: 0 },
          height: { type: 'number', title: 'Chiều cao công trình (m)', exclusiveMinimum: 0 },
          designer: { type: 'string', title: 'Đơn vị hoặc người thiết kế', maxLength: 200 },
          expectedCompletion: { type: 'string', title: 'Dự kiến thời gian hoàn thành', maxLength: 50 },
        },
        [
          'plotNumber',
          'mapSheet',
          'siteAddress',
          'siteCommune',
          'landArea',
          'buildingArea',
          'floors',
          'totalFloorArea',
          'height',
        ],
        {
          widgets: {
            siteCommune: 'commune',
            landArea: 'number',
            buildingArea: 'number',
            floors: 'number',
            totalFloorArea: 'number',
            height: 'number',
          },
          help: { floors: 'Nhà ở riêng lẻ từ 7 tầng trở lên do cơ quan cấp tỉnh cấp phép.' },
        },
      ),
      workflow: workflow(0.1, 0.6, 0.3, 'Thẩm định hồ sơ, kiểm tra thực địa'),
      result: 'Giấy phép xây dựng kèm bản vẽ thiết kế có đóng dấu.',
      legalBasis: [
        'Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14',
        'Nghị định số 175/2024/NĐ-CP quy định chi tiết về quản lý hoạt động xây dựng',
        'Thông tư số 85/2019/TT-BTC',
      ],
      conditions: [
        'Phù hợp với quy hoạch sử dụng đất và quy hoạch chi tiết xây dựng được duyệt.',
        'Bảo đảm an toàn cho công trình, công trình lân cận và yêu cầu về phòng cháy, chữa cháy.',
      ],
      keywords: ['giấy phép xây dựng', 'xin phép xây nhà', 'xây nhà', 'cấp phép xây dựng'],
    },
  },
  {
    code: '1.012756',
    content: {
      name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu',
      nameEn: 'First land-use rights certificate',
      level: 'commune',
      field: 'Đất đai',
      applicantTypes: ['citizen', 'household_business'],
      agencyCode: null,
      competentAgency: 'Ủy ban nhân dân cấp xã; Văn phòng đăng ký đất đai (Chi nhánh)',
      steps: [
        'Người sử dụng đất nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã hoặc trực tuyến.',
        'Ủy ban nhân dân cấp xã xác nhận hiện trạng, tình trạng tranh chấp, nguồn gốc và thời điểm sử dụng đất; niêm yết công khai 15 ngày.',
        'Văn phòng đăng ký đất đai kiểm tra hồ sơ, trích đo địa chính (nếu cần), gửi thông tin xác định nghĩa vụ tài chính.',
        'Người sử dụng đất nộp nghĩa vụ tài chính; Chủ tịch Ủy ban nhân dân cấp xã ký Giấy chứng nhận.',
      ],
      channels: [
        channel('in_person', 20, 'working_days', {
          amount: 100_000,
          note: 'Lệ phí cấp Giấy chứng nhận; chưa gồm tiền sử dụng đất, lệ phí trước bạ và phí thẩm định hồ sơ.',
        }),
        channel('online', 20, 'working_days', {
          amount: 100_000,
          note: 'Nghĩa vụ tài chính nộp trực tuyến theo thông báo của cơ quan thuế.',
        }),
      ],
      onlineLevel: 'partial',
      components: [
        {
          case: 'Hộ gia đình, cá nhân đang sử dụng đất có giấy tờ về quyền sử dụng đất',
          items: [
            item('application', 'Đơn đăng ký đất đai, tài sản gắn liền với đất', {
              template: 'Mẫu số 04/ĐK (Nghị định 151/2025/NĐ-CP)',
            }),
            item('landPapers', 'Giấy tờ về quyền sử dụng đất theo Điều 137 Luật Đất đai', {
              originals: 0,
              copies: 1,
            }),
            item('cadastralExtract', 'Mảnh trích đo bản đồ địa chính (nếu có)', { required: false }),
            item('taxExemption', 'Giấy tờ chứng minh được miễn, giảm nghĩa vụ tài chính (nếu có)', {
              originals: 0,
              copies: 1,
              required: false,
            }),
          ],
        },
        {
          case: 'Hộ gia đình, cá nhân sử dụng đất không có giấy tờ về quyền sử dụng đất',
          items: [
            item('application', 'Đơn đăng ký đất đai, tài sản gắn liền với đất', {
              template: 'Mẫu số 04/ĐK (Nghị định 151/2025/NĐ-CP)',
            }),
            item('usageProof', 'Giấy tờ, tài liệu chứng minh thời điểm bắt đầu sử dụng đất ổn định', {
              originals: 0,
              copies: 1,
            }),
            item('cadastralExtract', 'Mảnh trích đo bản đồ địa chính (nếu có)', { required: false }),
          ],
        },
      ],
      form: form(
        {
          plotNumber: text('Thửa đất số'),
          mapSheet: text('Tờ bản đồ số'),
          landAddress: text('Địa chỉ thửa đất', { maxLength: 300 }),
          landCommune: { type: 'string', title: 'Xã, phường nơi có đất', pattern: '^[0-9]{5}$' },
          area: { type: 'number', title: 'Diện tích (m²)', exclusiveMinimum: 0 },
          landUse: choice('Mục đích sử dụng', [
            'Đất ở tại nông thôn',
            'Đất ở tại đô thị',
            'Đất trồng cây lâu năm',
            'Đất trồng lúa',
            'Đất nuôi trồng thủy sản',
          ]),
          usageSince: { type: 'string', title: 'Thời điểm bắt đầu sử dụng đất', maxLength: 50 },
          origin: choice('Nguồn gốc sử dụng', [
            'Nhà nước giao đất',
            'Nhận chuyển nhượng',
            'Nhận thừa kế, tặng cho',
            'Tự khai hoang',
            'Khác',
          ]),
          attachedAssets: { type: 'string', title: 'Tài sản gắn liền với đất (nếu đăng ký)', maxLength: 500 },
        },
        ['plotNumber', 'mapSheet', 'landAddress', 'landCommune', 'area', 'landUse', 'origin'],
        {
          widgets: {
            landCommune: 'commune',
            area: 'number',
            landUse: 'select',
            origin: 'select',
            attachedAssets: 'textarea',
          },
        },
      ),
      workflow: [
        { key: 'receive', name: 'Tiếp nhận hồ sơ', role: 'dossiers.receive', share: 0.05 },
        {
          key: 'verify',
          name: 'Xác nhận hiện trạng, niêm yết công khai',
          role: 'dossiers.process',
          share: 0.35,
        },
        {
          key: 'register',
          name: 'Văn phòng đăng ký đất đai kiểm tra, xác định nghĩa vụ tài chính',
          role: 'dossiers.process',
          share: 0.4,
        },
        { key: 'approve', name: 'Ký Giấy chứng nhận', role: 'dossiers.approve', share: 0.2 },
      ],
      result:
        'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất; cập nhật cơ sở dữ liệu đất đai.',
      legalBasis: [
        'Luật Đất đai số 31/2024/QH15',
        'Nghị định số 101/2024/NĐ-CP quy định về điều tra cơ bản đất đai, đăng ký, cấp Giấy chứng nhận',
        'Nghị định số 151/2025/NĐ-CP về phân định thẩm quyền của chính quyền địa phương 02 cấp trong lĩnh vực đất đai',
      ],
      conditions: [
        'Đất không có tranh chấp, phù hợp quy hoạch sử dụng đất; sử dụng ổn định trước ngày 01/7/2014 đối với trường hợp không có giấy tờ.',
      ],
      keywords: ['sổ đỏ', 'sổ hồng', 'giấy chứng nhận quyền sử dụng đất', 'cấp sổ lần đầu', 'làm sổ đỏ'],
    },
  },
  {
    code: '1.001776',
    content: {
      name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng đối với người cao tuổi',
      nameEn: 'Monthly social allowance for the elderly',
      level: 'commune',
      field: 'Bảo trợ xã hội',
      applicantTypes: ['citizen'],
      agencyCode: null,
      competentAgency: 'Chủ tịch Ủy ban nhân dân cấp xã',
      steps: [
        'Người cao tuổi hoặc người giám hộ nộp Tờ khai tại Trung tâm Phục vụ hành chính công cấp xã hoặc trực tuyến.',
        'Công chức văn hóa - xã hội kiểm tra, trình Hội đồng xét duyệt; niêm yết công khai kết quả xét duyệt 02 ngày làm việc.',
        'Chủ tịch Ủy ban nhân dân cấp xã quyết định trợ cấp xã hội hàng tháng; trợ cấp được chi trả từ tháng quyết định có hiệu lực.',
      ],
      channels: [
        channel('in_person', 15, 'working_days'),
        channel('online', 15, 'working_days'),
        channel('post', 15, 'working_days'),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Người từ đủ 75 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hàng tháng',
          items: [
            item('declaration', 'Tờ khai đề nghị trợ giúp xã hội', {
              template: 'Mẫu số 1a Phụ lục Nghị định 20/2021/NĐ-CP',
            }),
          ],
        },
        {
          case: 'Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng',
          items: [
            item('declaration', 'Tờ khai đề nghị trợ giúp xã hội', {
              template: 'Mẫu số 1a Phụ lục Nghị định 20/2021/NĐ-CP',
            }),
            item('povertyProof', 'Giấy chứng nhận hộ nghèo hoặc xác nhận thuộc hộ nghèo', {
              originals: 0,
              copies: 1,
            }),
          ],
        },
      ],
      form: form(
        {
          applicantSex: { ...choice('Giới tính', ['Nam', 'Nữ']), 'x-prefill': 'registry.sex' },
          permanentAddress: prefilled('Nơi thường trú', 'registry.permanentAddress', { maxLength: 300 }),
          category: choice('Đối tượng', [
            'Từ đủ 75 tuổi trở lên, không có lương hưu, trợ cấp BHXH hàng tháng',
            'Từ đủ 70 đến dưới 75 tuổi, sống tại xã vùng đồng bào dân tộc thiểu số và miền núi đặc biệt khó khăn',
            'Thuộc hộ nghèo, không có người có nghĩa vụ và quyền phụng dưỡng',
          ]),
          livingSituation: choice('Hoàn cảnh sống', [
            'Sống một mình',
            'Sống cùng gia đình',
            'Sống tại cơ sở trợ giúp xã hội',
          ]),
          otherBenefits: { type: 'string', title: 'Đang hưởng chế độ nào khác (nếu có)', maxLength: 500 },
          paymentMethod: choice('Hình thức nhận trợ cấp', ['Nhận tiền mặt tại xã', 'Chuyển khoản ngân hàng']),
          bankAccount: {
            type: 'string',
            title: 'Số tài khoản ngân hàng (nếu chuyển khoản)',
            pattern: '^[0-9]{6,20}$',
          },
        },
        ['applicantSex', 'permanentAddress', 'category', 'livingSituation', 'paymentMethod'],
        {
          widgets: {
            applicantSex: 'radio',
            category: 'radio',
            livingSituation: 'select',
            paymentMethod: 'radio',
            otherBenefits: 'textarea',
          },
        },
      ),
      workflow: workflow(0.1, 0.6, 0.3, 'Xét duyệt, niêm yết công khai'),
      result: 'Quyết định hưởng trợ cấp xã hội hàng tháng (mức chuẩn 500.000 đồng/tháng nhân hệ số).',
      legalBasis: [
        'Luật Người cao tuổi số 39/2009/QH12',
        'Nghị định số 20/2021/NĐ-CP quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội',
        'Nghị định số 76/2024/NĐ-CP sửa đổi, bổ sung Nghị định số 20/2021/NĐ-CP',
      ],
      conditions: [
        'Thuộc một trong các đối tượng tại khoản 5 Điều 5 Nghị định số 20/2021/NĐ-CP (sửa đổi bởi Nghị định số 76/2024/NĐ-CP).',
      ],
      keywords: ['trợ cấp người cao tuổi', 'trợ cấp xã hội', 'người già', 'bảo trợ xã hội', 'tiền tuổi già'],
    },
  },
  {
    code: '2.002051',
    content: {
      name: 'Đăng ký thay đổi nội dung đăng ký doanh nghiệp',
      nameEn: 'Change of business registration',
      level: 'province',
      field: 'Thành lập và hoạt động của doanh nghiệp',
      applicantTypes: ['enterprise'],
      agencyCode: AGENCY.finance,
      competentAgency: 'Phòng Đăng ký kinh doanh - Sở Tài chính tỉnh Thanh Hóa',
      steps: [
        'Doanh nghiệp nộp hồ sơ qua Hệ thống thông tin quốc gia về đăng ký doanh nghiệp (dangkykinhdoanh.gov.vn), trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh hoặc qua bưu chính.',
        'Phòng Đăng ký kinh doanh xem xét tính hợp lệ của hồ sơ trong 03 ngày làm việc.',
        'Cấp Giấy chứng nhận đăng ký doanh nghiệp mới hoặc xác nhận thay đổi; công bố nội dung thay đổi trên Cổng thông tin quốc gia.',
      ],
      channels: [
        channel('in_person', 3, 'working_days', {
          amount: 50_000,
          note: 'Lệ phí đăng ký doanh nghiệp; phí công bố nội dung đăng ký doanh nghiệp 100.000 đồng (nếu phải công bố).',
        }),
        channel('online', 3, 'working_days', {
          amount: 0,
          note: 'Miễn lệ phí đăng ký qua mạng; phí công bố 100.000 đồng nếu phải công bố.',
        }),
        channel('post', 3, 'working_days', { amount: 50_000, note: 'Chưa gồm cước bưu chính.' }),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Thay đổi địa chỉ trụ sở chính, tên, vốn điều lệ',
          items: [
            item('notice', 'Thông báo thay đổi nội dung đăng ký doanh nghiệp', {
              template: 'Phụ lục II-1 (Thông tư 68/2025/TT-BTC)',
            }),
            item(
              'decision',
              'Nghị quyết, quyết định và biên bản họp của chủ sở hữu, Hội đồng thành viên hoặc Đại hội đồng cổ đông',
            ),
          ],
        },
        {
          case: 'Thay đổi người đại diện theo pháp luật',
          items: [
            item('notice', 'Thông báo thay đổi nội dung đăng ký doanh nghiệp', {
              template: 'Phụ lục II-1 (Thông tư 68/2025/TT-BTC)',
            }),
            item(
              'decision',
              'Nghị quyết, quyết định và biên bản họp về việc thay đổi người đại diện theo pháp luật',
            ),
            item(
              'representativeId',
              'Bản sao giấy tờ pháp lý của người đại diện mới (không cần với công dân Việt Nam đã có số định danh cá nhân)',
              {
                originals: 0,
                copies: 1,
                required: false,
              },
            ),
          ],
        },
      ],
      form: form(
        {
          enterpriseCode: { type: 'string', title: 'Mã số doanh nghiệp', pattern: '^[0-9]{10}(-[0-9]{3})?$' },
          enterpriseName: text('Tên doanh nghiệp', { maxLength: 300 }),
          changes: {
            type: 'array',
            title: 'Nội dung đăng ký thay đổi',
            minItems: 1,
            uniqueItems: true,
            items: {
              type: 'string',
              enum: [
                'Tên doanh nghiệp',
                'Địa chỉ trụ sở chính',
                'Vốn điều lệ',
                'Người đại diện theo pháp luật',
                'Ngành, nghề kinh doanh',
                'Thành viên, cổ đông',
              ],
            },
          },
          details: { type: 'string', title: 'Nội dung thay đổi chi tiết', minLength: 5, maxLength: 3000 },
          representativeTitle: text('Chức danh người ký thông báo', { default: 'Giám đốc' }),
        },
        ['enterpriseCode', 'enterpriseName', 'changes', 'details', 'representativeTitle'],
        {
          widgets: { changes: 'checkbox', details: 'textarea' },
          help: { enterpriseCode: 'Mã số doanh nghiệp đồng thời là mã số thuế, gồm 10 chữ số.' },
        },
      ),
      workflow: workflow(0.2, 0.5, 0.3),
      result:
        'Giấy chứng nhận đăng ký doanh nghiệp hoặc Giấy xác nhận về việc thay đổi nội dung đăng ký doanh nghiệp.',
      legalBasis: [
        'Luật Doanh nghiệp số 59/2020/QH14, sửa đổi bởi Luật số 76/2025/QH15',
        'Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp',
        'Thông tư số 68/2025/TT-BTC',
        'Thông tư số 47/2019/TT-BTC quy định phí, lệ phí đăng ký doanh nghiệp',
      ],
      conditions: [
        'Doanh nghiệp không thuộc trường hợp đang bị tạm ngừng kinh doanh theo yêu cầu của cơ quan nhà nước hoặc bị thu hồi Giấy chứng nhận.',
      ],
      keywords: [
        'thay đổi đăng ký kinh doanh',
        'đổi tên công ty',
        'đổi địa chỉ công ty',
        'tăng vốn điều lệ',
        'giấy phép kinh doanh',
      ],
    },
  },
  {
    code: '2.000217',
    content: {
      name: 'Cấp Giấy chứng nhận xuất xứ hàng hóa (C/O) ưu đãi',
      nameEn: 'Certificate of origin (C/O)',
      level: 'province',
      field: 'Xuất nhập khẩu',
      applicantTypes: ['enterprise'],
      agencyCode: AGENCY.industryTrade,
      competentAgency: 'Sở Công Thương tỉnh Thanh Hóa (tổ chức cấp C/O được Bộ Công Thương ủy quyền)',
      steps: [
        'Thương nhân đăng ký hồ sơ thương nhân lần đầu và khai báo C/O trên Hệ thống eCoSys.',
        'Tổ chức cấp C/O kiểm tra bộ hồ sơ, tiêu chí xuất xứ; kiểm tra tại cơ sở sản xuất khi cần.',
        'Người có thẩm quyền ký và cấp C/O (bản giấy hoặc C/O điện tử).',
      ],
      channels: [
        channel('in_person', 8, 'hours'),
        channel('online', 6, 'hours'),
        channel('post', 24, 'hours'),
      ],
      onlineLevel: 'full',
      components: [
        {
          case: 'Thương nhân đã đăng ký hồ sơ thương nhân',
          items: [
            item('application', 'Đơn đề nghị cấp C/O', { template: 'Phụ lục I Nghị định 31/2018/NĐ-CP' }),
            item('coForm', 'Mẫu C/O tương ứng đã khai hoàn chỉnh (Mẫu D, E, AK, EUR.1…)'),
            item('exportDeclaration', 'Bản in tờ khai hải quan xuất khẩu', { originals: 0, copies: 1 }),
            item('invoice', 'Bản sao hóa đơn thương mại', { originals: 0, copies: 1 }),
            item('billOfLading', 'Bản sao vận tải đơn hoặc chứng từ tương đương', {
              originals: 0,
              copies: 1,
            }),
            item('originCalculation', 'Bảng tính toán quá trình sản xuất đáp ứng tiêu chí xuất xứ', {
              required: false,
            }),
          ],
        },
      ],
      form: form(
        {
          enterpriseCode: {
            type: 'string',
            title: 'Mã số doanh nghiệp (thương nhân)',
            pattern: '^[0-9]{10}(-[0-9]{3})?$',
          },
          enterpriseName: text('Tên thương nhân', { maxLength: 300 }),
          coForm: choice('Mẫu C/O', [
            'Mẫu D (ASEAN)',
            'Mẫu E (ASEAN - Trung Quốc)',
            'Mẫu AK (ASEAN - Hàn Quốc)',
            'Mẫu EUR.1 (EVFTA)',
            'Mẫu CPTPP',
            'Mẫu B (không ưu đãi)',
          ]),
          importingCountry: text('Nước nhập khẩu'),
          goods: { type: 'string', title: 'Mô tả hàng hóa, mã HS', minLength: 3, maxLength: 2000 },
          quantity: text('Số lượng, trọng lượng'),
          invoiceNumber: text('Số, ngày hóa đơn thương mại'),
          exportDeclarationNumber: {
            type: 'string',
            title: 'Số tờ khai hải quan xuất khẩu',
            pattern: '^[0-9]{12}$',
          },
        },
        [
          'enterpriseCode',
          'enterpriseName',
          'coForm',
          'importingCountry',
          'goods',
          'quantity',
          'invoiceNumber',
        ],
        { widgets: { coForm: 'select', goods: 'textarea' } },
      ),
      workflow: workflow(0.1, 0.6, 0.3, 'Kiểm tra hồ sơ, tiêu chí xuất xứ'),
      result: 'Giấy chứng nhận xuất xứ hàng hóa (C/O) theo mẫu tương ứng.',
      legalBasis: [
        'Luật Quản lý ngoại thương số 05/2017/QH14',
        'Nghị định số 31/2018/NĐ-CP quy định chi tiết Luật Quản lý ngoại thương về xuất xứ hàng hóa',
        'Thông tư số 05/2018/TT-BCT quy định về xuất xứ hàng hóa',
      ],
      conditions: [
        'Hàng hóa đáp ứng quy tắc xuất xứ của Hiệp định thương mại tương ứng; thương nhân đã đăng ký hồ sơ thương nhân.',
      ],
      keywords: ['C/O', 'CO', 'xuất xứ', 'chứng nhận xuất xứ', 'xuất khẩu'],
    },
  },
  {
    code: '1.001624',
    content: {
      name: 'Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống',
      nameEn: 'Food-safety certificate for a food-service establishment',
      level: 'province',
      field: 'An toàn thực phẩm và dinh dưỡng',
      applicantTypes: ['enterprise', 'household_business'],
      agencyCode: AGENCY.health,
      competentAgency: 'Sở Y tế tỉnh Thanh Hóa',
      steps: [
        'Cơ sở nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh hoặc trực tuyến.',
        'Sở Y tế thẩm định hồ sơ trong 05 ngày làm việc và thành lập đoàn thẩm định thực tế tại cơ sở.',
        'Cấp Giấy chứng nhận trong 05 ngày làm việc kể từ ngày có kết quả thẩm định thực tế "Đạt".',
      ],
      channels: [
        channel('in_person', 20, 'working_days', {
          amount: 700_000,
          note: 'Phí thẩm định: phục vụ dưới 200 suất ăn 700.000 đồng; từ 200 suất ăn trở lên 1.000.000 đồng.',
        }),
        channel('online', 20, 'working_days', {
          amount: 700_000,
          note: 'Như nộp trực tiếp; thanh toán trực tuyến.',
        }),
      ],
      onlineLevel: 'partial',
      components: [
        {
          case: 'Cấp mới',
          items: [
            item('application', 'Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm', {
              template: 'Mẫu số 01 Phụ lục Nghị định 155/2018/NĐ-CP',
            }),
            item(
              'premisesDescription',
              'Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ bảo đảm điều kiện vệ sinh an toàn thực phẩm',
            ),
            item(
              'trainingCertificates',
              'Giấy xác nhận đủ kiến thức về an toàn thực phẩm của chủ cơ sở và người trực tiếp chế biến',
              { originals: 0, copies: 1 },
            ),
            item(
              'healthCertificates',
              'Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp chế biến',
              { originals: 0, copies: 1 },
            ),
          ],
        },
      ],
      form: form(
        {
          establishmentName: text('Tên cơ sở', { maxLength: 300 }),
          establishmentAddress: text('Địa chỉ cơ sở', { maxLength: 300 }),
          establishmentCommune: { type: 'string', title: 'Xã, phường nơi đặt cơ sở', pattern: '^[0-9]{5}$' },
          registrationNumber: text('Số Giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh'),
          serviceType: choice('Loại hình', [
            'Nhà hàng ăn uống',
            'Bếp ăn tập thể',
            'Căng tin',
            'Dịch vụ nấu ăn lưu động',
          ]),
          mealsPerDay: { type: 'integer', title: 'Số suất ăn phục vụ mỗi ngày', minimum: 1 },
          staff: { type: 'integer', title: 'Số người trực tiếp chế biến', minimum: 1 },
        },
        [
          'establishmentName',
          'establishmentAddress',
          'establishmentCommune',
          'registrationNumber',
          'serviceType',
          'mealsPerDay',
          'staff',
        ],
        {
          widgets: {
            establishmentCommune: 'commune',
            serviceType: 'select',
            mealsPerDay: 'number',
            staff: 'number',
          },
        },
      ),
      workflow: [
        { key: 'receive', name: 'Tiếp nhận hồ sơ', role: 'dossiers.receive', share: 0.05 },
        { key: 'review', name: 'Thẩm định hồ sơ', role: 'dossiers.process', share: 0.25 },
        { key: 'inspect', name: 'Thẩm định thực tế tại cơ sở', role: 'dossiers.process', share: 0.45 },
        { key: 'approve', name: 'Phê duyệt, ký Giấy chứng nhận', role: 'dossiers.approve', share: 0.25 },
      ],
      result: 'Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hiệu lực 03 năm).',
      legalBasis: [
        'Luật An toàn thực phẩm số 55/2010/QH12',
        'Nghị định số 15/2018/NĐ-CP quy định chi tiết Luật An toàn thực phẩm',
        'Nghị định số 155/2018/NĐ-CP sửa đổi quy định về điều kiện đầu tư kinh doanh thuộc lĩnh vực y tế',
        'Thông tư số 67/2021/TT-BTC quy định phí thẩm định cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm',
      ],
      conditions: [
        'Cơ sở đáp ứng điều kiện tại Điều 28, 29, 30 Luật An toàn thực phẩm về bảo đảm an toàn thực phẩm trong kinh doanh dịch vụ ăn uống.',
      ],
      keywords: ['an toàn thực phẩm', 'ATTP', 'vệ sinh an toàn thực phẩm', 'nhà hàng', 'bếp ăn'],
    },
  },
];
