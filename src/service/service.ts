import type { Db, Tx } from '../core/db/schema.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import { Inboxes } from './inboxes.ts';
import { Conversations } from './conversations.ts';
import { Inbound } from './inbound.ts';
import { People } from './people.ts';
import { Messages } from './messages.ts';
import { Routing } from './routing.ts';
import { Teams } from './routing-teams.ts';
import { Canned } from './canned.ts';
import { Macros } from './canned-macros.ts';
import { Automation } from './automation.ts';
import { Merges } from './conversations-merge.ts';
import { engageInbound } from './inbound-engage.ts';
import { StatusHistory } from './status-history.ts';
import { TimeAutomation } from './automation-time.ts';
import type { AuthorKind } from './tables.ts';

/** What changed in a conversation (the hooks' argument). */
export interface ConversationChange {
  kind: 'created' | 'message' | 'updated';
  /** The message appended (kind 'message', and 'created' with its first message). */
  messageId?: string;
  /** The fields an update changed (kind 'updated'): column → new value, in API names. */
  fields?: Record<string, unknown>;
  /** The message's direction (kind 'message'/'created'): in, out or note. */
  direction?: 'in' | 'out' | 'note';
  /** When it happened, if not now (a backdated inbound message); the status history dates by it. */
  at?: Date;
  /** Who made it (the status history's `by`); the system when absent. */
  by?: { kind: AuthorKind; userId?: string | null };
}

/** In the change's transaction (SLA clocks, holds): throwing rolls the change back. `trx` is the 4th argument. */
export type ChangeHook = (
  ws: string,
  conversationId: string,
  change: ConversationChange,
  trx: Tx,
) => Promise<void> | void;
/** After commit (live updates): errors are logged, never thrown back. */
export type MessageHook = (ws: string, conversationId: string, change: ConversationChange) => void | Promise<void>;

/** Listeners of conversation changes: S-SLA's clocks and holds in the transaction, the live hub after commit. */
export class ServiceHooks {
  private changes: ChangeHook[] = [];
  private messages: MessageHook[] = [];

  constructor(private k: ServiceBaseKernel) {}

  /** Runs in the same transaction as the change (created, message appended, fields updated). */
  onChange(fn: ChangeHook): void {
    this.changes.push(fn);
  }

  /** Runs after the change committed (the live hub's events). */
  onMessage(fn: MessageHook): void {
    this.messages.push(fn);
  }

  /**
   * A transaction whose changes the hooks see: `emit` runs the onChange hooks now (in `trx`) and
   * queues the onMessage ones for after the commit (nothing is told of a rolled-back change).
   */
  async transact<T>(fn: (trx: Tx, emit: Emit) => Promise<T>): Promise<T> {
    const pending: [string, string, ConversationChange][] = [];
    const out = await this.k.db.transaction().execute((trx) =>
      fn(trx, async (ws, id, change) => {
        for (const h of this.changes) await h(ws, id, change, trx);
        pending.push([ws, id, change]);
      }),
    );
    for (const [ws, id, change] of pending)
      for (const h of this.messages) {
        try {
          await h(ws, id, change);
        } catch (err) {
          this.k.log.warn({ err, conversationId: id }, 'service: an after-commit hook failed');
        }
      }
    return out;
  }
}

export type Emit = (ws: string, conversationId: string, change: ConversationChange) => Promise<void>;

/**
 * The service desk (issue 18): inboxes where requests land, conversations (= tickets) with their
 * messages, inbound from every channel, replies through engage, teams, routing and automation.
 * Each part is one service; they reach each other through this object.
 */
export class Service {
  readonly hooks: ServiceHooks;
  readonly inboxes: Inboxes;
  readonly conversations: Conversations;
  readonly inbound: Inbound;
  readonly people: People;
  readonly messages: Messages;
  readonly routing: Routing;
  readonly teams: Teams;
  readonly canned: Canned;
  readonly macros: Macros;
  readonly automation: Automation;
  readonly merges: Merges;
  readonly statusHistory: StatusHistory;
  readonly timeAutomation: TimeAutomation;
  readonly db: Db;

  constructor(k: ServiceBaseKernel) {
    this.db = k.db;
    this.hooks = new ServiceHooks(k);
    this.inboxes = new Inboxes(k, this);
    this.conversations = new Conversations(k, this);
    this.inbound = new Inbound(k, this);
    this.people = new People(k);
    this.messages = new Messages(k, this);
    this.routing = new Routing(k, this);
    this.teams = new Teams(k);
    this.canned = new Canned(k);
    this.macros = new Macros(k, this);
    this.automation = new Automation(k, this);
    this.merges = new Merges(k, this);
    this.statusHistory = new StatusHistory(k, this);
    // Every status move lands in the history in its own transaction (the one place that writes it).
    this.hooks.onChange((ws, id, change, trx) => this.statusHistory.onChange(trx, ws, id, change));
    this.timeAutomation = new TimeAutomation(k, this);
    // Texts of SMS and messenger callbacks (not STOP) land in the inbox of their engage channel.
    k.engage.inbound.register((ws, channel, m) => engageInbound(this, ws, channel, m));
    // A person merged into another takes their conversations along (the survivor's history is one).
    k.cdp.directory.onMerge(async (trx, ws, merge) => {
      await trx
        .updateTable('service_conversations')
        .set({ person_id: merge.into })
        .where('workspace_id', '=', ws)
        .where('person_id', '=', merge.from)
        .execute();
    });
  }
}
