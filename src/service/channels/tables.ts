import type { ColumnType } from 'kysely';

type NullStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** Where the IMAP poller is in a mailbox (migration 2026-12-20-0640-service-channels.ts). */
export interface ServiceImapStateTable {
  workspace_id: string;
  inbox_id: string;
  uid_validity: ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
  last_uid: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  lease_until: NullStamp;
  polled_at: NullStamp;
  filed: ColumnType<number, number | undefined, number>;
  last_error: string | null;
}

export interface ServiceChannelTables {
  service_imap_state: ServiceImapStateTable;
}

declare module '../../core/db/schema.ts' {
  interface DB extends ServiceChannelTables {}
}
