import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { htmlToText, looksActive, sanitizeEmailHtml } from './sanitize.ts';

/**
 * One inbound email, from raw RFC 5322 bytes to what `k.service.inbound.receive` takes. The SMTP
 * receiver and the IMAP poller both file mail through here, so a message reads the same whichever
 * way it came. Nothing legitimate is dropped: a body that does not parse as MIME is kept as text
 * with a note saying so; what is removed (active HTML, a dangerous attachment) is named in a note
 * appended to the text, so the agent knows the client sent it.
 */

export interface InboundEmail {
  /** The sender's address (lower-cased), from From:, else the envelope's MAIL FROM. */
  from: string | null;
  /** The sender's display name, when given. */
  name: string | null;
  subject: string;
  /** Plain text, with the notes (see `notes`) appended. */
  text: string;
  /** Sanitised HTML (sanitize.ts), or undefined when the mail had none. */
  html?: string;
  /** This message's Message-ID (with angle brackets), the key later replies thread by. */
  ownKey?: string;
  /** In-Reply-To then References, newest first, without duplicates. */
  threadKeys: string[];
  /** Idempotency: the Message-ID, else a digest of the raw message (a retried delivery files once). */
  externalId: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** What was refused or changed, one line each (also appended to `text`). */
  notes: string[];
  /** The Date: header, when it parses and is not in the future. */
  at?: Date;
  /** Auto-Submitted / Precedence: an auto-reply or list mail (the receiver may file it without answering). */
  automatic: boolean;
}

/**
 * Attachment types that run code when opened on Windows, macOS or in a browser: never handed to an
 * agent's machine. (Archives are kept: they are how clients send many files, and opening one runs nothing.)
 */
// biome-ignore format: one word per type would be 60 lines
const DANGEROUS_EXTENSIONS = new Set([
  'exe', 'com', 'scr', 'pif', 'bat', 'cmd', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'ws', 'msi', 'msp', 'mst',
  'cpl', 'hta', 'jar', 'ps1', 'ps1xml', 'psm1', 'reg', 'lnk', 'inf', 'dll', 'sys', 'scf', 'gadget', 'application',
  'appref-ms', 'iso', 'img', 'vhd', 'vhdx', 'sh', 'command', 'app', 'dmg', 'pkg', 'apk', 'html', 'htm', 'xhtml',
  'svg', 'xht', 'mht', 'mhtml', 'chm', 'docm', 'xlsm', 'pptm', 'dotm', 'xltm', 'xlam', 'ppam', 'sldm',
]);

const DANGEROUS_TYPES =
  /^(application\/(x-msdownload|x-msdos-program|x-ms-installer|x-msi|x-dosexec|x-executable|x-sh|x-bat|javascript|x-javascript|ecmascript|hta|x-ms-shortcut|java-archive|vnd\.microsoft\.portable-executable|xhtml\+xml)|text\/(javascript|ecmascript|html|x-sh|vbscript)|image\/svg\+xml)\b/i;

