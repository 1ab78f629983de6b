import { simpleParser } from 'mailparser';
import type { StatusReport } from './types.ts';

/**
 * Bounce (RFC 3464 delivery status notification) and complaint (RFC 5965 ARF feedback report)
 * messages → the engine's status reports, keyed by the Message-ID we gave the original message
 * (email.ts: `<ledger id@from domain>`, also its providerId).
 *
 * mailparser folds a report's `message/delivery-status` part into the text, so the report's parts
 * are split here (a multipart/report is flat: a human part, the machine part, the original or its
 * headers); mailparser reads the top level and gives the text that non-standard bounces quote the
 * original's headers in.
 */

export interface ParsedReport {
  kind: 'dsn' | 'arf' | 'unknown';
  reports: StatusReport[];
  /** The recipient the report is about (Final-Recipient / the original's To). */
  recipient: string | null;
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

/** RFC 5322 header block → lower-cased names; folded lines unfolded; the first of a repeated name kept. */
export function parseHeaderBlock(block: string): Map<string, string> {
  const out = new Map<string, string>();
  const unfolded = block.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(i + 1).trim());
  }
  return out;
}

/** Field groups of a delivery-status or feedback-report body (blank-line separated). */
function fieldGroups(body: string): Map<string, string>[] {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((g) => parseHeaderBlock(g))
    .filter((g) => g.size > 0);
}

function splitEntity(raw: string): Part {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.search(/\n\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 2);
  return { headers: parseHeaderBlock(head), body };
}

function param(contentType: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function decode(part: Part): string {
  const cte = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable')
    return part.body
      .replace(/=\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return part.body;
}

/** The leaf parts of a MIME entity, depth first (multipart/* opened, message/rfc822 kept whole). */
function leaves(entity: Part, depth = 0): Part[] {
  const ct = entity.headers.get('content-type') ?? 'text/plain';
  const boundary = /^multipart\//i.test(ct) ? param(ct, 'boundary') : null;
  if (!boundary || depth > 5) return [entity];
  const sep = `--${boundary}`;
  const chunks = entity.body.split('\n').reduce<string[][]>(
    (acc, line) => {
      if (line.startsWith(sep)) {
        if (line.slice(sep.length).startsWith('--')) acc.push(['\u0000end']);
        else acc.push([]);
      } else acc[acc.length - 1]!.push(line);
      return acc;
    },
    [[]],
  );
  const parts: Part[] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk[0] === '\u0000end') break;
    parts.push(...leaves(splitEntity(chunk.join('\n')), depth + 1));
  }
  return parts;
}

const ANGLE_ID = /<[^<>\s]+@[^<>\s]+>/;
const normaliseId = (v: string | undefined | null): string | null => {
  if (!v) return null;
  const m = ANGLE_ID.exec(v);
  if (m) return m[0];
  const bare = v.trim();
  return /^[^<>\s]+@[^<>\s]+$/.test(bare) ? `<${bare}>` : null;
};
const addressIn = (v: string | undefined): string | null => {
  if (!v) return null;
  const a = v.replace(/^[a-z0-9-]+;\s*/i, '').trim();
  const m = /<([^<>]+)>/.exec(a);
  return (m ? m[1]! : a).toLowerCase() || null;
};

/** Parses a bounce or complaint. Anything that is neither (an auto-reply, spam) gives no reports. */
export async function parseReport(raw: Buffer | string): Promise<ParsedReport> {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  const top = splitEntity(text);
  const parts = leaves(top);
  const typeOf = (p: Part) => (p.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  const original = parts.find((p) => ['message/rfc822', 'text/rfc822-headers'].includes(typeOf(p)));
  const originalHeaders = original ? splitEntity(decode(original)).headers : null;
  let providerId = normaliseId(originalHeaders?.get('message-id'));
  if (!providerId) {
    // Non-standard bounces quote the original's headers in their text.
    const parsed = await simpleParser(Buffer.from(text), { skipHtmlToText: true, skipTextLinks: true });
    const quoted = /^\s*Message-ID:\s*(<[^<>\s]+@[^<>\s]+>)/im.exec(parsed.text ?? '');
    providerId = quoted?.[1] ?? null;
  }
  const origTo = addressIn(originalHeaders?.get('to'));

  const feedback = parts.find((p) => typeOf(p) === 'message/feedback-report');
  if (feedback) {
    const fields = fieldGroups(decode(feedback))[0] ?? new Map<string, string>();
    const type = (fields.get('feedback-type') ?? 'abuse').toLowerCase();
    const recipient = addressIn(fields.get('original-rcpt-to')) ?? origTo;
    const arrival = fields.get('arrival-date') ?? fields.get('received-date');
    const at = arrival && !Number.isNaN(Date.parse(arrival)) ? new Date(arrival) : undefined;
    const reports: StatusReport[] =
      providerId && (type === 'abuse' || type === 'fraud' || type === 'other')
        ? [{ providerId, status: 'complained', reason: `arf_${type}`, ...(at ? { at } : {}) }]
        : [];
    return { kind: 'arf', reports, recipient };
  }

  const status = parts.find(
    (p) => typeOf(p) === 'message/delivery-status' || typeOf(p) === 'message/global-delivery-status',
  );
  if (!status) return legacyBounce(top, providerId, origTo);
  const groups = fieldGroups(decode(status));
  const perRecipient = groups.slice(1).filter((g) => g.has('action') || g.has('status'));
  const reports: StatusReport[] = [];
  let recipient: string | null = null;
  for (const g of perRecipient) {
    const action = (g.get('action') ?? '').toLowerCase();
    const code = /\b([245])\.\d{1,3}\.\d{1,3}\b/.exec(g.get('status') ?? '');
    recipient ??= addressIn(g.get('final-recipient')) ?? addressIn(g.get('original-recipient'));
    if (!providerId) continue;
    const diagnostic = (g.get('diagnostic-code') ?? '').replace(/^[a-z-]+;\s*/i, '').slice(0, 300);
    if (action === 'delivered' || action === 'relayed' || action === 'expanded') {
      reports.push({ providerId, status: 'delivered' });
    } else if (action === 'failed') {
      const hard = code?.[1] === '5';
      reports.push({
        providerId,
        status: 'bounced',
        bounce: hard ? 'hard' : 'soft',
        reason: `dsn_${code ? code[0] : 'failed'}${diagnostic ? `: ${diagnostic}` : ''}`,
      });
    }
    // `delayed` is a warning: the reporting MTA keeps trying, so the message is not bounced yet.
  }
  return { kind: 'dsn', reports: reports.slice(0, 1), recipient: recipient ?? origTo };
}

/**
 * A bounce from an MTA that predates RFC 3464 (qmail's "failure notice"): from the mailer daemon,
 * quoting the original's Message-ID, with an enhanced status code (`#5.1.1`) in the text.
 */
function legacyBounce(top: Part, providerId: string | null, origTo: string | null): ParsedReport {
  const from = (top.headers.get('from') ?? '').toLowerCase();
  const daemon = /mailer-daemon|postmaster/.test(from);
  const code = /\b([45])\.\d{1,3}\.\d{1,3}\b/.exec(top.body);
  if (!daemon || !providerId || !code) return { kind: 'unknown', reports: [], recipient: null };
  const recipient = /^<([^<>\s]+@[^<>\s]+)>:/m.exec(top.body)?.[1]?.toLowerCase() ?? origTo;
  return {
    kind: 'dsn',
    reports: [{ providerId, status: 'bounced', bounce: code[1] === '5' ? 'hard' : 'soft', reason: `dsn_${code[0]}` }],
    recipient,
  };
}
