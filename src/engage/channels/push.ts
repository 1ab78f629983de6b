import { createECDH } from 'node:crypto';
import webPush from 'web-push';
import { z } from 'zod';
import { ChannelError, type ChannelKind } from './types.ts';
import { callProvider } from './provider-http.ts';

const b64url = /^[A-Za-z0-9_-]+$/;
const decodedLength = (n: number) => (s: string) => b64url.test(s) && Buffer.from(s, 'base64url').length === n;

const config = z
  .object({
    vapidPublicKey: z
      .string()
      .refine(decodedLength(65), { message: 'must be a P-256 public key, 65 bytes in URL-safe base64' })
      .describe('The VAPID public key browsers subscribe with (applicationServerKey)'),
    vapidPrivateKey: z
      .string()
      .refine(decodedLength(32), { message: 'must be a P-256 private key, 32 bytes in URL-safe base64' })
      .describe('Secret: the VAPID private key'),
    subject: z
      .string()
      .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, { message: 'must be a mailto: address or an https: URL' })
      .describe('Who push services contact about this sender (VAPID sub)'),
    ttlSeconds: z
      .number()
      .int()
      .min(0)
      .max(28 * 86_400)
      .optional()
      .describe('How long a push service keeps an undelivered message (default one day)'),
  })
  .superRefine((c, ctx) => {
    if (decodedLength(32)(c.vapidPrivateKey) && decodedLength(65)(c.vapidPublicKey) && !keysMatch(c))
      ctx.addIssue({ code: 'custom', path: ['vapidPrivateKey'], message: 'does not belong to vapidPublicKey' });
  });
export type PushConfig = z.infer<typeof config>;

/** Whether the private key's public half is the configured public key. */
function keysMatch(c: { vapidPublicKey: string; vapidPrivateKey: string }): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(c.vapidPrivateKey, 'base64url'));
    return ecdh.getPublicKey().equals(Buffer.from(c.vapidPublicKey, 'base64url'));
  } catch {
    return false;
  }
}

/** A fresh VAPID key pair (URL-safe base64), for a new push channel. */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webPush.generateVAPIDKeys();
}

/** The subscription a push message goes to (`to`: the JSON of a browser's PushSubscription). */
export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export function parseTarget(to: string): PushTarget {
  let t: unknown;
  try {
    t = JSON.parse(to);
  } catch {
    t = null;
  }
  const s = t as Partial<PushTarget> | null;
  if (
    !s ||
    typeof s.endpoint !== 'string' ||
    typeof s.keys?.p256dh !== 'string' ||
    typeof s.keys?.auth !== 'string' ||
    !decodedLength(65)(s.keys.p256dh) ||
    Buffer.from(s.keys.auth, 'base64url').length < 16
  )
    throw new ChannelError('push_bad_subscription', 'Push: the address is not a push subscription', true, 'hard');
  return { endpoint: s.endpoint, keys: { p256dh: s.keys.p256dh, auth: s.keys.auth } };
}

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payloads (RFC 8291): web-push builds
 * the encrypted request, and it goes out through the outbound policy like every provider call
 * (web-push's own sender would connect anywhere the endpoint points).
 */
export const pushChannel: ChannelKind<PushConfig> = {
  type: 'push',
  label: { en: 'Web push', ru: 'Web push' },
  consent: 'push',
  address: 'push_subscription',
  config,
  secretFields: ['vapidPrivateKey'],
  create: (c, { outbound, onAddressGone }) => ({
    async send(msg) {
      const target = parseTarget(msg.to);
      // The click-through URL: the message's, else the caller's `data.url` (POST /messages data).
      const url = msg.url ?? (typeof msg.data?.url === 'string' ? msg.data.url : null);
      const payload = JSON.stringify({ title: msg.subject ?? '', body: msg.text, url });
      let details: webPush.RequestDetails;
      try {
        details = webPush.generateRequestDetails(target, payload, {
          vapidDetails: { subject: c.subject, publicKey: c.vapidPublicKey, privateKey: c.vapidPrivateKey },
          TTL: c.ttlSeconds ?? 86_400,
          contentEncoding: 'aes128gcm',
        });
      } catch (e) {
        throw new ChannelError('push_bad_subscription', `Push: ${(e as Error).message}`, true, 'hard');
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(details.headers)) headers[k.toLowerCase()] = String(v);
      const res = await callProvider(outbound, details.endpoint, { headers, body: details.body ?? undefined });
      if (res.status >= 200 && res.status <= 299) {
        const location = res.headers.location;
        return { providerId: (Array.isArray(location) ? location[0] : location) ?? null, status: 'sent' };
      }
      if (res.status === 404 || res.status === 410) {
        // The subscription is gone for good (unsubscribed or expired): drop it, never send to it again.
        await onAddressGone?.(msg.to);
        throw new ChannelError('push_gone', `Push: the subscription is gone (HTTP ${res.status})`, true, 'hard');
      }
      if (res.status === 429 || res.status >= 500)
        throw new ChannelError(`push_${res.status}`, `Push: the push service answered HTTP ${res.status}`, false);
      // 400 malformed, 401/403 VAPID refused (a subscription made with another key), 413 too large.
      throw new ChannelError(
        `push_${res.status}`,
        `Push: the push service refused the message (HTTP ${res.status})`,
        true,
      );
    },
    async verify() {
      // Sign a VAPID JWT: proves the key pair and the subject are usable, without a subscription.
      try {
        webPush.getVapidHeaders(
          'https://push.example.org',
          c.subject,
          c.vapidPublicKey,
          c.vapidPrivateKey,
          'aes128gcm',
        );
      } catch (e) {
        throw new ChannelError('push_vapid', `Push: ${(e as Error).message}`, true);
      }
      if (!keysMatch(c))
        throw new ChannelError('push_vapid', 'Push: the VAPID private key does not belong to the public key', true);
    },
    async close() {},
  }),
};
