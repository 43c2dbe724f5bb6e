import * as oidc from 'openid-client';
import type { Platform } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { createRegistry, parsePersonalId } from '../../registry/index.ts';
import { ACR, type Account, createAccounts, type Level } from '../accounts.ts';
import { errors } from '../errors.ts';
import { federationErrors } from './errors.ts';

/** Where the upstream sends the browser back (registered at the upstream as this platform's redirect URI). */
export const UPSTREAM_CALLBACK = '/auth/upstream/callback';
/** A sign-in at the upstream has this long to come back. */
export const PENDING_SECONDS = 600;

/** What the browser carries, sealed, between leaving for the upstream and coming back. */
export interface Pending {
  uid: string;
  verifier: string;
  state: string;
  nonce: string;
  levelRequired: Level;
  expiresAt: number;
}

/** The outcome of a federated sign-in, for the interaction's result. */
export interface FederatedLogin {
  account: Account;
  level: Level;
  linked: 'new' | 'existing';
  created: boolean;
}

/**
 * The level an upstream `acr` proves: the operator's mapping (CITIZEN_UPSTREAM_ACR_MAP), and level 1 for any
 * other or absent value. A session is never given more than the upstream asserted (Decree 69/2024 art. 12:
 * level 2 needs in-person proofing, which only the upstream can vouch for here).
 */
export function mapUpstreamLevel(acr: unknown, levels: Record<string, Level>): Level {
  return typeof acr === 'string' && Object.hasOwn(levels, acr) ? (levels[acr] as Level) : 1;
}

/** A refusal that is shown on the sign-in page, with what the audit row should say. */
export class FederationRefusal extends Error {
  readonly problem: AppError;
  readonly personalId: string | undefined;
  constructor(problem: AppError, personalId?: string) {
    super(problem.message);
    this.problem = problem;
    this.personalId = personalId;
  }
}

/**
 * "Sign in with the national e-ID": the platform is a relying party of an upstream OpenID provider
 * (CITIZEN_UPSTREAM_*), using authorization code with PKCE, state and nonce (openid-client). The upstream
 * subject is linked to the account of the resident whose personal ID the upstream asserts; a person unknown to
 * the registry, or not alive, is refused.
 */
