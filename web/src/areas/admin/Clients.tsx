import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Problem, ProblemError, postJson, sendJson, useApi } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface Client {
  clientId: string;
  name: string;
  grantTypes: string[];
  authMethod: string;
  redirectUris: string[];
  certificateBound: boolean;
  firstParty: boolean;
  disabled: boolean;
}

const vi = {
  title: 'Dịch vụ kết nối đăng nhập một lần',
  lead: 'Các dịch vụ (cổng, phần mềm một cửa, hệ thống của cơ quan) dùng nhà cung cấp OpenID của nền tảng. Hệ thống của cơ quan xác thực bằng khoá riêng (private_key_jwt).',
  id: 'Mã dịch vụ (client_id)',
  name: 'Tên dịch vụ',
  kind: 'Loại',
  web: 'Dịch vụ có người dùng đăng nhập (mã uỷ quyền + PKCE)',
  system: 'Hệ thống của cơ quan (client credentials)',
  redirect: 'Địa chỉ chuyển về sau đăng nhập (redirect URI)',
  jwks: 'Khoá công khai của hệ thống (JWKS, JSON)',
  register: 'Đăng ký dịch vụ',
  secret: 'Mật khẩu ứng dụng (chỉ hiện một lần): {{secret}}',
  disable: 'Ngừng kết nối',
  disabled: 'đã ngừng',
  builtIn: 'của nền tảng',
  badJwks: 'JWKS không phải JSON hợp lệ.',
  certificateBound:
    'Gắn mã truy cập với chứng thư số của hệ thống (mTLS, RFC 8705): chỉ dùng được khi trình đúng chứng thư',
  bound: 'gắn chứng thư số',
};
const en: typeof vi = {
  title: 'Services using single sign-on',
  lead: "Services (portals, one-stop software, agencies' systems) that use the platform's OpenID provider. Agency systems authenticate with their own key (private_key_jwt).",
  id: 'Service id (client_id)',
  name: 'Service name',
  kind: 'Kind',
  web: 'Service people sign in to (authorization code + PKCE)',
  system: "Agency's system (client credentials)",
  redirect: 'Redirect URI after sign-in',
  jwks: "The system's public keys (JWKS, JSON)",
  register: 'Register the service',
  secret: 'Client secret (shown once): {{secret}}',
  disable: 'Disable',
  disabled: 'disabled',
  builtIn: 'built in',
  badJwks: 'The JWKS is not valid JSON.',
  certificateBound:
    "Bind access tokens to the system's client certificate (mTLS, RFC 8705): usable only with that certificate",
  bound: 'certificate-bound',
};

/** Administrators register and disable the OpenID provider's clients (role platform.admin). */
export function Clients() {
  const { i18n } = useTranslation();
  const t = i18n.resolvedLanguage === 'en' ? en : vi;
  const [version, setVersion] = useState(0);
  const list = useApi<Client[]>(`/api/v1/identity/clients?v=${version}`);
  const [kind, setKind] = useState<'web' | 'system'>('system');
  const [problem, setProblem] = useState<Problem>();
  const [secret, setSecret] = useState<string>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(undefined);
    const f = new FormData(event.currentTarget);
    let jwks: unknown;
    if (kind === 'system') {
      try {
        jwks = JSON.parse(String(f.get('jwks')));
      } catch {
        setProblem({ title: t.badJwks });
        return;
      }
    }
    try {
      const answer = await postJson<{ clientSecret?: string }>('/api/v1/identity/clients', {
        client_id: f.get('clientId'),
        client_name: f.get('name'),
        ...(kind === 'system'
          ? {
              grant_types: ['client_credentials'],
              token_endpoint_auth_method: 'private_key_jwt',
              jwks,
              tls_client_certificate_bound_access_tokens: f.get('certificateBound') === 'on',
            }
          : {
              grant_types: ['authorization_code', 'refresh_token'],
              token_endpoint_auth_method: 'client_secret_basic',
              redirect_uris: [f.get('redirect')],
            }),
      });
      setSecret(answer?.clientSecret);
      setVersion((v) => v + 1);
    } catch (error) {
      setProblem(error instanceof ProblemError ? error.problem : { title: String(error) });
    }
  };

  return (
    <Page title={t.title}>
      <p className="lead">{t.lead}</p>
      {list.problem && <ProblemAlert problem={list.problem} />}
      <ul>
        {list.data?.map((c) => (
          <li key={c.clientId}>
            <strong>{c.name}</strong> · <code>{c.clientId}</code> · {c.grantTypes.join(', ')} · {c.authMethod}
            {c.firstParty && ` · ${t.builtIn}`}
            {c.certificateBound && ` · ${t.bound}`}
            {c.disabled ? (
              ` · ${t.disabled}`
            ) : c.firstParty ? null : (
              <>
                {' '}
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() =>
                    sendJson('DELETE', `/api/v1/identity/clients/${c.clientId}`).then(() =>
                      setVersion((v) => v + 1),
                    )
                  }
                >
                  {t.disable}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="stack">
        <label>
          {t.id}
          <input name="clientId" pattern="[A-Za-z0-9._\-]{3,64}" required />
        </label>
        <label>
          {t.name}
          <input name="name" required maxLength={200} />
        </label>
        <fieldset>
          <legend>{t.kind}</legend>
          <label className="check">
            <input type="radio" name="kind" checked={kind === 'system'} onChange={() => setKind('system')} />{' '}
            {t.system}
          </label>
          <label className="check">
            <input type="radio" name="kind" checked={kind === 'web'} onChange={() => setKind('web')} />{' '}
            {t.web}
          </label>
        </fieldset>
        {kind === 'web' ? (
          <label>
            {t.redirect}
            <input name="redirect" type="url" required />
          </label>
        ) : (
          <>
            <label>
              {t.jwks}
              <textarea name="jwks" rows={5} required />
            </label>
            <label className="check">
              <input type="checkbox" name="certificateBound" /> {t.certificateBound}
            </label>
          </>
        )}
        {problem && <ProblemAlert problem={problem} />}
        {secret && <p className="note">{t.secret.replace('{{secret}}', secret)}</p>}
        <button type="submit" className="button">
          {t.register}
        </button>
      </form>
    </Page>
  );
}
