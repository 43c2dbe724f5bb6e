/** e-ID accounts and sign-on: other modules use the web session guard and the account levels. */
export { ACR, type Account, type Level } from './accounts.ts';
export { identityModule } from './module.ts';
export { identityCommand } from './statistics/cli.ts';
