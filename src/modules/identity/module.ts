import type { Module } from '../../platform/context.ts';
import { createAccounts } from './accounts.ts';
import { init } from './migrations/0001_init.ts';
import { credentials } from './migrations/0002_credentials.ts';
import { mandates } from './migrations/0003_mandates.ts';
import { federationStats } from './migrations/0004_federation_stats.ts';
import { routes } from './routes.ts';

/** Electronic identification accounts and the platform's OpenID provider (schema `identity`). */
export const identityModule: Module = {
  name: 'identity',
  migrations: [init, credentials, mandates, federationStats],
  routes: { prefix: '', plugin: routes },
  handlers: (platform) => [
    {
      // Decree 69/2024: the account of a person who died is revoked with every session and token.
      name: 'identity.revoke-on-death',
      topic: 'registry.resident.deceased',
      async handle(event, tx) {
        const { personalId } = event.payload as { personalId: string };
        await createAccounts(platform).revoke(tx, personalId, 'registry.resident.deceased');
      },
    },
  ],
};
