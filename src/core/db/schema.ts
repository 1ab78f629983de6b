import type { Kysely, Transaction } from 'kysely';
import type { CoreTables } from './core-tables.ts';
import type { NotificationTables } from '../notifications/tables.ts';

/**
 * The whole database as Kysely sees it. Core declares its own tables here; each module adds its
 * tables' interface from its own `tables.ts`, without core importing it:
 *
 *   declare module '../core/db/schema.ts' { interface DB extends CrmTables {} }
 */
export interface DB extends CoreTables, NotificationTables {}

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
export type DbOrTx = Kysely<DB> | Transaction<DB>;