export function createFederation(platform: Platform) {
  const { config, db, clock, audit, events, sealer } = platform;
  const issuer = config.upstreamIssuer;
  const registry = createRegistry(platform);
  const accounts = createAccounts(platform);
  const system = { id: 'identity', kind: 'system' as const, jurisdiction: { province: config.provinceCode } };
  const redirectUri = `${config.publicUrl}${UPSTREAM_CALLBACK}`;
  const sealContext = 'identity.federation.pending';

  let discovered: Promise<oidc.Configuration> | undefined;
  /** The upstream's metadata and keys, discovered once (and again after a failure). */
  const upstream = () => {
    if (!issuer || !config.upstreamClientId) throw federationErrors.federation_disabled();
    const secret = config.upstreamClientSecret ?? '';
    // RFC 8414: a server that lists no methods supports client_secret_basic.
    const basic = oidc.ClientSecretBasic(secret);
    const post = oidc.ClientSecretPost(secret);
    const auth: oidc.ClientAuth = (as, client, body, headers) =>
      (as.token_endpoint_auth_methods_supported ?? ['client_secret_basic']).includes('client_secret_basic')
        ? basic(as, client, body, headers)
        : post(as, client, body, headers);
    discovered ??= oidc
      .discovery(new URL(issuer), config.upstreamClientId, { client_secret: secret }, auth, {
        // Production refuses an http issuer at start (config.ts); tests run the upstream on 127.0.0.1.
        execute: issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  async function refused(reason: string, problem: AppError, personalId?: string, details = {}) {
    await audit.record(db, {
      actor: `upstream:${issuer}`,
      action: 'identity.federation.refused',
      subjectPerson: personalId ?? null,
      details: { issuer, reason, ...details },
    });
    return new FederationRefusal(problem, personalId);
  }

  /** The personal ID the upstream asserts: in the ID token, else at its userinfo endpoint. */
  async function personalIdOf(cfg: oidc.Configuration, tokens: oidc.TokenEndpointResponse, sub: string) {
    const claim = config.upstreamPersonalIdClaim;
    const fromToken = (tokens as { claims?: () => Record<string, unknown> | undefined }).claims?.()?.[claim];
    if (typeof fromToken === 'string') return fromToken;
    const info = await oidc.fetchUserInfo(cfg, tokens.access_token, sub);
    const value = info[claim];
    return typeof value === 'string' ? value : undefined;
  }

  /** Finds the resident's account (or opens one at the asserted level), links the subject, raises the level. */
  async function link(sub: string, personalId: string, level: Level, phone: string | undefined) {
    const upstreamIssuer = issuer as string;
    return db.transaction().execute(async (tx): Promise<FederatedLogin> => {
      const now = clock.now();
      const existing = await tx
        .selectFrom('identity.federated_link')
        .select(['account_id', 'level2_at'])
        .where('issuer', '=', upstreamIssuer)
        .where('subject', '=', sub)
        .forUpdate()
        .executeTakeFirst();
      // The resident's account, if any; a known subject must still be linked to that very account.
      let account = await accounts.byPersonalId(personalId, tx);
      if (existing && existing.account_id !== account?.id) throw federationErrors.federation_conflict();
      let created = false;
      if (!account) {
        const id = newId();
        const inserted = await tx
          .insertInto('identity.account')
          .values({
            id,
            personal_id: personalId,
            level,
            state: 'active',
            // No password and no phone of its own: the person signs in at the upstream.
            phone: phone ?? '',
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.column('personal_id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted) {
          created = true;
          await audit.record(tx, {
            actor: `account:${id}`,
            action: 'identity.account.registered',
            subjectPerson: personalId,
            details: { level, via: 'federation', issuer: upstreamIssuer },
          });
          await events.publish(tx, 'identity.account.created', { accountId: id, personalId, level });
        }
        account = (await accounts.byPersonalId(personalId, tx)) as Account;
      }
      if (account.state !== 'active') throw errors.account_inactive(`The account is ${account.state}.`);
      if (level > account.level) {
        // The upstream vouches for in-person proofing: the account keeps level 2, as after a counter visit.
        await tx
          .updateTable('identity.account')
          .set({ level, updated_at: now })
          .where('id', '=', account.id)
          .execute();
        await audit.record(tx, {
          actor: `upstream:${upstreamIssuer}`,
          action: 'identity.account.proofed',
          subjectPerson: personalId,
          details: { method: 'federation', issuer: upstreamIssuer },
        });
        await events.publish(tx, 'identity.account.level-raised', { accountId: account.id, level });
        account = { ...account, level };
      }
      await tx
        .insertInto('identity.federated_link')
        .values({
          issuer: upstreamIssuer,
          subject: sub,
          account_id: account.id,
          last_level: level,
          level2_at: level === 2 ? now : null,
          created_at: now,
          last_sign_in_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['issuer', 'subject']).doUpdateSet({
            last_level: level,
            last_sign_in_at: now,
            level2_at: existing?.level2_at ?? (level === 2 ? now : null),
          }),
        )
        .execute();
      await audit.record(tx, {
        actor: `account:${account.id}`,
        action: 'identity.federation.signin',
        subjectPerson: personalId,
        details: { issuer: upstreamIssuer, level, linked: existing ? 'existing' : 'new', created },
      });
      return { account, level, linked: existing ? 'existing' : 'new', created };
    });
  }

  return {
    enabled: Boolean(issuer && config.upstreamClientId),
    issuer,

    /** The upstream authorization URL and the sealed state the browser keeps until it comes back. */
    async begin(uid: string, levelRequired: Level) {
      const cfg = await upstream();
      const pending: Pending = {
        uid,
        verifier: oidc.randomPKCECodeVerifier(),
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        levelRequired,
        expiresAt: clock.now().getTime() + PENDING_SECONDS * 1000,
      };
      // Ask for the upstream values that prove enough; the answer is checked anyway (never trusted blindly).
      const acrs = Object.entries(config.upstreamAcrLevels)
        .filter(([, level]) => level >= levelRequired)
        .sort(([, a], [, b]) => b - a)
        .map(([acr]) => acr);
      const url = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri,
        scope: config.upstreamScope,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
        ...(acrs.length > 0 ? { acr_values: acrs.join(' ') } : {}),
      });
      return { url: url.href, sealed: sealer.seal(JSON.stringify(pending), sealContext) };
    },

    /** Opens the sealed pending sign-in; undefined when absent, altered or expired. */
    pendingOf(sealed: string | undefined): Pending | undefined {
      if (!sealed) return undefined;
      try {
        const pending = JSON.parse(sealer.openText(sealed, sealContext)) as Pending;
        return pending.expiresAt > clock.now().getTime() ? pending : undefined;
      } catch {
        return undefined;
      }
    },

    /**
     * The upstream's answer: the code is exchanged (PKCE), the ID token verified (signature, issuer,
     * audience, nonce, expiry), the state compared; then the person is found in the registry and linked.
     * Every outcome is audited; a refusal is a FederationRefusal carrying the problem to show.
     */
    async complete(pending: Pending, currentUrl: URL): Promise<FederatedLogin> {
      // The answer must carry the state this browser was sent with (RFC 6749 §10.12: a forged or replayed
      // answer would sign the person in as someone else). openid-client checks it again.
      if (currentUrl.searchParams.get('state') !== pending.state)
        throw await refused('state_mismatch', federationErrors.federation_failed());
      let cfg: oidc.Configuration;
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        cfg = await upstream();
        tokens = await oidc.authorizationCodeGrant(cfg, currentUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        const upstreamError =
          error instanceof oidc.AuthorizationResponseError ? error.error : (error as { code?: string }).code;
        throw await refused('upstream_response', federationErrors.federation_failed(), undefined, {
          error: String(upstreamError ?? (error as Error).name).slice(0, 100),
        });
      }
      const claims = tokens.claims() as oidc.IDToken;
      const level = mapUpstreamLevel(claims.acr, config.upstreamAcrLevels);
      let personalId: string | undefined;
      try {
        personalId = await personalIdOf(cfg, tokens, claims.sub);
        if (personalId) parsePersonalId(personalId);
      } catch {
        personalId = undefined;
      }
      if (!personalId)
        throw await refused(
          'no_personal_id',
          federationErrors.federation_failed(
            `The upstream did not give a valid personal ID in "${config.upstreamPersonalIdClaim}".`,
          ),
        );
      const check = await registry.verifyAttributes(
        system,
        personalId,
        {},
        'Sign-in with the national e-ID: the asserted personal ID must be a living resident',
      );
      if (!check.found || !check.alive)
        throw await refused(
          check.found ? 'not_alive' : 'not_in_registry',
          federationErrors.federation_unknown_person(),
          personalId,
        );
      if (level < pending.levelRequired)
        throw await refused(
          'level_too_low',
          errors.level_too_low('The national e-ID asserted only level 1; this service needs level 2.'),
          personalId,
          { level, acr: typeof claims.acr === 'string' ? claims.acr : null },
        );
      // A Vietnamese mobile number the upstream verified becomes the account's; anything else is left out.
      const phone =
        typeof claims.phone_number === 'string' &&
        claims.phone_number_verified === true &&
        /^(\+84|0)[0-9]{9}$/.test(claims.phone_number)
          ? claims.phone_number
          : undefined;
      try {
        return await link(claims.sub, personalId, level, phone);
      } catch (error) {
        if (error instanceof AppError) throw await refused(error.code, error, personalId);
        throw error;
      }
    },

    /** The result the provider's interaction receives: the account, its level now, and `fed` as method. */
    loginResult(login: FederatedLogin) {
      return {
        login: { accountId: login.account.id, acr: ACR[login.level], amr: ['fed'], remember: false },
      };
    },

    refused,
    /** Links an upstream subject to the resident's account (used by `complete`, and by tests and tools). */
    link,
  };
}

export type Federation = ReturnType<typeof createFederation>;
