import { defineErrors } from '../../../platform/errors.ts';

/** Errors of federated sign-in (the module's `identity.` catalogue). */
export const federationErrors = defineErrors('identity', {
  federation_disabled: {
    status: 404,
    title: {
      vi: 'Chưa cấu hình đăng nhập bằng tài khoản định danh điện tử quốc gia',
      en: 'Sign-in with the national e-ID is not configured',
    },
  },
  federation_failed: {
    status: 400,
    title: {
      vi: 'Đăng nhập bằng tài khoản định danh điện tử quốc gia không thành công, vui lòng thử lại',
      en: 'Sign-in with the national e-ID failed; start again',
    },
  },
  upstream_unavailable: {
    status: 502,
    title: {
      vi: 'Không kết nối được hệ thống định danh điện tử quốc gia, vui lòng thử lại sau',
      en: 'The national e-ID cannot be reached; try again later',
    },
  },
  federation_unknown_person: {
    status: 403,
    title: {
      vi: 'Số định danh được xác thực không có trong Cơ sở dữ liệu dân cư của tỉnh',
      en: 'The authenticated personal ID is not a living resident in the registry',
    },
  },
  federation_conflict: {
    status: 409,
    title: {
      vi: 'Tài khoản định danh quốc gia này đã liên kết với một người khác',
      en: 'This national e-ID subject is linked to another person',
    },
  },
});
