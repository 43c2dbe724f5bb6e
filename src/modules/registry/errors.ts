import { defineErrors } from '../../platform/errors.ts';

/** The registry's error catalogue (ARCHITECTURE §4.4): stable codes, HTTP status, vi/en titles. */
export const errors = defineErrors('registry', {
  invalid_personal_id: {
    status: 400,
    title: { vi: 'Số định danh cá nhân không hợp lệ', en: 'Invalid personal identification number' },
  },
  unknown_id_province: {
    status: 400,
    title: {
      vi: 'Mã tỉnh trong số định danh cá nhân không tồn tại',
      en: 'Unknown province prefix in the personal identification number',
    },
  },
  id_sex_mismatch: {
    status: 422,
    title: {
      vi: 'Mã thế kỷ và giới tính trong số định danh không khớp với giới tính',
      en: 'The century and sex digit of the personal ID does not match the sex',
    },
  },
  id_birth_year_mismatch: {
    status: 422,
    title: {
      vi: 'Số định danh không khớp với năm sinh',
      en: 'The personal ID does not match the year of birth',
    },
  },
  invalid_date: {
    status: 400,
    title: { vi: 'Ngày không hợp lệ', en: 'Invalid date' },
  },
  date_in_future: {
    status: 422,
    title: { vi: 'Ngày hiệu lực ở tương lai', en: 'The effective date is in the future' },
  },
  date_before_birth: {
    status: 422,
    title: { vi: 'Ngày hiệu lực trước ngày sinh', en: 'The effective date is before the date of birth' },
  },
  date_before_registration: {
    status: 422,
    title: {
      vi: 'Ngày hiệu lực trước ngày đăng ký vào cơ sở dữ liệu',
      en: 'The effective date is before the person entered the registry',
    },
  },
  nothing_to_change: {
    status: 400,
    title: { vi: 'Không có thông tin nào cần thay đổi', en: 'Nothing to change' },
  },
  invalid_name: {
    status: 400,
    title: { vi: 'Họ tên không hợp lệ', en: 'Invalid name' },
  },
  unknown_commune: {
    status: 422,
    title: {
      vi: 'Đơn vị hành chính cấp xã không tồn tại trong bộ dữ liệu đã nêu',
      en: 'The commune does not exist in the stated dataset version',
    },
  },
  resident_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy công dân', en: 'Resident not found' },
  },
  already_registered: {
    status: 409,
    title: { vi: 'Công dân đã có trong cơ sở dữ liệu', en: 'The person is already registered' },
  },
  outside_jurisdiction: {
    status: 403,
    title: { vi: 'Ngoài phạm vi quản lý', en: 'Outside your jurisdiction' },
  },
  concurrent_change: {
    status: 409,
    title: {
      vi: 'Hồ sơ vừa được người khác thay đổi, hãy tải lại',
      en: 'The record was changed by someone else; reload it',
    },
  },
  purpose_required: {
    status: 400,
    title: { vi: 'Cần nêu mục đích truy cập', en: 'A purpose is required to read personal data' },
  },
  legal_basis_required: {
    status: 400,
    title: { vi: 'Cần nêu căn cứ pháp lý', en: 'A legal basis is required' },
  },
  reason_required: {
    status: 400,
    title: { vi: 'Cần nêu lý do', en: 'A reason is required' },
  },
  resident_deceased: {
    status: 409,
    title: { vi: 'Công dân đã chết', en: 'The person is deceased' },
  },
  marriage_not_allowed: {
    status: 409,
    title: { vi: 'Không đủ điều kiện kết hôn', en: 'The marriage cannot be recorded' },
  },
  not_married: {
    status: 409,
    title: { vi: 'Hai người không có quan hệ hôn nhân', en: 'The two people are not married to each other' },
  },
  household_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy hộ gia đình', en: 'Household not found' },
  },
  household_number_taken: {
    status: 409,
    title: { vi: 'Số hộ đã được sử dụng', en: 'The household number is already in use' },
  },
  import_file_invalid: {
    status: 400,
    title: {
      vi: 'Tệp nhập không đúng định dạng',
      en: 'The import file does not follow the format',
    },
  },
  commune_not_found: {
    status: 404,
    title: {
      vi: 'Không tìm thấy xã, phường trong phạm vi quản lý',
      en: 'No such commune in your jurisdiction',
    },
  },
  household_dissolved: {
    status: 409,
    title: {
      vi: 'Hộ đã được nhập vào hộ khác',
      en: 'The household was merged into another',
    },
  },
  household_change_invalid: {
    status: 422,
    title: { vi: 'Không thể thay đổi hộ như vậy', en: 'The household cannot be changed this way' },
  },
  not_a_member: {
    status: 422,
    title: { vi: 'Người này không thuộc hộ', en: 'The person is not a member of the household' },
  },
});
