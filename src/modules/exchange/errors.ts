import { defineErrors } from '../../platform/errors.ts';

/** The exchange module's error catalogue (ARCHITECTURE §4.4). */
export const errors = defineErrors('exchange', {
  unauthenticated: {
    status: 401,
    title: {
      vi: 'Thiếu hoặc sai mã truy cập của hệ thống',
      en: 'A valid access token of an exchange system is required',
    },
  },
  unknown_system: {
    status: 403,
    title: {
      vi: 'Hệ thống chưa được đăng ký trên nền tảng chia sẻ dữ liệu',
      en: 'The calling client is not a registered exchange system',
    },
  },
  service_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy dịch vụ', en: 'No such service' },
  },
  access_denied: {
    status: 403,
    title: {
      vi: 'Hệ thống không có quyền truy cập dịch vụ này',
      en: 'The calling system holds no valid access right to this service',
    },
  },
  purpose_required: {
    status: 400,
    title: {
      vi: 'Dịch vụ liên quan đến cá nhân: cần nêu mục đích',
      en: 'This service concerns persons: state the purpose',
    },
  },
  consent_required: {
    status: 403,
    title: {
      vi: 'Công dân chưa đồng ý cho hệ thống này lấy dữ liệu',
      en: 'The citizen has not consented to this system retrieving their data',
    },
  },
  quota_exceeded: {
    status: 429,
    title: { vi: 'Vượt hạn mức gọi dịch vụ', en: 'Call quota exceeded for this service' },
  },
  body_too_large: {
    status: 413,
    title: { vi: 'Dữ liệu gửi hoặc nhận quá lớn', en: 'The message body is too large for this service' },
  },
  upstream_timeout: {
    status: 504,
    title: { vi: 'Hệ thống cung cấp không trả lời kịp', en: 'The providing system did not answer in time' },
  },
  upstream_unavailable: {
    status: 502,
    title: { vi: 'Không kết nối được hệ thống cung cấp', en: 'The providing system could not be reached' },
  },
  webhook_not_allowed: {
    status: 403,
    title: {
      vi: 'Địa chỉ nhận sự kiện chưa được đăng ký cho hệ thống này',
      en: 'The webhook URL is not at an origin registered for this system',
    },
  },
  invalid_request: {
    status: 400,
    title: { vi: 'Yêu cầu không hợp lệ', en: 'The request is not valid' },
  },
  not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy', en: 'Not found' },
  },
  conflict: {
    status: 409,
    title: { vi: 'Đã tồn tại hoặc không ở trạng thái phù hợp', en: 'Already exists or in the wrong state' },
  },
});
