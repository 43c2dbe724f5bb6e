import { defineErrors } from '../../platform/errors.ts';

/** The dossiers module's error catalogue (ARCHITECTURE §4.4): stable codes, HTTP status, vi/en titles. */
export const errors = defineErrors('dossiers', {
  not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy hồ sơ', en: 'Dossier not found' },
  },
  procedure_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy thủ tục hành chính', en: 'Procedure not found' },
  },
  document_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy thành phần hồ sơ đã tải lên', en: 'Uploaded document not found' },
  },
  result_not_found: {
    status: 404,
    title: { vi: 'Hồ sơ chưa có kết quả', en: 'The dossier has no result yet' },
  },
  applicant_not_found: {
    status: 404,
    title: {
      vi: 'Không tìm thấy công dân trong Cơ sở dữ liệu dân cư',
      en: 'The applicant is not in the population registry',
    },
  },
  action_not_allowed: {
    status: 409,
    title: {
      vi: 'Thao tác không được phép ở trạng thái hiện tại của hồ sơ',
      en: 'This action is not allowed in the dossier’s current status',
    },
  },
  not_online: {
    status: 409,
    title: {
      vi: 'Thủ tục không cho phép nộp hồ sơ trực tuyến',
      en: 'This procedure cannot be applied for online',
    },
  },
  commune_required: {
    status: 400,
    title: {
      vi: 'Hãy chọn xã, phường nơi nộp hồ sơ',
      en: 'Choose the commune to file the dossier with',
    },
  },
  invalid_form: {
    status: 400,
    title: { vi: 'Tờ khai chưa đúng hoặc còn thiếu', en: 'The application form is invalid or incomplete' },
  },
  missing_documents: {
    status: 400,
    title: { vi: 'Còn thiếu thành phần hồ sơ bắt buộc', en: 'Required documents are missing' },
  },
  unknown_component: {
    status: 400,
    title: { vi: 'Thủ tục không có thành phần hồ sơ này', en: 'The procedure has no such component' },
  },
  invalid_upload: {
    status: 400,
    title: { vi: 'Tệp tải lên không hợp lệ', en: 'The upload is not valid' },
  },
  file_too_large: {
    status: 413,
    title: { vi: 'Tệp vượt quá dung lượng cho phép', en: 'The file is larger than allowed' },
  },
  unsupported_file_type: {
    status: 415,
    title: { vi: 'Loại tệp không được chấp nhận', en: 'This type of file is not accepted' },
  },
  invalid_action: {
    status: 400,
    title: { vi: 'Thao tác thiếu thông tin cần thiết', en: 'The action lacks required information' },
  },
  feedback_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy phản ánh, kiến nghị', en: 'Feedback not found' },
  },
  feedback_answered: {
    status: 409,
    title: { vi: 'Phản ánh, kiến nghị đã được trả lời', en: 'The feedback was already answered' },
  },
  handler_not_found: {
    status: 400,
    title: {
      vi: 'Cán bộ được phân công không thuộc cơ quan xử lý hồ sơ',
      en: 'The assigned handler does not work for the dossier’s agency',
    },
  },
  idempotency_key_reused: {
    status: 422,
    title: {
      vi: 'Khóa Idempotency-Key đã được dùng cho một yêu cầu khác',
      en: 'The Idempotency-Key was already used for a different request',
    },
  },
});

/** The one answer for a dossier that does not exist or that the caller may not see (§8.7). */
export const dossierNotFound = () =>
  errors.not_found({ vi: 'Không tìm thấy hồ sơ.', en: 'No such dossier.' });
