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
];
