import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import type { Actor } from '../core/auth/actor.ts';
import { principalOf } from '../core/http/principal.ts';
import { invalid } from '../core/errors.ts';
import { normalizePhone } from '../cdp/index.ts';
import { activitySchema } from './activities-routes.ts';
import type { ActivityView } from './activities.ts';

export interface PbxCall {
  callId: string;
  direction: 'in' | 'out';
  from: string;
  to: string;
  startedAt: string;
  durationSeconds: number;
  answered: boolean;
  recordingUrl?: string | null;
  operatorEmail?: string | null;
}

/**
 * Stores a call reported by a PBX as a call activity of the customer's person (a lead is created
 * for an unknown number). The workspace's identity lock, taken first, serialises calls of one
 * workspace, so the same callId sent twice at once is still stored once and two calls from one new
 * number make one lead.
 */
export async function logPbxCall(
  k: Kernel,
  actor: Actor,
  call: PbxCall,
): Promise<{ created: boolean; activity: ActivityView }> {
  const ws = actor.workspaceId;
  const customerRaw = call.direction === 'in' ? call.from : call.to;
  const phone = normalizePhone(customerRaw);
  if (!phone)
    throw invalid(call.direction === 'in' ? 'from' : 'to', "not a valid phone number (the customer's number)");
  const externalId = `pbx:${call.callId}`;
  const people = k.crm.people;
  return k.db.transaction().execute(async (trx) => {
    await k.cdp.directory.lock(trx, ws);
    const existing = await k.crm.activities.findByExternalId(trx, ws, externalId);
    if (existing) return { created: false, activity: existing };
    let ownerId: string | null = null;
    if (call.operatorEmail) {
      const op = await trx
        .selectFrom('users as u')
        .innerJoin('workspace_members as m', 'm.user_id', 'u.id')
        .select('u.id')
        .where('m.workspace_id', '=', ws)
        .where(sql<boolean>`lower(u.email) = ${call.operatorEmail.trim().toLowerCase()}`)
        .executeTakeFirst();
      // An operator the CRM does not know leaves the call unassigned rather than losing it.
      ownerId = op?.id ?? null;
    }
    let personId = await people.findByPhone(ws, phone, trx);
    if (!personId)
      personId = (
        await people.create(actor, { phones: [phone], lifecycleStage: 'lead', source: 'phone', ownerId }, trx)
      ).id;
    const outcome = call.answered ? 'answered' : call.direction === 'in' ? 'missed' : 'no_answer';
    const activity = await k.crm.activities.insert(
      trx,
      actor,
      {
        kind: 'call',
        direction: call.direction,
        // No words of the server's language: the UI says "Incoming/Outgoing · number" in the user's.
        subject: null,
        personId,
        ownerId,
        occurredAt: call.startedAt,
        durationSeconds: call.answered ? call.durationSeconds : 0,
        outcome,
        recordingUrl: call.recordingUrl ?? null,
        phone,
      },
      { externalId },
    );
    return { created: true, activity };
  });
}

export async function telephonyRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const example = {
    callId: 'pbx-2031-000123',
    direction: 'in',
    from: '+7 912 345-67-89',
    to: '+7 495 000-00-00',
    startedAt: '2031-05-10T09:15:00+03:00',
    durationSeconds: 184,
    answered: true,
    recordingUrl: 'https://pbx.example.ru/records/pbx-2031-000123.mp3',
    operatorEmail: 'anna.kuznetsova@tekhnosnab.ru',
  };
  r.post(
    '/telephony/calls',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags: ['crm: telephony'],
        summary: 'Report a finished call from a PBX: it is stored as a call activity of the customer',
        description: [
          'For PBX and virtual-telephony integrations (Asterisk, Mango, Zadarma, Sipuni, UIS, …): send one request per finished call,',
          'authenticated with an API key of a role that may change the CRM (manager, agent or admin): `Authorization: Bearer KEY`.',
          '',
          "- The customer's number is `from` for inbound calls and `to` for outbound ones; any format is accepted",
          '  (`+7 912 345-67-89`, `89123456789`, `9123456789` — Russian by default) and stored as E.164.',
          '- The call is attached to the person with that phone; an unknown number creates a new lead (source `phone`).',
          "- `operatorEmail` is the email of the operator's user in this workspace: the call is theirs (ownerId). Unknown → unassigned.",
          '- `answered: false` records a missed (inbound) or unanswered (outbound) call with duration 0.',
          '- Idempotent on `callId`: sending the same call again (a retry) returns **200** with the activity already stored;',
          '  the first time gives **201**. Retry on 5xx and network errors.',
          '',
          'Example:',
          '```json',
          JSON.stringify(example, null, 2),
          '```',
        ].join('\n'),
        body: z
          .object({
            callId: z.string().trim().min(1).max(200).describe('Unique id of the call in the PBX (idempotency key)'),
            direction: z.enum(['in', 'out']),
            from: z.string().trim().min(1).max(64).describe('Calling number'),
            to: z.string().trim().min(1).max(64).describe('Called number'),
            startedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
            durationSeconds: z.number().int().min(0).max(86_400).describe('Talk time in seconds'),
            answered: z.boolean(),
            recordingUrl: z
              .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
              .max(2000)
              .nullable()
              .optional(),
            operatorEmail: z.email({ message: 'must be an email' }).max(320).nullable().optional(),
          })
          .meta({ example }),
        response: {
          200: activitySchema.describe('Already stored (same callId)'),
          201: activitySchema.describe('Stored'),
        },
      },
    },
    async (req, reply) => {
      const { created, activity } = await logPbxCall(k, principalOf(req).actor, req.body);
      return reply.status(created ? 201 : 200).send(activity);
    },
  );
}
