import { useTranslation } from 'react-i18next';

// Texts of the administration area's e-ID statistics; they travel with the area's chunk.
const vi = {
  title: 'Thống kê kích hoạt định danh điện tử',
  lead: 'Số tài khoản định danh điện tử đang hoạt động theo mức, theo xã/phường nơi cư trú hiện tại, theo tháng và so với chỉ tiêu.',
  from: 'Từ tháng',
  to: 'Đến tháng',
  commune: 'Xã/phường',
  wholeProvince: 'Toàn tỉnh',
  show: 'Xem',
  loading: 'Đang tải số liệu…',
  scopeProvince: 'Tỉnh {{name}}',
  asOf: 'đến hết tháng {{month}}',
  total: 'Tổng số tài khoản',
  level1: 'Mức 1',
  level2: 'Mức 2',
  targets: 'So với chỉ tiêu',
  noTargets:
    'Chưa có chỉ tiêu cho khoảng thời gian này (đặt bằng lệnh citizen identity target set hoặc API).',
  targetLine: '{{unit}} · {{period}} · {{level}}',
  levelAll: 'mọi mức',
  levelTwo: 'mức 2',
  achieved: 'đạt {{achieved}} / {{target}} ({{percent}} %)',
  measuredAt: 'tính đến tháng {{month}}',
  cumulativeTitle: 'Tài khoản đang hoạt động (lũy kế cuối tháng)',
  monthlyTitle: 'Kích hoạt mới theo tháng',
  monthlyNew: 'Tài khoản mới',
  monthlyLevel2: 'Lên mức 2',
  totalLine: 'Tổng số',
  level2Line: 'Mức 2',
  targetOf: 'Chỉ tiêu {{period}} ({{level}})',
  communesTitle: 'Theo xã/phường (nhiều nhất trước)',
  communesTop: '{{count}} xã/phường có nhiều tài khoản nhất',
  unknownCommune: 'Chưa xác định xã/phường',
  table: 'Xem bảng số liệu',
  month: 'Tháng',
  code: 'Mã',
  name: 'Tên',
};

export type AdminTexts = typeof vi;

const en: AdminTexts = {
  title: 'e-ID activation statistics',
  lead: 'Active e-ID accounts by level, by the commune of the current address, by month and against targets.',
  from: 'From month',
  to: 'To month',
  commune: 'Commune',
  wholeProvince: 'Whole province',
  show: 'Show',
  loading: 'Loading figures…',
  scopeProvince: '{{name}} province',
  asOf: 'at the end of {{month}}',
  total: 'Accounts',
  level1: 'Level 1',
  level2: 'Level 2',
  targets: 'Against targets',
  noTargets: 'No target for these months (set them with citizen identity target set or the API).',
  targetLine: '{{unit}} · {{period}} · {{level}}',
  levelAll: 'all levels',
  levelTwo: 'level 2',
  achieved: '{{achieved}} of {{target}} ({{percent}} %)',
  measuredAt: 'counted at {{month}}',
  cumulativeTitle: 'Active accounts (at the end of each month)',
  monthlyTitle: 'New activations per month',
  monthlyNew: 'New accounts',
  monthlyLevel2: 'Raised to level 2',
  totalLine: 'All',
  level2Line: 'Level 2',
  targetOf: 'Target {{period}} ({{level}})',
  communesTitle: 'By commune (most first)',
  communesTop: 'The {{count}} communes with the most accounts',
  unknownCommune: 'Commune not determined',
  table: 'Show the figures as a table',
  month: 'Month',
  code: 'Code',
  name: 'Name',
};

export function useAdminTexts(): AdminTexts {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage === 'en' ? en : vi;
}

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
}

/** Numbers the Vietnamese way (1.300.000) or the English way (1,300,000). */
export function useNumber() {
  const { i18n } = useTranslation();
  const format = new Intl.NumberFormat(i18n.resolvedLanguage === 'en' ? 'en' : 'vi-VN');
  return (n: number) => format.format(n);
}

/** "2025-03" → "03/2025". */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
