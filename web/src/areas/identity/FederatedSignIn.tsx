import './federated.css';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api.ts';

/** Texts of the national e-ID button and of its refusals; they travel with the sign-in chunk. */
const vi = {
  or: 'hoặc',
  button: 'Đăng nhập bằng VNeID (tài khoản định danh điện tử quốc gia)',
  hint: 'Bạn sẽ được chuyển tới ứng dụng định danh quốc gia rồi quay lại đây.',
  errors: {
    federation_failed: 'Đăng nhập bằng VNeID không thành công. Vui lòng thử lại.',
    federation_unknown_person:
      'Số định danh đã xác thực không có trong Cơ sở dữ liệu dân cư của tỉnh. Vui lòng liên hệ công an xã nơi cư trú.',
    federation_conflict:
      'Tài khoản VNeID này đã liên kết với một người khác. Vui lòng liên hệ bộ phận hỗ trợ.',
    level_too_low: 'Dịch vụ này yêu cầu định danh mức 2, nhưng VNeID chỉ xác nhận mức 1.',
    account_inactive: 'Tài khoản định danh điện tử của bạn đang bị tạm khóa hoặc đã thu hồi.',
    upstream_unavailable: 'Không kết nối được VNeID. Vui lòng thử lại sau.',
  },
};
const en: typeof vi = {
  or: 'or',
  button: 'Sign in with VNeID (national e-ID)',
  hint: 'You will be taken to the national e-ID and brought back here.',
  errors: {
    federation_failed: 'Signing in with VNeID did not succeed. Please try again.',
    federation_unknown_person:
      'The authenticated personal ID is not in the province population registry. Please contact your commune police.',
    federation_conflict: 'This VNeID account is linked to another person. Please contact support.',
    level_too_low: 'This service needs level 2, but VNeID confirmed level 1 only.',
    account_inactive: 'Your e-ID account is locked or revoked.',
    upstream_unavailable: 'VNeID cannot be reached. Please try again later.',
  },
};

/**
 * "Sign in with the national e-ID" on the provider's sign-in step, when an upstream is configured: a plain
 * link (the server redirects to the upstream), and why the last attempt was refused, if it was.
 */
export function FederatedSignIn({ uid }: { uid: string }) {
  const { i18n } = useTranslation();
  const t = i18n.resolvedLanguage === 'en' ? en : vi;
  const [params] = useSearchParams();
  const offered = useApi<{ enabled: boolean }>('/api/v1/identity/federation');
  const code = params.get('federation_error')?.replace(/^identity\./, '');
  const known = code !== undefined && Object.hasOwn(t.errors, code);
  const reason = code ? t.errors[known ? (code as keyof typeof vi.errors) : 'federation_failed'] : undefined;
  return (
    <>
      {reason && (
        <div className="alert" role="alert">
          <p className="alert-title">{reason}</p>
        </div>
      )}
      {offered.data?.enabled && (
        <div className="stack federated">
          <p className="muted">{t.or}</p>
          <a
            className="button button-secondary"
            href={`/oidc/interaction/${encodeURIComponent(uid)}/federated`}
          >
            {t.button}
          </a>
          <p className="hint">{t.hint}</p>
        </div>
      )}
    </>
  );
}
