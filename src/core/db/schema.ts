import type { Kysely, Transaction } from 'kysely';
import type { CoreTables } from './core-tables.ts';
import type { CdpTables } from '../../cdp/tables.ts';
import type { CrmTables } from '../../crm/tables.ts';
import type { NotificationTables } from '../notifications/tables.ts';

/** The whole database as Kysely sees it: each module adds its own tables' interface here. */
export interface DB extends CoreTables, NotificationTables, CdpTables, CrmTables {}

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
export type DbOrTx = Kysely<DB> | Transaction<DB>;
