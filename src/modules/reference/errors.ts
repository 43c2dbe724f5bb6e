import { defineErrors } from '../../platform/errors.ts';

export const errors = defineErrors('reference', {
  unit_not_found: {
    status: 404,
    title: { vi: 'Không tìm thấy đơn vị hành chính', en: 'Administrative unit not found' },
  },
  query_required: {
    status: 400,
    title: { vi: 'Cần nhập từ khóa hoặc mã tỉnh', en: 'A search text or a province code is required' },
  },
});
