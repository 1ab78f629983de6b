import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors.ts';
import type { ServiceCsat } from './csat.ts';
import { csatPage, invalidCsatPage } from './page.ts';

const MAX_FORM = 16 * 1024;
// A wildcard, as engage's hosted pages (/u/*, /p/*): the token is the credential, not a record id.
type Req = FastifyRequest<{ Params: { '*': string }; Querystring: { lang?: string } }>;
const tokenOf = (req: Req) => req.params['*'] ?? '';

function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}
const langOf = (req: Req) => (/^\s*en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'ru');

/** Outside /api/v1: the hosted CSAT page, GET /csat/{token} and its form post (the signed token is the credential). */
export async function csatRootRoutes(app: FastifyInstance, csat: () => ServiceCsat) {
  await app.register(async (t) => {
    t.removeAllContentTypeParsers();
    t.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_FORM }, (_req, body, done) => done(null, body));

    t.get('/csat/*', { schema: { hide: true }, config: { public: true } }, async (req: Req, reply) => {
      try {
        return html(reply, 200, csatPage(await csat().view(tokenOf(req))));
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return html(reply, 404, invalidCsatPage(langOf(req)));
        throw e;
      }
    });

    t.post('/csat/*', { schema: { hide: true }, config: { public: true } }, async (req: Req, reply) => {
      const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
      const score = Number(form.get('score'));
      try {
        if (!Number.isInteger(score) || score < 1 || score > 5)
          return html(reply, 422, csatPage(await csat().view(tokenOf(req)), 'pick'));
        const v = await csat().answer(tokenOf(req), { score, comment: form.get('comment') });
        return html(reply, 200, csatPage(v, 'saved'));
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return html(reply, 404, invalidCsatPage(langOf(req)));
        throw e;
      }
    });
  });
}

const answer = z
  .object({
    conversationId: z.string(),
    number: z.number(),
    score: z.number().nullable(),
    comment: z.string().nullable(),
    locale: z.enum(['ru', 'en']),
    answeredAt: z.date().or(z.string()).nullable().meta({ type: 'string', format: 'date-time' }),
  })
  .meta({ id: 'CsatAnswer', description: 'A CSAT survey and its answer' });

/** Under /api/v1: POST /csat/{token} — the same answer as the hosted page, as JSON (public: the token is the credential). */
export async function csatApiRoutes(app: FastifyInstance, csat: () => ServiceCsat) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/csat/:token',
    {
      config: { public: true },
      schema: {
        tags: ['service: CSAT'],
        operationId: 'answerCsat',
        summary: 'Answer a CSAT survey (1–5, an optional comment); a second answer replaces the first',
        params: z.object({ token: z.string().min(1).max(200) }),
        body: z.object({
          score: z.number().int().min(1).max(5),
          comment: z.string().max(5000).nullish(),
        }),
        response: { 200: answer },
      },
    },
    async (req) => {
      const v = await csat().answer(req.params.token, req.body);
      return {
        conversationId: v.conversationId,
        number: v.number,
        score: v.score,
        comment: v.comment,
        locale: v.locale,
        answeredAt: v.answeredAt,
      };
    },
  );
}
