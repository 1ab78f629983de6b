import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { CxKernel } from '../kernel.ts';
import { invalidSurveyPage, surveyPage, type PageNotice } from './page.ts';

const MAX_FORM = 64 * 1024;
// A wildcard, as the CSAT page's: the token is the credential, not a record id.
type Req = FastifyRequest<{ Params: { '*': string } }>;
const tokenOf = (req: Req) => req.params['*'] ?? '';
const html = (reply: FastifyReply, status: number, body: string) =>
  reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
const langOf = (req: Req) => (/^\s*en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'ru');

/** Outside /api/v1: the hosted survey page, GET /survey/{token} and its form post (works without JavaScript). */
export async function surveysRootRoutes(app: FastifyInstance, k: CxKernel): Promise<void> {
  const d = () => k.cx.surveys.delivery;
  await app.register(async (t) => {
    t.removeAllContentTypeParsers();
    t.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_FORM }, (_req, body, done) => done(null, body));

    t.get('/survey/*', { schema: { hide: true }, config: { public: true } }, async (req: Req, reply) => {
      try {
        return html(reply, 200, surveyPage(await d().view(tokenOf(req))));
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return html(reply, 404, invalidSurveyPage(langOf(req)));
        throw e;
      }
    });

    t.post('/survey/*', { schema: { hide: true }, config: { public: true } }, async (req: Req, reply) => {
      const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
      let v: Awaited<ReturnType<ReturnType<typeof d>['view']>>;
      try {
        v = await d().view(tokenOf(req));
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return html(reply, 404, invalidSurveyPage(langOf(req)));
        throw e;
      }
      if (v.answer) return html(reply, 200, surveyPage(v, 'already'));
      const raw = form.get('score');
      const score = raw === null || raw === '' ? null : Number(raw);
      const answers: Record<string, unknown> = {};
      for (const q of v.survey.questions) {
        const x = form.get(`q.${q.key}`);
        if (x === null || x === '') continue;
        answers[q.key] = q.kind === 'text' ? x : Number(x);
      }
      if (v.survey.scale && (score === null || !Number.isInteger(score)))
        return html(reply, 422, surveyPage(v, 'pick'));
      try {
        const saved = await d().answer(tokenOf(req), {
          score: v.survey.scale ? score : null,
          comment: form.get('comment'),
          ...(v.survey.scale ? {} : { answers }),
        });
        return html(reply, 200, surveyPage(saved, 'saved'));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const notice: PageNotice | null =
          e.code === 'SURVEY_CLOSED'
            ? 'closed'
            : e.code === 'RECONTACT_LIMIT'
              ? 'limit'
              : e.code === 'CONFLICT'
                ? 'already'
                : e.code === 'VALIDATION_FAILED'
                  ? 'pick'
                  : null;
        if (!notice) throw e;
        return html(reply, e.status, surveyPage(v, notice));
      }
    });
  });
}
