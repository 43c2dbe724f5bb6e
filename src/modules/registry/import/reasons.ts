import { AppError, errorSpec } from '../../../platform/errors.ts';
import type { Text } from '../../../platform/i18n/index.ts';

/**
 * Why a row was rejected: a stable code, a title in Vietnamese and English, and the detail. Registry
 * errors (errors.ts) keep their codes; the import's own reasons are `registry.import.*`. They are not in
 * the HTTP error catalogue because they are never an HTTP response, only lines of the rejection report.
 */
export interface Reason {
  code: string;
  vi: string;
  en: string;
  /** In English; `localized` has it in both languages when it was written so. */
  detail: string;
  localized?: Text;
}

export function reasonOf(error: unknown): Reason {
  if (!(error instanceof AppError)) throw error;
  const title = errorSpec(error.code)?.title ?? { vi: error.message, en: error.message };
  const reason: Reason = { code: error.code, vi: title.vi, en: title.en, detail: error.message };
  if (error.localized) reason.localized = error.localized;
  return reason;
}

const IMPORT_REASONS = {
  field_count: { vi: 'Số cột của dòng không đúng', en: 'Wrong number of fields' },
  required: { vi: 'Thiếu thông tin bắt buộc', en: 'A required field is empty' },
  invalid_sex: { vi: 'Giới tính không hợp lệ', en: 'Invalid sex' },
  invalid_marital_status: { vi: 'Tình trạng hôn nhân không hợp lệ', en: 'Invalid marital status' },
  invalid_address: { vi: 'Địa chỉ không hợp lệ', en: 'Invalid address' },
  duplicate_personal_id: {
    vi: 'Số định danh trùng với dòng khác trong tệp',
    en: 'The personal ID appears on another line of the file',
  },
  household_not_contiguous: {
    vi: 'Các dòng của hộ không liền nhau trong tệp',
    en: 'The rows of a household are not contiguous',
  },
  household_head: { vi: 'Hộ phải có đúng một chủ hộ', en: 'A household needs exactly one head (chủ hộ)' },
  household_rejected: { vi: 'Cả hộ bị từ chối', en: 'The whole household is rejected' },
  outside_jurisdiction: {
    vi: 'Địa chỉ hiện tại ngoài phạm vi quản lý của người nhập',
    en: 'The current address is outside your jurisdiction',
  },
  exists_with_different_data: {
    vi: 'Đã có trong cơ sở dữ liệu với thông tin khác; hãy dùng thủ tục điều chỉnh',
    en: 'Exists with different data; use a correction',
  },
} as const;

export type ImportReasonCode = keyof typeof IMPORT_REASONS;

export function importReason(code: ImportReasonCode, detail: string | Text): Reason {
  const reason: Reason = {
    code: `registry.import.${code}`,
    ...IMPORT_REASONS[code],
    detail: typeof detail === 'string' ? detail : detail.en,
  };
  if (typeof detail !== 'string') reason.localized = detail;
  return reason;
}

/** The detail in a language, English when it was written only in English. */
export const detailIn = (reason: Reason, lang: keyof Text) => reason.localized?.[lang] ?? reason.detail;

/** The reason given to a valid row of a household that has an invalid one (never half a household). */
export const householdRejected = (line: number) =>
  importReason('household_rejected', {
    vi: `Cả hộ bị từ chối vì dòng ${line} không hợp lệ.`,
    en: `Household rejected because line ${line} is invalid.`,
  });
