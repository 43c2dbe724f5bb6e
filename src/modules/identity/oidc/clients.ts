import { sql } from 'kysely';
import type { Platform } from '../../../platform/context.ts';
import { errors } from '../errors.ts';
import { derivedSecret } from '../secrets.ts';

export const WEB_CLIENT_ID = 'citizen-web';

/** The web app's own client: a confidential client whose secret derives from the master key. */
export function webClient(platform: Platform) {
  const base = platform.config.publicUrl;
  return {
    client_id: WEB_CLIENT_ID,
    client_secret: derivedSecret(platform.config, 'web-client'),
    client_name: 'Citizen Stack',
    client_name_vi: 'Cổng dịch vụ công',
    first_party: true,
    redirect_uris: [`${base}/auth/callback`],
    post_logout_redirect_uris: [`${base}/`],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_basic',
    backchannel_logout_uri: `${base}/auth/backchannel-logout`,
    backchannel_logout_session_required: true,
  };
}

/** Registers (or refreshes, after a change of public URL) the platform's own clients. */
export async function firstPartyClients(platform: Platform) {
  await saveClient(platform, webClient(platform), true);
}

export async function saveClient(platform: Platform, metadata: Record<string, unknown>, firstParty = false) {
  const id = metadata.client_id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{3,64}$/.test(id))
    throw errors.invalid_client('Bad client_id.');
  await platform.db
    .insertInto('identity.client')
    .values({
      client_id: id,
      metadata: JSON.stringify(metadata),
      first_party: firstParty,
      created_at: platform.clock.now(),
    })
    .onConflict((oc) =>
      oc.column('client_id').doUpdateSet({ metadata: JSON.stringify(metadata), disabled_at: null }),
    )
    .execute();
}

/** Clients as administrators see them (secrets and keys left out). */
export async function listClients(platform: Platform) {
  const rows = await platform.db
    .selectFrom('identity.client')
    .select(['client_id', 'metadata', 'first_party', 'created_at', 'disabled_at'])
    .orderBy('created_at')
    .execute();
  return rows.map((r) => {
    const m = r.metadata as Record<string, unknown>;
    return {
      clientId: r.client_id as string,
      name: String(m.client_name ?? r.client_id),
      grantTypes: (m.grant_types as string[] | undefined) ?? ['authorization_code'],
      authMethod: String(m.token_endpoint_auth_method ?? 'private_key_jwt'),
      redirectUris: (m.redirect_uris as string[] | undefined) ?? [],
      certificateBound: m.tls_client_certificate_bound_access_tokens === true,
      firstParty: r.first_party as boolean,
      disabled: r.disabled_at !== null,
    };
  });
}

export async function disableClient(platform: Platform, clientId: string) {
  const done = await platform.db
    .updateTable('identity.client')
    .set({ disabled_at: platform.clock.now() })
    .where('client_id', '=', clientId)
    .where('first_party', '=', false)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) throw errors.unknown_client();
  // Everything issued to it ends now.
  await platform.db
    .deleteFrom('identity.oidc_payload')
    .where(sql<boolean>`payload->>'clientId' = ${clientId}`)
    .execute();
}
