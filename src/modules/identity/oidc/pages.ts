import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * The few pages the provider renders itself (logout confirmation, after logout, errors): plain HTML in
 * Vietnamese and English, no script, styled like the web app's sign-in page.
 */
const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(title: string, body: string) {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #b3261e;background:#b3261e;color:#fff}button.secondary{background:#fff;color:#1a1a1a;border-color:#999}p.en{color:#555}</style></head><body>${body}</body></html>`;
}

export async function logoutPage(ctx: KoaContextWithOIDC, form: string) {
  // `form` is the provider's hidden form (id "op.logoutForm") carrying the signed request.
  ctx.body = page(
    'Đăng xuất',
    `${form}<h1>Đăng xuất?</h1><p>Bạn có muốn đăng xuất khỏi tài khoản định danh điện tử trên thiết bị này?</p><p class="en">Sign out of your e-ID account on this device?</p><button form="op.logoutForm" name="logout" value="yes">Đăng xuất / Sign out</button> <button class="secondary" form="op.logoutForm">Ở lại / Stay</button>`,
  );
}

export async function loggedOutPage(ctx: KoaContextWithOIDC) {
  ctx.body = page(
    'Đã đăng xuất',
    '<h1>Bạn đã đăng xuất</h1><p class="en">You are signed out.</p><p><a href="/">Trang chủ / Home</a></p>',
  );
}

export async function errorPage(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) {
  ctx.type = 'html';
  ctx.body = page(
    'Lỗi đăng nhập',
    `<h1>Không thể đăng nhập</h1><p>Yêu cầu đăng nhập không hợp lệ hoặc đã hết hạn. Hãy quay lại dịch vụ và thử lại.</p><p class="en">The sign-in request is invalid or expired. Go back to the service and try again.</p><p><code>${escapeHtml(out.error)}</code>${out.error_description ? ` — ${escapeHtml(out.error_description)}` : ''}</p>`,
  );
}
