import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { STATUS_CODES, type Status } from './lifecycle.ts';
import { typed } from './store.ts';

/**
 * Synchronisation with the national Public Service Portal (DOMAIN §5): every status change of a dossier is
 * sent with the portal's codes. The adapter is an interface; the implementation shipped here records what
 * would be sent (`dossiers.sync_outbox`), so an operator or a later connector can replay it.
 */
export const CHANNEL_CODES = { in_person: 1, online: 2, post: 3 } as const;
export const APPLICANT_TYPE_CODES = { citizen: 0, enterprise: 1, household_business: 2 } as const;

export interface SyncRecord {
  dossierId: string;
  receiptCode: string;
  procedureCode: string;
  agencyCode: string;
  status: Status;
  channel: keyof typeof CHANNEL_CODES;
  applicantType: keyof typeof APPLICANT_TYPE_CODES;
  receivedOn: string | null;
  dueOn: string | null;
  finishedOn: string | null;
  returnedOn: string | null;
  paidOnline: boolean;
  at: Date;
}

export interface NationalSync {
  /** Called in the transaction of the status change. */
  send(tx: Db, record: SyncRecord): Promise<void>;
}

/** The message as the national portal's dossier-sync service names its fields. */
export function nationalMessage(r: SyncRecord) {
  return {
    MaHoSo: r.receiptCode,
    MaTTHC: r.procedureCode,
    MaCoQuan: r.agencyCode,
    TrangThaiHoSo: STATUS_CODES[r.status],
    KenhThucHien: CHANNEL_CODES[r.channel],
    LoaiDoiTuong: APPLICANT_TYPE_CODES[r.applicantType],
    NgayTiepNhan: r.receivedOn,
    NgayHenTra: r.dueOn,
    NgayKetThucXuLy: r.finishedOn,
    NgayTraKetQua: r.returnedOn,
    HinhThucThanhToan: r.paidOnline ? 2 : null,
    ThoiDiem: r.at.toISOString(),
  };
}

export const recordingSync: NationalSync = {
  async send(tx, record) {
    await typed(tx)
      .insertInto('dossiers.sync_outbox')
      .values({
        id: newId(),
        dossier_id: record.dossierId,
        receipt_code: record.receiptCode,
        status_code: STATUS_CODES[record.status],
        payload: JSON.stringify(nationalMessage(record)),
        recorded_at: record.at,
      })
      .execute();
  },
};
