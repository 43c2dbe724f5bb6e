import { defineErrors } from '../../platform/errors.ts';

/** The documents module's error catalogue (ARCHITECTURE §4.4): stable codes, HTTP status, vi/en titles. */
export const errors = defineErrors('documents', {
  not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy văn bản', en: 'Document not found' },
  },
  not_a_pdf: {
    status: 415,
    title: {
      vi: 'Chỉ kiểm tra được tệp PDF (application/pdf)',
      en: 'Only a PDF file (application/pdf) can be checked',
    },
  },
  empty_file: {
    status: 400,
    title: { vi: 'Chưa có tệp để kiểm tra', en: 'No file to check' },
  },
  invalid_input: {
    status: 422,
    title: { vi: 'Nội dung văn bản không hợp lệ', en: 'The document content is not valid' },
  },
  already_revoked: {
    status: 409,
    title: { vi: 'Văn bản đã bị thu hồi', en: 'The document is already revoked' },
  },
});
