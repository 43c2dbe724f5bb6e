import { defineErrors } from '../../platform/errors.ts';

/** The identity module's error catalogue (ARCHITECTURE §4.4). */
export const errors = defineErrors('identity', {
  registration_mismatch: {
    status: 422,
    title: {
      vi: 'Thông tin không khớp với Cơ sở dữ liệu quốc gia về dân cư',
      en: 'The details do not match the population registry',
    },
  },
  account_exists: {
    status: 409,
    title: {
      vi: 'Số định danh này đã có tài khoản định danh điện tử',
      en: 'This person already has an account',
    },
  },
  invalid_code: {
    status: 400,
    title: { vi: 'Mã xác thực không đúng hoặc đã hết hạn', en: 'The one-time code is wrong or expired' },
  },
  weak_password: {
    status: 422,
    title: {
      vi: 'Mật khẩu quá ngắn hoặc quá phổ biến',
      en: 'The password is too short or too common',
    },
  },
  invalid_credentials: {
    status: 401,
    title: { vi: 'Số định danh hoặc mật khẩu không đúng', en: 'Wrong personal ID or password' },
  },
  too_many_attempts: {
    status: 429,
    title: {
      vi: 'Đăng nhập sai quá nhiều lần, vui lòng thử lại sau',
      en: 'Too many failed attempts; try again later',
    },
  },
  account_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy tài khoản', en: 'No such account' },
  },
  account_inactive: {
    status: 409,
    title: { vi: 'Tài khoản không ở trạng thái hoạt động', en: 'The account is not active' },
  },
  interaction_expired: {
    status: 400,
    title: {
      vi: 'Phiên đăng nhập đã hết hạn, vui lòng bắt đầu lại',
      en: 'The sign-in request expired; start again',
    },
  },
  level_too_low: {
    status: 403,
    title: {
      vi: 'Thao tác này cần tài khoản định danh điện tử mức 2',
      en: 'This needs a level 2 electronic identification account',
    },
  },
  invalid_logout_token: {
    status: 400,
    title: { vi: 'Yêu cầu đăng xuất không hợp lệ', en: 'Invalid logout token' },
  },
  mfa_already_enabled: {
    status: 409,
    title: { vi: 'Ứng dụng xác thực đã được bật', en: 'An authenticator app is already set up' },
  },
  second_factor_required: {
    status: 401,
    title: { vi: 'Cần nhập mã xác thực từ ứng dụng', en: 'Enter the code from your authenticator app' },
  },
  passkey_failed: {
    status: 400,
    title: { vi: 'Không xác minh được khoá truy cập', en: 'The passkey could not be verified' },
  },
  not_a_guardian: {
    status: 422,
    title: {
      vi: 'Cơ sở dữ liệu dân cư không ghi nhận bạn là cha, mẹ của trẻ dưới 14 tuổi này',
      en: 'The registry does not show you as the parent of this child under 14',
    },
  },
  invalid_mandate: {
    status: 422,
    title: { vi: 'Không thể lập uỷ quyền', en: 'The mandate cannot be created' },
  },
  unknown_client: {
    status: 404,
    title: { vi: 'Không tìm thấy ứng dụng', en: 'No such client' },
  },
  invalid_client: {
    status: 400,
    title: { vi: 'Thông tin ứng dụng không hợp lệ', en: 'Invalid client metadata' },
  },
});
