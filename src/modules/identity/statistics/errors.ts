import { defineErrors } from '../../../platform/errors.ts';

/** Errors of the activation statistics and targets (the module's `identity.` catalogue). */
export const statisticsErrors = defineErrors('identity', {
  invalid_statistics_query: {
    status: 400,
    title: { vi: 'Tham số thống kê không hợp lệ', en: 'Invalid statistics query' },
  },
  unknown_unit: {
    status: 404,
    title: { vi: 'Không tìm thấy đơn vị hành chính', en: 'No such administrative unit' },
  },
});
