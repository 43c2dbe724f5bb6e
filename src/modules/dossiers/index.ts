/** The dossiers module's public API: the lifecycle table (server and UI), types, and the module. */
export {
  ACTIONS,
  type Action,
  ALLOWED,
  allowedNow,
  CITIZEN_ACTIONS,
  deriveStatus,
  OFFICER_ACTIONS,
  OPEN_STATUSES,
  STATUS_CODES,
  STATUSES,
  type Status,
} from './lifecycle.ts';
export { dossiersModule } from './module.ts';
export { formatReceiptCode, parseReceiptCode } from './receipt.ts';
export { demoOfficer, demoOneStopOfficers } from './seed.ts';
export { STATUS_TEXT, STATUS_TOPIC, type StatusChanged } from './service.ts';
export {
  APPLICANT_TYPE_CODES,
  CHANNEL_CODES,
  type NationalSync,
  nationalMessage,
  type SyncRecord,
} from './sync.ts';
