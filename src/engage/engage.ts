import { join } from 'node:path';
import { Secrets } from '../core/secrets.ts';
import type { EngageBaseKernel } from './kernel.ts';
import { Channels } from './channels.ts';
import { Templates } from './templates.ts';
import { Messages } from './messages.ts';
import { Tracking } from './tracking.ts';
import { Broadcasts } from './broadcasts.ts';
import { Stats } from './stats.ts';
import { PushSubscriptions } from './push-subscriptions.ts';
import { Campaigns } from './campaigns.ts';
import { Journeys } from './journeys/journeys.ts';
import { InboundHandlers } from './direct-send.ts';
import { DeliveryHolds } from './policy.ts';

/**
 * Messaging (issue 15): channels (adapters behind one interface), templates, the send ledger and
 * its delivery policy, tracking and unsubscribe, broadcasts, delivery analytics. Campaigns and
 * journeys (issues 16–17) send through `messages`; campaigns (issue 16) are `campaigns`. Each part is one service; they reach each other
 * through this object, never through each other's tables.
 */
export class Engage {
  /** Encrypts channels' secrets and signs tracking, unsubscribe and preference links. */
  readonly secrets: Secrets;
  readonly channels: Channels;
  readonly templates: Templates;
  readonly messages: Messages;
  readonly tracking: Tracking;
  readonly broadcasts: Broadcasts;
  readonly stats: Stats;
  readonly pushSubscriptions: PushSubscriptions;
  readonly campaigns: Campaigns;
  readonly journeys: Journeys;
  /** Who takes inbound texts of SMS and messengers beyond STOP (the service desk registers here). */
  readonly inbound = new InboundHandlers();
  /** Holds on marketing sends registered by later modules (the service desk's), checked by the delivery policy. */
  readonly policy = new DeliveryHolds();

  constructor(k: EngageBaseKernel) {
    this.secrets = Secrets.load(k.config.secretKey, join(k.config.dataDir, 'secret.key'));
    this.channels = new Channels(k, this);
    this.templates = new Templates(k, this);
    this.messages = new Messages(k, this);
    this.tracking = new Tracking(k, this);
    this.broadcasts = new Broadcasts(k, this);
    this.stats = new Stats(k, this);
    this.pushSubscriptions = new PushSubscriptions(k, this);
    this.campaigns = new Campaigns(k, this);
    this.journeys = new Journeys(k, this);
  }
}
