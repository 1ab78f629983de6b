import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { ChannelKernel } from './settings.ts';
import { LiveHub } from '../live.ts';
import { chatSocketRoute } from './chat-socket.ts';
import { chatWidgetRoute } from './chat-widget.ts';
import { ImapPoller } from './imap-poller.ts';
import { liveSocketRoute } from './live-socket.ts';
import { SmtpReceiver } from './smtp-receiver.ts';

/** Largest WebSocket frame accepted (a chat message is at most KARTOTEKA_CHAT_MAX_MESSAGE_CHARS). */
const MAX_FRAME = 256 * 1024;

/**
 * The service desk's inbound channels and live updates, wired into the module (src/service/index.ts):
 * `channelRoutes` (rootRoutes: /chat.js, /chat/ws, /api/v1/service/live), `channelJobs` (jobs: the
 * live hub's hook, the SMTP receiver and the IMAP poll in worker processes), `channelStop` (stop).
 */
export class ServiceChannels {
  readonly live: LiveHub;
  readonly imap: ImapPoller;
  private smtp: SmtpReceiver | null = null;
  private smtpRetryAt = 0;
  private closed = false;

  constructor(private k: ChannelKernel) {
    this.live = new LiveHub(k);
    this.imap = new ImapPoller(k);
  }

  /** The SMTP receiver once it listens (null while off or not yet started). */
  get smtpReceiver(): SmtpReceiver | null {
    return this.smtp;
  }

  wire(): void {
    this.live.attach();
    const k = this.k;
    // Listening is work: a periodic task runs only in a started process with the worker role, never
    // in one-shot commands (migrate, demo); a port taken is tried again a minute later.
    if (k.config.inboundSmtpPort > 0) k.jobs.every('service.smtp-receiver', 2, () => this.listenSmtp());
    k.jobs.every('service.imap-poll', k.config.imapPollSeconds, () => this.imap.pollAll());
  }

  /** Starts the SMTP receiver now (tests; `wire` does it in worker processes). */
  async listenSmtp(port = this.k.config.inboundSmtpPort): Promise<SmtpReceiver | null> {
    if (this.smtp || this.closed || Date.now() < this.smtpRetryAt) return this.smtp;
    const receiver = new SmtpReceiver(this.k, {
      port,
      host: this.k.config.inboundSmtpHost,
      maxBytes: this.k.config.inboundSmtpMaxBytes,
    });
    try {
      await receiver.ready();
      if (this.closed) await receiver.close();
      else this.smtp = receiver;
    } catch (err) {
      this.smtpRetryAt = Date.now() + 60_000;
      this.k.log.warn({ err, port }, 'the inbound SMTP receiver cannot listen; retrying in 60 s');
    }
    return this.smtp;
  }

  async routes(app: FastifyInstance): Promise<void> {
    chatWidgetRoute(app);
    // In its own scope: the WebSocket plugin's hooks wrap only these routes.
    await app.register(async (scope) => {
      await scope.register(websocket, { options: { maxPayload: MAX_FRAME } });
      // An upgrade refused before it happened (401, 403, 400) has its answer written to the raw
      // socket; nothing else would close that socket, and a client that keeps it open would hold
      // the server's shutdown. (An upgrade that succeeded is hijacked and never gets here.)
      scope.addHook('onResponse', async (req) => {
        if (req.headers.upgrade && !req.raw.socket.destroyed) req.raw.socket.end();
      });
      // The app closing (sockets closed by the plugin) gives the LISTEN connection back at once.
      scope.addHook('onClose', async () => this.live.release());
      chatSocketRoute(scope, this.k, this.live);
      liveSocketRoute(scope, this.k, this.live);
    });
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.imap.stop();
    await this.smtp?.close();
    this.smtp = null;
    await this.live.close();
  }
}

const byKernel = new WeakMap<object, ServiceChannels>();

/** The kernel's channels (made on first use). */
export function channelsOf(k: ChannelKernel): ServiceChannels {
  let c = byKernel.get(k);
  if (!c) {
    c = new ServiceChannels(k);
    byKernel.set(k, c);
  }
  return c;
}

export const channelRoutes = (app: FastifyInstance, k: ChannelKernel) => channelsOf(k).routes(app);
export const channelJobs = (k: ChannelKernel) => channelsOf(k).wire();
export const channelStop = (k: ChannelKernel) => channelsOf(k).stop();
