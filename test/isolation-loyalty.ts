/**
 * Loyalty's part of the isolation fixture: records of workspace A that B must never reach — a
 * catalogue product, a promotion (the `promotion` resource of `isolation.paramResource` in
 * src/loyalty/index.ts), a member's points and a redemption — and the private strings they hold.
 */
import type { Post } from './isolation-crm.ts';

export type Request = (method: 'GET' | 'PUT', url: string, body?: unknown) => Promise<any>;

export async function loyaltyFixtures(
  post: Post,
  request: Request,
): Promise<{ ids: Record<string, string>; markers: string[] }> {
  const ids: Record<string, string> = {};
  const markers: string[] = [];
  const put = await request('PUT', '/api/v1/products', {
    products: [{ sku: 'A-PRIVATE-SKU', name: 'A private product', category: 'A private category', price: 100 }],
  });
  if (put?.upserted !== 1) throw new Error(`product fixture: ${JSON.stringify(put)}`);
  const promotion = await post('/api/v1/promotions', {
    name: 'A private promotion',
    description: 'A private promotion text',
    mechanic: 'percent_off',
    params: { percent: 10, skus: ['A-PRIVATE-SKU'] },
  });
  if (!promotion?.id) throw new Error(`promotion fixture: ${JSON.stringify(promotion)}`);
  await post(`/api/v1/promotions/${promotion.id}/activate`, {});
  ids.promotion = promotion.id;
  const member = await post('/api/v1/people', { firstName: 'A Loyalty-Private', email: 'a-private-member@a.test' });
  const entry = await post(`/api/v1/persons/${member.id}/points`, {
    type: 'earn',
    points: 500,
    reason: 'A private points reason',
  });
  if (!entry?.id) throw new Error(`points fixture: ${JSON.stringify(entry)}`);
  const redemption = await post('/api/v1/offers/redeem', {
    redemptionId: 'A-PRIVATE-ORDER-1',
    person: { id: member.id },
    cart: { lines: [{ sku: 'A-PRIVATE-SKU', quantity: 2, price: 100 }], store: 'A-PRIVATE-STORE' },
    pointsToSpend: 50,
  });
  if (redemption?.redemptionId !== 'A-PRIVATE-ORDER-1')
    throw new Error(`redemption fixture: ${JSON.stringify(redemption)}`);
  ids.loyaltyMember = member.id;
  markers.push(
    promotion.id,
    member.id,
    entry.id,
    'A-PRIVATE-SKU',
    'A private product',
    'A private category',
    'A private promotion',
    'A private points reason',
    'A-PRIVATE-ORDER-1',
    'A-PRIVATE-STORE',
    'a-private-member@a.test',
  );
  return { ids, markers };
}
