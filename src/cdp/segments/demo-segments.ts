import { systemActor } from '../../core/auth/actor.ts';
import type { DemoSeeder } from '../../core/module.ts';
import type { CdpKernel } from '../kernel.ts';

/**
 * The demo's segments (story 1, "Аптека Плюс"): Ольга's campaign audience and the everyday ones a
 * marketer starts from. Computed at once, so their sizes and members are there on first login.
 */
/** An order with a vitamin in it: any of its products (`*`) in that category. */
const VITAMINS = { property: 'products.*.category', op: 'eq', value: 'Витамины' };

export const DEMO_SEGMENTS: { name: string; description: string; rule: unknown }[] = [
  {
    name: 'Витамины 2+ раза за 90 дней, не в последние 30, Поволжье, SMS',
    description: 'Аудитория акции «Купи 2 — третий в подарок» (история 1)',
    rule: {
      all: [
        { event: 'Order Completed', where: [VITAMINS], count: { gte: 2 }, within: '90d' },
        { not: { event: 'Order Completed', where: [VITAMINS], within: '30d' } },
        { trait: 'region', op: 'eq', value: 'Поволжье' },
        { consent: 'sms', purpose: 'marketing', granted: true },
      ],
    },
  },
  {
    name: 'Москва: покупатели',
    description: 'Живут в Москве и купили хотя бы раз',
    rule: {
      all: [
        { trait: 'city', op: 'eq', value: 'Москва' },
        { computed: 'orderCount', op: 'gte', value: 1 },
      ],
    },
  },
  {
    name: 'Крупные покупатели: выручка от 10 000 ₽',
    description: 'Сумма заказов за всё время',
    rule: { computed: 'revenue', op: 'gte', value: 10_000 },
  },
  {
    name: 'Засыпающие: нет заказов 60 дней',
    description: 'Покупали раньше, но не в последние 60 дней',
    rule: {
      all: [{ computed: 'orderCount', op: 'gte', value: 1 }, { not: { event: 'Order Completed', within: '60d' } }],
    },
  },
  {
    name: 'Смотрели, но не купили (14 дней)',
    description: 'Просмотры товаров за две недели без заказа',
    rule: {
      all: [
        { event: 'Product Viewed', count: { gte: 1 }, within: '14d' },
        { not: { event: 'Order Completed', within: '14d' } },
      ],
    },
  },
  {
    name: 'Контрольная группа 10 %',
    description: 'Стабильная случайная выборка: держим вне рассылок, чтобы мерить эффект',
    rule: { bucket: { lt: 10 } },
  },
];

/** Creates the demo segments that are not there yet (by name) and computes each one now. */
export const seedDemoSegments: DemoSeeder<CdpKernel> = async (k, { workspaceId: ws, log }) => {
  const actor = systemActor(ws, 'demo', 'import');
  const existing = new Set((await k.segments.list(ws)).map((s) => s.name));
  let created = 0;
  for (const s of DEMO_SEGMENTS) {
    if (existing.has(s.name)) continue;
    const seg = await k.segments.create(actor, s);
    const r = await k.segments.recompute(ws, seg.id);
    log(`  segment "${s.name}": ${r.size} people`);
    created++;
  }
  log(`segments: ${created} created, ${DEMO_SEGMENTS.length - created} already there`);
};
