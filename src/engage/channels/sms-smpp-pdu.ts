/**
 * SMPP PDUs of the SMS channel: submit_sm parts, deliver_sm texts and receipts, and the
 * command_status values turned into ChannelErrors (sms-smpp.ts runs the session).
 */
import smpp, { type DecodedMessage, type PDU } from 'smpp';
import { BLOCKED_MESSAGE, OutboundBlockedError } from '../../core/net/outbound.ts';
import { encodeGsm7, encodeUcs2, isGsm7, splitGsm7, splitUcs2 } from './sms-text.ts';
import { ChannelError, type StatusReport } from './types.ts';

const STATUS_NAMES = new Map(Object.entries(smpp.errors).map(([name, v]) => [v, name]));
// The SMSC is busy or had a passing fault: the same message may go through later.
const TRANSIENT_STATUS = new Set([0x08, 0x14, 0x58, 0x64, 0xff]);
const AUTH_STATUS = new Set([0x0d, 0x0e, 0x0f]);

function statusLabel(status: number): string {
  return STATUS_NAMES.get(status) ?? `0x${status.toString(16).padStart(4, '0')}`;
}

/** submit_sm_resp with command_status ≠ 0 → a ChannelError whose code names the status (`smpp_throttled`). */
export function submitError(status: number): ChannelError {
  const name = STATUS_NAMES.get(status);
  const code = name ? `smpp_${name.replace(/^ESME_R/, '').toLowerCase()}` : `smpp_0x${status.toString(16)}`;
  return new ChannelError(code, `the SMSC refused the message: ${statusLabel(status)}`, !TRANSIENT_STATUS.has(status));
}

export function bindError(status: number): ChannelError {
  if (AUTH_STATUS.has(status))
    return new ChannelError(
      'auth_failed',
      `the SMSC refused the bind (${statusLabel(status)}): check systemId and password${status === 0x0d ? ', or the number of sessions the account allows' : ''}`,
      true,
    );
  return new ChannelError(
    `smpp_bind_${status.toString(16)}`,
    `the SMSC refused the bind: ${statusLabel(status)}`,
    true,
  );
}

export function connectError(e: unknown, host: string): ChannelError {
  if (e instanceof ChannelError) return e;
  if (e instanceof OutboundBlockedError)
    return new ChannelError('outbound_blocked', `config.host: ${BLOCKED_MESSAGE}`, true);
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ChannelError('unreachable', `cannot resolve ${host}`, false);
  // A certificate the client does not trust or that names another host: retrying cannot help.
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code))
    return new ChannelError('tls_failed', `the SMSC's TLS certificate was refused: ${code}`, true);
  return new ChannelError('unreachable', `cannot connect to the SMSC: ${code ?? (e as Error).message}`, false);
}

export type Submit = Record<string, unknown>;

/** The submit_sm of each part: GSM-7 or UCS-2, with a concatenation UDH when there is more than one. */
export function buildParts(text: string, ref: number): { dataCoding: number; parts: Submit[] } {
  const gsm = isGsm7(text);
  const pieces = gsm ? splitGsm7(text) : splitUcs2(text);
  const encode = gsm ? encodeGsm7 : encodeUcs2;
  const dataCoding = gsm ? 0 : 8;
  if (pieces.length > 255) throw new ChannelError('too_long', 'the text needs more than 255 SMS parts', true);
  if (pieces.length === 1) return { dataCoding, parts: [{ esm_class: 0, short_message: encode(text) }] };
  return {
    dataCoding,
    parts: pieces.map((p, i) => ({
      esm_class: 0x40,
      short_message: Buffer.concat([Buffer.from([5, 0, 3, ref, pieces.length, i + 1]), encode(p)]),
    })),
  };
}

/** The text of a deliver_sm (short_message or message_payload, as the package decoded it). */
export function pduText(pdu: PDU): { text: string; udh: Buffer[] } {
  const raw = (pdu.message_payload ?? pdu.short_message) as DecodedMessage | Buffer | string | undefined;
  if (!raw) return { text: '', udh: [] };
  if (typeof raw === 'string') return { text: raw, udh: [] };
  if (Buffer.isBuffer(raw)) return { text: raw.toString('latin1'), udh: [] };
  const m = raw.message;
  return { text: typeof m === 'string' ? m : m.toString('latin1'), udh: raw.udh ?? [] };
}

const RECEIPT_FAILED = new Set(['UNDELIV', 'REJECTD', 'EXPIRED', 'DELETED', 'UNKNOWN']);

/** A delivery receipt's text (`id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:000 text:…`). */
export function parseReceipt(pdu: PDU): StatusReport | null {
  const { text } = pduText(pdu);
  const id = (pdu.receipted_message_id as string | undefined) || /\bid:(\S+)/i.exec(text)?.[1];
  const stat = /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase();
  if (!id || !stat) return null;
  if (stat === 'DELIVRD') return { providerId: id, status: 'delivered' };
  if (RECEIPT_FAILED.has(stat)) {
    const err = /\berr:(\w+)/i.exec(text)?.[1];
    return { providerId: id, status: 'failed', reason: err && !/^0+$/.test(err) ? `${stat} err:${err}` : stat };
  }
  return null; // ENROUTE, ACCEPTD: not final
}
