import type { Module } from '../../platform/context.ts';
import { init } from './migrations/0001_init.ts';
import { holderIndex } from './migrations/0002_holder_index.ts';
import { routes } from './routes.ts';

/**
 * Issued electronic documents (schema `documents`): PDFs signed with the issuing agency's own key, with a
 * QR code of their public verification page; revocation; the agencies' public keys as a JWKS; each holder's
 * own documents (their personal document store).
 */
export const documentsModule: Module = {
  name: 'documents',
  migrations: [init, holderIndex],
  routes: { prefix: '', plugin: routes },
};
