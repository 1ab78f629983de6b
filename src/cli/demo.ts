import type { Kernel } from '../core/kernel.ts';
import { systemActor } from '../core/auth/actor.ts';
import type { DemoSeeder, DemoUser, AnyModule } from '../core/module.ts';

export const DEMO_ADMIN = { email: 'admin@kartoteka.local', password: 'kartoteka-demo' };

/**
 * Demo users: the people of SCENARIOS.md — marketing, sales, contact centre, analysts. Modules add
 * theirs (`demo.users` in their definition; the CRM's field team brings story 2's sales managers to 35).
 */
const DEMO_USERS: DemoUser[] = [
  { email: DEMO_ADMIN.email, name: 'Администратор', role: 'admin', locale: 'ru' },
  { email: 'olga.smirnova@apteka-plus.ru', name: 'Ольга Смирнова', role: 'marketer', locale: 'ru' },
  { email: 'dmitry.volkov@tekhnosnab.ru', name: 'Дмитрий Волков', role: 'manager', locale: 'ru' },
  { email: 'anna.kuznetsova@tekhnosnab.ru', name: 'Анна Кузнецова', role: 'manager', locale: 'ru' },
  { email: 'sergey.popov@tekhnosnab.ru', name: 'Сергей Попов', role: 'manager', locale: 'ru' },
  { email: 'igor.lebedev@tekhnosnab.ru', name: 'Игорь Лебедев', role: 'manager', locale: 'ru' }, // head of sales (story 2): reads the reports
  { email: 'elena.sokolova@voskhod-bank.ru', name: 'Елена Соколова', role: 'agent', locale: 'ru' },
  { email: 'ivan.morozov@voskhod-bank.ru', name: 'Иван Морозов', role: 'agent', locale: 'ru' },
  { email: 'james.wilson@example.com', name: 'James Wilson', role: 'viewer', locale: 'en' },
  { email: 'emily.clark@example.com', name: 'Emily Clark', role: 'marketer', locale: 'en' },
];

export type { DemoSeeder };

/**
 * The seeders of `kartoteka demo`: users and keys first, then each module's, in list order except
 * that a seeder runs after the modules it names in `demo.after`; then the `finish` steps, in
 * that same order. Each must be idempotent (a second
 * `demo` adds nothing twice).
 */
export function demoSeeders(modules: readonly AnyModule[]): DemoSeeder[] {
  const users = [...DEMO_USERS, ...modules.flatMap((m) => m.demo?.users ?? [])];
  // A module with only a `finish` step takes its place in the order too.
  const pending = modules.filter((m) => m.demo?.seed || m.demo?.finish);
  const ordered: AnyModule[] = [];
  while (pending.length) {
    const i = pending.findIndex((m) =>
      (m.demo?.after ?? []).every((name: string) => !pending.some((p) => p.name === name)),
    );
    if (i < 0) throw new Error(`demo seeders wait on each other: ${pending.map((m) => m.name).join(', ')}`);
    ordered.push(...pending.splice(i, 1));
  }
  return [
    (k, ctx) => seedUsersAndKeys(k, ctx, users),
    ...ordered.filter((m) => m.demo?.seed).map((m) => m.demo!.seed as DemoSeeder),
    ...ordered.filter((m) => m.demo?.finish).map((m) => m.demo!.finish as DemoSeeder),
  ];
}

async function seedUsersAndKeys(
  k: Kernel,
  { workspaceId, log }: { workspaceId: string; log: (l: string) => void },
  users: DemoUser[],
) {
  const actor = systemActor(workspaceId, 'demo', 'import');
  const existing = new Set((await k.auth.listMembers(workspaceId)).map((m) => m.email));
  let added = 0;
  for (const u of users) {
    if (existing.has(u.email)) continue;
    await k.auth.createMember(actor, { ...u, password: DEMO_ADMIN.password });
    added++;
  }
  log(`users: ${added} added, ${users.length} in the demo team (password for all: ${DEMO_ADMIN.password})`);
  const keys = await k.auth.listApiKeys(workspaceId);
  if (!keys.some((key) => key.name === 'Demo integration (read-only)')) {
    await k.auth.createApiKey(actor, { name: 'Demo integration (read-only)', role: 'viewer' });
    await k.auth.createApiKey(actor, { name: 'Site backend', role: 'marketer' });
  }
  const hooks = await k.webhooks.list(workspaceId);
  if (hooks.length === 0) {
    await k.webhooks.create(actor, {
      url: 'https://hooks.intranet.example/kartoteka-demo-hook',
      eventTypes: ['user.*', 'api_key.created'],
      description: 'Demo: team changes to the intranet (disabled)',
      active: false,
    });
  }
}

export async function seedDemo(k: Kernel, opts: { workspace: string; now?: number }): Promise<string> {
  const started = Date.now();
  const now = opts.now ?? started;
  const ws = await k.auth.ensureWorkspace(
    opts.workspace,
    opts.workspace === 'default' ? 'Kartoteka Demo' : opts.workspace,
  );
  const lines: string[] = [];
  for (const seeder of demoSeeders(k.modules)) await seeder(k, { workspaceId: ws.id, log: (l) => lines.push(l), now });
  lines.push(`workspace "${ws.slug}" ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The demo does not serve: `kartoteka serve` prints the address it listens on (--port / PORT, ${k.config.port} here).
  lines.push(
    `start the server with \`kartoteka serve\` (it prints its address; http://localhost:${k.config.port}/ unless --port or PORT says otherwise) and log in as ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
  );
  return lines.join('\n');
}