/** Why an attachment may not be kept, or null when it may. */
export function dangerousAttachment(filename: string, contentType: string, content: Buffer): string | null {
  const ext = /\.([a-z0-9-]+)$/i.exec(filename.trim())?.[1]?.toLowerCase();
  if (ext && DANGEROUS_EXTENSIONS.has(ext)) return `.${ext} files can run code when opened`;
  if (DANGEROUS_TYPES.test(contentType)) return `${contentType.split(';')[0]} can run code when opened`;
  // A Windows program renamed to look harmless ("invoice.pdf") still starts with "MZ".
  if (content.length >= 2 && content[0] === 0x4d && content[1] === 0x5a && ext !== 'txt')
    return 'it is a Windows program whatever its name says';
  // Likewise an ELF binary or a shell script with its #! line.
  if (content.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return 'it is a program (ELF)';
  return null;
}

const MESSAGE_ID = /<[^<>\s]{1,500}>/g;

/** Message-IDs in a header value (mailparser gives a string or array; stray text around them is ignored). */
function ids(v: string | string[] | undefined): string[] {
  if (!v) return [];
  const all = (Array.isArray(v) ? v : [v]).flatMap((s) => {
    const found = String(s).match(MESSAGE_ID);
    if (found) return found;
    // Some clients write the id without its brackets.
    const bare = String(s).trim();
    return bare && !/\s/.test(bare) && bare.length <= 500 ? [`<${bare}>`] : [];
  });
  return all;
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  for (const o of [a ?? []].flat())
    for (const v of o.value ?? []) {
      if (v.address && v.address.includes('@')) return { address: v.address.toLowerCase(), name: v.name ?? '' };
      for (const g of v.group ?? [])
        if (g.address && g.address.includes('@')) return { address: g.address.toLowerCase(), name: g.name ?? '' };
    }
  return null;
}

export const fmtBytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`;

/** Text up to this many characters is kept whole; past it the rest is cut with a note (the raw size is bounded by SMTP anyway). */
const MAX_TEXT = 200_000;

/**
 * Parses a raw message. `envelopeFrom` is the SMTP MAIL FROM (used when From: is missing or
 * unreadable). Never throws for bad MIME: the message is then kept as text with a note.
 */
export async function parseInboundEmail(
  raw: Buffer,
  opts: { envelopeFrom?: string | null; now?: Date } = {},
): Promise<InboundEmail> {
  const notes: string[] = [];
  let mail: ParsedMail | null = null;
  try {
    mail = await simpleParser(raw, {
      // cid: images become data: URIs (kept by the sanitiser); other links stay as they are.
      // The text of an HTML-only mail is made from the sanitised HTML below, not the raw one.
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
    });
  } catch (err) {
    notes.push(
      `The message could not be read as MIME (${err instanceof Error ? err.message.slice(0, 200) : 'unreadable'}); it is kept as plain text.`,
    );
  }
  const now = opts.now ?? new Date();
  const digest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  if (!mail) {
    const text = raw.toString('utf8');
    return {
      from: opts.envelopeFrom?.toLowerCase() || null,
      name: null,
      subject: '',
      text: withNotes(text.slice(0, MAX_TEXT), notes),
      threadKeys: [],
      externalId: digest,
      attachments: [],
      notes,
      automatic: false,
    };
  }
  const sender = firstAddress(mail.from);
  const from = sender?.address ?? (opts.envelopeFrom ? opts.envelopeFrom.toLowerCase() : null);
  if (!sender && from) notes.push('The From: header was missing or unreadable; the envelope sender is used.');

  let html: string | undefined;
  if (mail.html) {
    if (looksActive(mail.html)) notes.push('Scripts, forms and other active content were removed from the HTML.');
    html = sanitizeEmailHtml(mail.html) || undefined;
  }
  let text = (mail.text ?? '').replace(/\r\n/g, '\n').trim();
  if (!text && html) text = htmlToText(html);
  if (text.length > MAX_TEXT) {
    notes.push(`The text was ${text.length} characters long; the first ${MAX_TEXT} are kept.`);
    text = text.slice(0, MAX_TEXT);
  }

  const attachments: InboundEmail['attachments'] = [];
  for (const a of mail.attachments) {
    const filename = (a.filename ?? '').trim() || `attachment-${attachments.length + 1}`;
    const contentType = (a.contentType || 'application/octet-stream').toLowerCase();
    const why = dangerousAttachment(filename, contentType, a.content);
    if (why) {
      notes.push(`The attachment "${filename}" (${fmtBytes(a.content.length)}) was removed: ${why}.`);
      continue;
    }
    // Inline images already live in the HTML as data: URIs; kept as attachments too, for download.
    attachments.push({ filename, contentType, content: a.content });
  }

  if (!text && !html && attachments.length === 0 && mail.attachments.length === 0) {
    // Nothing readable came out of the MIME structure (a broken multipart): the raw body is the
    // client's message, kept as text.
    const body = rawBody(raw);
    if (body) {
      text = body.slice(0, MAX_TEXT);
      notes.push("The message's MIME structure could not be read; its body is kept as it came.");
    } else notes.push('The message had no text.'); // a subject alone is still the client's message
  }

  const ownKey = ids(mail.messageId)[0];
  const inReplyTo = ids(mail.inReplyTo);
  const references = ids(mail.references).reverse(); // newest first: the closest ancestor threads first
  const threadKeys = [...new Set([...inReplyTo, ...references])].filter((k) => k !== ownKey).slice(0, 50);

  const autoSubmitted = String(mail.headers.get('auto-submitted') ?? '').toLowerCase();
  const precedence = String(mail.headers.get('precedence') ?? '').toLowerCase();
  const at = mail.date && !Number.isNaN(mail.date.getTime()) && mail.date <= now ? mail.date : undefined;
  return {
    from,
    name: sender?.name || null,
    subject: (mail.subject ?? '').slice(0, 500),
    text: withNotes(text, notes),
    html,
    ownKey,
    threadKeys,
    externalId: ownKey ?? digest,
    attachments,
    notes,
    at,
    automatic: (autoSubmitted !== '' && autoSubmitted !== 'no') || ['bulk', 'junk', 'list'].includes(precedence),
  };
}

/** What follows the header block, trimmed; the whole message when it has no header block. */
function rawBody(raw: Buffer): string {
  const s = raw.toString('utf8');
  const m = /\r?\n\r?\n/.exec(s);
  return (m ? s.slice(m.index + m[0].length) : s).trim();
}

function withNotes(text: string, notes: string[]): string {
  if (!notes.length) return text;
  return `${text}${text ? '\n\n' : ''}${notes.map((n) => `[Kartoteka: ${n}]`).join('\n')}`;
}

/**
 * What `k.service.inbound.receive` takes for this email on this inbox (null: no sender to file it
 * under). `at` is when it reached us (SMTP: now; IMAP: the server's arrival date), never the Date:
 * header, which the sender writes (a back-dated mail would skew SLA clocks and threading).
 */
export function inboundOf(inboxId: string, mail: InboundEmail, at?: Date) {
  if (!mail.from) return null;
  return {
    inboxId,
    channel: 'email' as const,
    identities: [{ kind: 'email', value: mail.from }],
    traits: mail.name ? { name: mail.name } : undefined,
    externalId: mail.externalId.slice(0, 500),
    threadKeys: mail.threadKeys,
    ownKey: mail.ownKey,
    subject: mail.subject || undefined,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments,
    at,
  };
}
