/** The registry's public API: other modules and the exchange gateway call the service directly. */

export { exportResidentsCommand } from './export/cli.ts';
export type { HouseholdMerge, HouseholdSplit, NewHousehold } from './households.ts';
export { importResidentsCommand } from './import/cli.ts';
export { actorOf } from './jurisdiction.ts';
export { registryModule } from './module.ts';
export { type OwnRecord, ownRecordForPrefill } from './own-record.ts';
export type { PartialDate } from './partial-date.ts';
export { checkPersonalIdAgainst, type PersonalId, parsePersonalId, type Sex } from './personal-id.ts';
export { seedResidentsCommand } from './population/cli.ts';
export { type SeedOptions, type SeedResult, seedResidents } from './population/load.ts';
export { DEMO_CITIZEN } from './seed.ts';
export {
  type ClaimedAddress,
  type ClaimedAttributes,
  type CorrectionInput,
  createRegistry,
  type MarriageInput,
  type PersonInput,
  type Registry,
  type ResidenceChange,
} from './service.ts';
export { type CommuneTally, type TallyBatch, tallyByCommune } from './statistics.ts';
export type { Actor, Address, ChangeMeta, EventType, LifeStatus, MaritalStatus } from './types.ts';
