import { defineErrors } from '../../platform/errors.ts';

/** The traceability module's error catalogue (ARCHITECTURE §4.4): stable codes, HTTP status, vi/en titles. */
export const errors = defineErrors('trace', {
  invalid_gtin: {
    status: 400,
    title: { vi: 'Mã GTIN không hợp lệ', en: 'Invalid GTIN' },
  },
  invalid_digital_link: {
    status: 400,
    title: { vi: 'Mã GS1 Digital Link không hợp lệ', en: 'Invalid GS1 Digital Link' },
  },
  unsupported_ai: {
    status: 400,
    title: {
      vi: 'Mã định danh ứng dụng GS1 (AI) không được hỗ trợ',
      en: 'Unsupported GS1 Application Identifier',
    },
  },
  serial_required: {
    status: 400,
    title: {
      vi: 'Chỉ ghi nhận lượt quét của sản phẩm có số sê-ri',
      en: 'Only scans of serialised items (AI 21) are recorded',
    },
  },
  code_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy sản phẩm với mã này', en: 'No product is registered under this code' },
  },
  business_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy doanh nghiệp', en: 'Business not found' },
  },
  product_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy sản phẩm', en: 'Product not found' },
  },
  batch_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy lô hàng', en: 'Batch not found' },
  },
  not_allowed: {
    status: 403,
    title: {
      vi: 'Bạn không có quyền thực hiện thao tác này cho doanh nghiệp',
      en: 'Not allowed for this business',
    },
  },
  business_exists: {
    status: 409,
    title: { vi: 'Mã số doanh nghiệp đã được đăng ký', en: 'The enterprise code is already registered' },
  },
  gtin_taken: {
    status: 409,
    title: { vi: 'Mã GTIN đã được đăng ký', en: 'The GTIN is already registered' },
  },
  gtin_outside_prefix: {
    status: 422,
    title: {
      vi: 'Mã GTIN không thuộc mã doanh nghiệp GS1 của đơn vị',
      en: 'The GTIN is not under the business’s GS1 company prefix',
    },
  },
  batch_exists: {
    status: 409,
    title: { vi: 'Lô hàng đã tồn tại', en: 'The batch already exists' },
  },
  serial_exists: {
    status: 409,
    title: { vi: 'Số sê-ri đã tồn tại', en: 'The serial number already exists' },
  },
  unknown_commune: {
    status: 422,
    title: {
      vi: 'Đơn vị hành chính cấp xã không tồn tại (danh mục 2025)',
      en: 'No such commune in the 2025 units',
    },
  },
  invalid_dates: {
    status: 422,
    title: { vi: 'Ngày không hợp lệ', en: 'The dates do not fit together' },
  },
  invalid_epcis_document: {
    status: 400,
    title: { vi: 'Tài liệu EPCIS không hợp lệ', en: 'Invalid EPCIS document' },
  },
  capture_limit_exceeded: {
    status: 413,
    title: { vi: 'Tài liệu EPCIS có quá nhiều sự kiện', en: 'Too many events in one EPCIS document' },
  },
  capture_job_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy phiên ghi nhận', en: 'Capture job not found' },
  },
  event_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy sự kiện', en: 'Event not found' },
  },
  invalid_query: {
    status: 400,
    title: { vi: 'Tham số truy vấn EPCIS không hợp lệ', en: 'Invalid EPCIS query parameter' },
  },
  recall_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy lệnh thu hồi', en: 'Recall not found' },
  },
  already_recalled: {
    status: 409,
    title: { vi: 'Lô hàng đang bị thu hồi', en: 'The batch is already under recall' },
  },
  invalid_enterprise_code: {
    status: 400,
    title: {
      vi: 'Mã số doanh nghiệp không hợp lệ (10 chữ số, chi nhánh thêm -3 chữ số)',
      en: 'Invalid enterprise code (10 digits, branches add -3 digits)',
    },
  },
  invalid_gln: {
    status: 400,
    title: { vi: 'Mã địa điểm toàn cầu (GLN) không hợp lệ', en: 'Invalid Global Location Number (GLN)' },
  },
  invalid_company_prefix: {
    status: 400,
    title: { vi: 'Mã doanh nghiệp GS1 không hợp lệ', en: 'Invalid GS1 company prefix' },
  },
  gln_required: {
    status: 422,
    title: {
      vi: 'Cần mã GLN hoặc mã doanh nghiệp GS1 để xác định địa điểm',
      en: 'A GLN or a GS1 company prefix is needed to identify the location',
    },
  },
  gln_taken: {
    status: 409,
    title: { vi: 'Mã GLN đã được doanh nghiệp khác sử dụng', en: 'The GLN belongs to another business' },
  },
  prefix_taken: {
    status: 409,
    title: {
      vi: 'Mã doanh nghiệp GS1 đã được doanh nghiệp khác sử dụng',
      en: 'The GS1 company prefix belongs to another business',
    },
  },
  business_suspended: {
    status: 403,
    title: {
      vi: 'Doanh nghiệp đang bị đình chỉ: chỉ được xem dữ liệu',
      en: 'The business is suspended: its users may only read',
    },
  },
  invalid_certification: {
    status: 422,
    title: { vi: 'Chứng nhận không hợp lệ', en: 'Invalid certification' },
  },
  certification_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy chứng nhận', en: 'Certification not found' },
  },
  certification_withdrawn: {
    status: 409,
    title: { vi: 'Chứng nhận đã bị thu hồi', en: 'The certification is already withdrawn' },
  },
  no_eid_account: {
    status: 422,
    title: {
      vi: 'Người này chưa có tài khoản định danh điện tử',
      en: 'This person has no e-ID account',
    },
  },
  member_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy thành viên', en: 'Member not found' },
  },
  last_manager: {
    status: 409,
    title: {
      vi: 'Doanh nghiệp phải còn ít nhất một người quản lý',
      en: 'A business keeps at least one manager',
    },
  },
  not_acceptable: {
    status: 406,
    title: { vi: 'Không có định dạng phản hồi phù hợp', en: 'No acceptable representation' },
  },
});

/** The same catalogue, under the name the GS1 helpers use. */
export const gs1Errors = errors;
