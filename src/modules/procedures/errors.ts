import { defineErrors } from '../../platform/errors.ts';

/** The procedure catalogue's errors (ARCHITECTURE §4.4): stable codes, HTTP status, vi/en titles. */
export const errors = defineErrors('procedures', {
  not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy thủ tục hành chính', en: 'Procedure not found' },
  },
  version_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy phiên bản thủ tục', en: 'Procedure version not found' },
  },
  agency_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy cơ quan', en: 'Agency not found' },
  },
  no_draft: {
    status: 404,
    title: { vi: 'Thủ tục không có bản nháp', en: 'The procedure has no draft' },
  },
  exists: {
    status: 409,
    title: { vi: 'Mã thủ tục đã tồn tại', en: 'A procedure with this code exists' },
  },
  draft_exists: {
    status: 409,
    title: { vi: 'Thủ tục đang có một bản nháp', en: 'The procedure already has a draft' },
  },
  draft_changed: {
    status: 409,
    title: { vi: 'Bản nháp vừa được thay đổi, hãy tải lại', en: 'The draft changed meanwhile; reload it' },
  },
  invalid: {
    status: 400,
    title: { vi: 'Nội dung thủ tục không hợp lệ', en: 'Invalid procedure content' },
  },
  no_commune_agency: {
    status: 422,
    title: {
      vi: 'Xã, phường chưa có cơ quan tiếp nhận hồ sơ',
      en: 'No receiving agency for this commune',
    },
  },
});
