import type { Generated } from 'kysely';
import type { Json } from '../db/core-tables.ts';

/** One in-app notification for one workspace member (migration 2026-12-01-0002-notifications). */
export interface NotificationsTable {
  workspace_id: string;
  id: string;
  user_id: string;
  /** What it is about, e.g. `activity.reminder`; the UI picks its label by this. */
  kind: string;
  title: string;
  body: string | null;
  /** A path inside the web app, e.g. `/deals/ID`. */
  link: string | null;
  data: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  read_at: Date | null;
}

export interface NotificationTables {
  notifications: NotificationsTable;
}
