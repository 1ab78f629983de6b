import type { Secrets } from '../core/secrets.ts';

/**
 * Signed tokens of the links a message carries: the open pixel (`o`), a click redirect (`c`) and
 * the unsubscribe / preference page (`u`). A token is `<signature 22><body>`, the body being the
 * base64url of the workspace id and message id (16 bytes each) and, for a click, the target URL.
 *
 * The URL travels inside the token rather than in a table: decorating happens on the send path
 * for every message of a 100,000-person broadcast (a row per link would be the slowest write
 * there, and `decorate` is synchronous), and the click then needs no read to find where to go.
 * The price is a longer href, which no mail client minds. The signature is an HMAC under a
 * per-purpose key (core/secrets.ts), so a changed byte, or an open token used as a click token,
 * does not verify, and nobody can build a link to another person's page or to a URL of their own.
 */
export type LinkPurpose = 'open' | 'click' | 'unsubscribe';

const SIG = 22;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(id: string): Buffer {
  if (!UUID_RE.test(id)) throw new Error(`not a UUID: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidOf(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface LinkPayload {
  workspaceId: string;
  messageId: string;
  /** Click tokens only: where the link goes (before UTM parameters are added). */
  url?: string;
}

export function signLink(secrets: Secrets, purpose: LinkPurpose, p: LinkPayload): string {
  const parts = [uuidBytes(p.workspaceId), uuidBytes(p.messageId)];
  if (purpose === 'click') parts.push(Buffer.from(p.url ?? '', 'utf8'));
  const body = Buffer.concat(parts).toString('base64url');
  return secrets.sign(purpose, body) + body;
}

/** The payload of a token signed for `purpose`, or null when it is malformed or does not verify. */
export function verifyLink(secrets: Secrets, purpose: LinkPurpose, token: string): LinkPayload | null {
  if (token.length < SIG + 43 || token.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const sig = token.slice(0, SIG);
  const body = token.slice(SIG);
  if (!secrets.verify(purpose, body, sig)) return null;
  const raw = Buffer.from(body, 'base64url');
  if (raw.length < 32) return null;
  const out: LinkPayload = { workspaceId: uuidOf(raw.subarray(0, 16)), messageId: uuidOf(raw.subarray(16, 32)) };
  if (purpose === 'click') out.url = raw.subarray(32).toString('utf8');
  else if (raw.length !== 32) return null;
  return out;
}
