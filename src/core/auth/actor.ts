import type { Role } from './roles.ts';

/** Who is acting and through what: every write carries one, and the audit log keeps it. */
export interface Actor {
  workspaceId: string;
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  label: string;
  role: Role;
  channel: 'ui' | 'api' | 'import' | 'system';
  requestId?: string;
}

export const systemActor = (workspaceId: string, label = 'system', channel: Actor['channel'] = 'system'): Actor => ({
  workspaceId,
  type: 'system',
  id: null,
  label,
  role: 'admin',
  channel,
});
