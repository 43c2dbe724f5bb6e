import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Platform } from '../../platform/context.ts';
import type { Account } from './accounts.ts';
import type { Challenges } from './challenges.ts';
import { errors } from './errors.ts';

/**
 * Passkeys (WebAuthn Level 3 through @simplewebauthn/server): discoverable credentials with user
 * verification, so a passkey alone signs in without typing the personal ID ("usernameless"). The relying
 * party is the platform's public host.
 */
export function createPasskeys(platform: Platform, challenges: Challenges) {
  const { db, clock, audit, config } = platform;
  const url = new URL(config.publicUrl);
  const rp = { rpID: url.hostname, origin: url.origin };

  const ofAccount = (accountId: string) =>
    db
      .selectFrom('identity.passkey')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();

  return {
    list: async (accountId: string) =>
      (await ofAccount(accountId)).map((p) => ({
        id: p.id as string,
        name: p.name as string,
        createdAt: (p.created_at as Date).toISOString(),
        lastUsedAt: p.last_used_at ? (p.last_used_at as Date).toISOString() : null,
      })),

    async registrationOptions(account: Account) {
      const existing = await ofAccount(account.id);
      const options = await generateRegistrationOptions({
        rpName: 'Citizen Stack',
        rpID: rp.rpID,
        userName: account.personalId,
        userID: new TextEncoder().encode(account.id),
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({
          id: p.id,
          transports: p.transports as AuthenticatorTransportFuture[],
        })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
      await challenges.put(
        `passkey-reg:${account.id}`,
        'passkey-registration',
        options.challenge,
        account.id,
      );
      return options;
    },

    async register(account: Account, response: RegistrationResponseJSON, name: string) {
      const pending = await challenges.take(`passkey-reg:${account.id}`, 'passkey-registration');
      if (!pending) throw errors.passkey_failed('Start the passkey registration again.');
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge: pending.value,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: true,
      }).catch((error: Error) => {
        throw errors.passkey_failed(error.message);
      });
      if (!result.verified) throw errors.passkey_failed();
      const { credential, credentialBackedUp } = result.registrationInfo;
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('identity.passkey')
          .values({
            id: credential.id,
            account_id: account.id,
            public_key: Buffer.from(credential.publicKey),
            counter: credential.counter,
            transports: credential.transports ?? [],
            backed_up: credentialBackedUp,
            name,
            created_at: clock.now(),
          })
          .execute();
        await audit.record(tx, {
          actor: `account:${account.id}`,
          action: 'identity.passkey.registered',
          subjectPerson: account.personalId,
          details: { name },
        });
      });
      return { id: credential.id, name };
    },

    /** Options for signing in at an interaction; no credential list, so the authenticator offers its own. */
    async authenticationOptions(uid: string) {
      const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'required' });
      await challenges.put(`passkey-auth:${uid}`, 'passkey-authentication', options.challenge, null);
      return options;
    },

    /** The account the passkey belongs to, once its signature over our challenge verifies. */
    async authenticate(uid: string, response: AuthenticationResponseJSON) {
      const pending = await challenges.take(`passkey-auth:${uid}`, 'passkey-authentication');
      if (!pending) throw errors.passkey_failed('Start again.');
      const stored = await db
        .selectFrom('identity.passkey')
        .selectAll()
        .where('id', '=', response.id)
        .executeTakeFirst();
      if (!stored) throw errors.passkey_failed('This passkey is not registered here.');
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: pending.value,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: true,
        credential: {
          id: stored.id,
          publicKey: new Uint8Array(stored.public_key as Buffer),
          counter: Number(stored.counter),
          transports: stored.transports as AuthenticatorTransportFuture[],
        },
      }).catch((error: Error) => {
        throw errors.passkey_failed(error.message);
      });
      if (!result.verified) throw errors.passkey_failed();
      await db
        .updateTable('identity.passkey')
        .set({ counter: result.authenticationInfo.newCounter, last_used_at: clock.now() })
        .where('id', '=', stored.id)
        .execute();
      return stored.account_id as string;
    },

    async remove(account: Account, id: string) {
      const removed = await db
        .deleteFrom('identity.passkey')
        .where('id', '=', id)
        .where('account_id', '=', account.id)
        .executeTakeFirst();
      return Number(removed.numDeletedRows) === 1;
    },
  };
}

export type Passkeys = ReturnType<typeof createPasskeys>;
