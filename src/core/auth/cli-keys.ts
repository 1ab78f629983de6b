import type { Kernel } from '../kernel.ts';
import { systemActor } from './actor.ts';

/** `kartoteka apikey create`: the workspace is created on first use. */
export async function createKeyForCli(k: Kernel, input: { workspace?: string; role?: string; name?: string }) {
  const ws = await k.auth.ensureWorkspace(input.workspace ?? 'default');
  const actor = systemActor(ws.id, 'CLI', 'system');
  const created = await k.auth.createApiKey(actor, {
    name: input.name ?? `CLI ${new Date().toISOString().slice(0, 19)}`,
    role: input.role ?? 'admin',
  });
  return { key: created.key, id: created.id, workspace: ws.slug };
}
