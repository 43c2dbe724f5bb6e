/** The traceability module's public API. */
export {
  buildDigitalLink,
  checkDigit,
  type DigitalLink,
  digitalLinkPath,
  normalizeGtin,
  parseDigitalLink,
} from './gs1.ts';
export { traceCommand } from './members.ts';
export { traceModule } from './module.ts';
export type { Actor as TraceActor } from './policy.ts';
export { DEMO as TRACE_DEMO_BUSINESSES, DEMO_GTINS as TRACE_DEMO_GTINS, demoBusinessLinks } from './seed.ts';
