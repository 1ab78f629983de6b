import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../core/http/principal.ts';
import { idParam } from '../core/http/schemas.ts';
import type { InsightsKernel } from './kernel.ts';
import { recommendationsFor } from './recommendations-model.ts';

const recommendation = z
  .object({
    productId: z.string().describe('The product id (sku) of the catalogue and the orders'),
    score: z.number().describe('Co-purchase score (higher first); popular products filling the list score below 0.001'),
  })
  .meta({ id: 'Recommendation', description: 'A product recommended to a person' });

/** GET /people/{id}/recommendations: for the site and the CRM (the `recommendations` model in use). */
export async function recommendationRoutes(app: FastifyInstance, k: InsightsKernel) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/people/:id/recommendations',
    {
      config: { permission: 'insights:read' },
      schema: {
        tags: ['insights'],
        operationId: 'getPersonRecommendations',
        summary:
          "A person's product recommendations: co-purchases of what they bought, then popular products; never what they bought in the last 30 days; none before the model is trained",
        params: idParam,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(50).default(10).describe('How many (1–50)'),
        }),
        response: { 200: z.object({ data: z.array(recommendation) }) },
      },
    },
    async (req) => {
      const ws = principalOf(req).actor.workspaceId;
      const list = await recommendationsFor(k, k.insights.models, ws, req.params.id, { limit: req.query.limit });
      return { data: list.map((r) => ({ productId: r.productId, score: r.score })) };
    },
  );
}
