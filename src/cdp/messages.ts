import { newId } from '../core/ids.ts';
import { cleanId, MAX_ID_LENGTH } from './identifiers.ts';

/**
 * The Segment tracking spec (https://segment.com/docs/connections/spec/): parsing and validation
 * of one message, timestamps included. Pure functions; the ingest service does the storing.
 */
export const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Segment's limits: 500 KB per request (batch), 32 KB per message. */
export const MAX_REQUEST_BYTES = 500 * 1024;
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_EVENTS = 2_500;

export interface ParsedMessage {
  index: number;
  id: string;
  messageId: string;
  type: EventType;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  previousId: string | null;
  groupId: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown> | null;
  context: Record<string, unknown>;
  extra: Record<string, unknown> | null;
  occurredAt: Date;
  sentAt: Date | null;
  originalTimestamp: Date | null;
  /** Set by identity resolution. */
  personId?: string;
  /** When the request that brought it arrived (set when requests are written together). */
  receivedAt?: Date;
}

export interface Rejected {
  index: number;
  messageId?: string;
  message: string;
}

export class MessageError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseTime(v: unknown, path: string): Date | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' && typeof v !== 'number')
    throw new MessageError(path, 'must be an ISO-8601 date-time string');
  // Numbers and bare digits are epoch milliseconds (some libraries send them).
  const d = typeof v === 'number' || /^\d{10,}$/.test(v) ? new Date(Number(v)) : new Date(v);
  const t = d.getTime();
  if (Number.isNaN(t) || t < -62135596800000 || t > 253402300799999)
    throw new MessageError(path, `not a valid date-time: ${JSON.stringify(v).slice(0, 60)}`);
  return d;
}

function objectField(m: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = m[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new MessageError(key, 'must be an object');
  return v;
}

function stringField(m: Record<string, unknown>, key: string, max = 500): string | null {
  const v = m[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new MessageError(key, 'must be a string');
  if (v.length > max) throw new MessageError(key, `must be at most ${max} characters`);
  return v;
}

// Keys that have their own column; everything else a message carries is kept in `extra`.
const KNOWN = new Set([
  'type',
  'action',
  'messageId',
  'event',
  'name',
  'userId',
  'anonymousId',
  'previousId',
  'groupId',
  'properties',
  'traits',
  'context',
  'timestamp',
  'originalTimestamp',
  'sentAt',
  'receivedAt',
  'writeKey',
  'secret',
]);

export interface BatchDefaults {
  context?: Record<string, unknown>;
  integrations?: Record<string, unknown>;
  sentAt?: Date | null;
}

/**
 * One message as the spec describes it. `implicitType` is the endpoint's type (/v1/track …);
 * inside a batch each message names its own `type`.
 */
export function parseMessage(
  raw: unknown,
  index: number,
  implicitType: EventType | null,
  receivedAt: Date,
  defaults: BatchDefaults = {},
): ParsedMessage {
  if (!isObject(raw)) throw new MessageError('(message)', 'must be a JSON object');
  const declared = raw.type ?? raw.action;
  let type: EventType;
  if (implicitType) {
    if (declared !== undefined && declared !== implicitType)
      throw new MessageError('type', `must be "${implicitType}" at this endpoint`);
    type = implicitType;
  } else {
    if (typeof declared !== 'string' || !(EVENT_TYPES as readonly string[]).includes(declared))
      throw new MessageError('type', `must be one of ${EVENT_TYPES.join(', ')}`);
    type = declared as EventType;
  }

  const rawUser = raw.userId;
  const rawAnon = raw.anonymousId;
  for (const [k, v] of [
    ['userId', rawUser],
    ['anonymousId', rawAnon],
  ] as const) {
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number')
      throw new MessageError(k, 'must be a string');
    if (typeof v === 'string' && v.length > MAX_ID_LENGTH)
      throw new MessageError(k, `must be at most ${MAX_ID_LENGTH} characters`);
  }
  const userId = cleanId(rawUser);
  const anonymousId = cleanId(rawAnon);
  let event: string | null = null;
  let previousId: string | null = null;
  let groupId: string | null = null;

  if (type === 'alias') {
    previousId = cleanId(raw.previousId);
    if (!previousId)
      throw new MessageError(
        'previousId',
        'is required for alias (and must not be a placeholder such as "null" or "anonymous")',
      );
    if (!userId)
      throw new MessageError(
        'userId',
        'is required for alias (and must not be a placeholder such as "null" or "anonymous")',
      );
  } else if (!userId && !anonymousId) {
    throw new MessageError(
      'userId',
      'userId or anonymousId is required (placeholders such as "null", "undefined", "0" or "anonymous" do not count)',
    );
  }
  if (type === 'track') {
    event = stringField(raw, 'event');
    if (!event || !event.trim()) throw new MessageError('event', 'is required for track');
  } else if (type === 'page' || type === 'screen') {
    event = stringField(raw, 'name');
  } else if (type === 'group') {
    groupId = cleanId(raw.groupId);
    if (!groupId) throw new MessageError('groupId', 'is required for group');
  }

  let messageId = stringField(raw, 'messageId', 200);
  if (!messageId || !messageId.trim()) messageId = `srv-${newId()}`;

  const properties = objectField(raw, 'properties') ?? {};
  const traits = objectField(raw, 'traits') ?? null;
  const ctx = objectField(raw, 'context');
  const context = defaults.context ? { ...defaults.context, ...ctx } : (ctx ?? {});

  // Timestamps: the spec's clock-skew correction. The client's own time for the event
  // (timestamp, or originalTimestamp as RudderStack sends it) is shifted by how far the client's
  // clock was off when it sent the request: timestamp + (receivedAt − sentAt).
  const timestamp = parseTime(raw.timestamp, 'timestamp');
  const originalTimestamp = parseTime(raw.originalTimestamp, 'originalTimestamp') ?? timestamp;
  const sentAt = parseTime(raw.sentAt, 'sentAt') ?? defaults.sentAt ?? null;
  const clientTime = timestamp ?? originalTimestamp;
  let occurredAt: Date;
  if (clientTime && sentAt) occurredAt = new Date(clientTime.getTime() + (receivedAt.getTime() - sentAt.getTime()));
  else occurredAt = clientTime ?? receivedAt;

  let extra: Record<string, unknown> | null = null;
  for (const k of Object.keys(raw)) {
    if (KNOWN.has(k)) continue;
    (extra ??= {})[k] = raw[k];
  }
  if (groupId) (extra ??= {}).groupId = groupId;
  if (previousId) (extra ??= {}).previousId = previousId;
  if (defaults.integrations && !(extra && 'integrations' in extra)) (extra ??= {}).integrations = defaults.integrations;

  return {
    index,
    id: newId(),
    messageId,
    type,
    event,
    userId,
    anonymousId,
    previousId,
    groupId,
    properties: type === 'identify' || type === 'group' ? {} : properties,
    traits:
      type === 'identify' || type === 'group'
        ? (traits ?? (isObject(context.traits) ? (context.traits as Record<string, unknown>) : {}))
        : traits,
    context,
    extra,
    occurredAt,
    sentAt,
    originalTimestamp,
  };
}

/** Byte size of a message as JSON, and whether it holds a NUL character PostgreSQL cannot store. */
export function measure(raw: unknown): { bytes: number; nul: boolean } {
  const s = JSON.stringify(raw) ?? '';
  return { bytes: Buffer.byteLength(s), nul: s.includes('\\u0000') };
}
