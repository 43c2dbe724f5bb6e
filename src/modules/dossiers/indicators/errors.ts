import { defineErrors } from '../../../platform/errors.ts';

/** Errors of the public statistics and Decision 766 indicators (part of the dossiers catalogue). */
export const errors = defineErrors('dossiers', {
  unknown_agency: {
    status: 404,
    title: { vi: 'Không tìm thấy cơ quan', en: 'Agency not found' },
  },
  unknown_commune: {
    status: 404,
    title: { vi: 'Không tìm thấy xã, phường', en: 'Commune not found' },
  },
  invalid_scope: {
    status: 400,
    title: {
      vi: 'Chỉ chọn một phạm vi: cơ quan hoặc xã, phường',
      en: 'Choose one scope: an agency or a commune',
    },
  },
});
