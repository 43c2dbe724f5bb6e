import { createHmac } from 'node:crypto';
import type { Config } from '../../platform/config.ts';

/** A secret derived from the master key for one purpose: nothing more to configure or store. */
export const derivedSecret = (config: Config, purpose: string) =>
  createHmac('sha256', config.masterKey).update(`citizen-stack:${purpose}`).digest('base64url');
