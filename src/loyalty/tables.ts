import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;
/** numeric columns come back as strings; written as numbers. */
type Money = ColumnType<string, number | string | undefined, number | string>;

export const MECHANICS = ['buy_n_get_m', 'points_multiplier', 'percent_off', 'gift', 'birthday_points'] as const;
export type Mechanic = (typeof MECHANICS)[number];
export const PROMOTION_STATUSES = ['draft', 'active', 'paused', 'ended', 'archived'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];
export const POINT_TYPES = ['earn', 'spend', 'expire', 'adjust'] as const;
export type PointType = (typeof POINT_TYPES)[number];

export interface Geography {
  regions: string[];
  cities: string[];
  stores: string[];
}

export interface LoyaltyProductsTable {
  workspace_id: string;
  sku: string;
  name: string;
  category: string | null;
  price: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LoyaltyPromotionsTable {
  workspace_id: string;
  id: string;
  name: string;
  description: Generated<string>;
  mechanic: Mechanic;
  params: Json<Record<string, unknown>>;
  status: Generated<PromotionStatus>;
  starts_at: Date | null;
  ends_at: Date | null;
  geography: Json<Geography>;
  segment_id: string | null;
  limit_per_person: number | null;
  limit_total: number | null;
  redemptions: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LoyaltyRedemptionsTable {
  workspace_id: string;
  redemption_id: string;
  person_id: string;
  promotion_ids: Json<string[]>;
  subtotal: Money;
  discount: Money;
  total: Money;
  points_earned: Generated<number>;
  points_spent: Generated<number>;
  store: string | null;
  city: string | null;
  region: string | null;
  body: Json<Record<string, unknown> | null>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface LoyaltyRedemptionPromotionsTable {
  workspace_id: string;
  promotion_id: string;
  redemption_id: string;
  person_id: string;
  discount: Money;
  points: Generated<number>;
  created_at: Generated<Date>;
}

export interface LoyaltyBalancesTable {
  workspace_id: string;
  person_id: string;
  balance: Generated<number>;
  updated_at: Generated<Date>;
}

export interface LoyaltyPointsTable {
  workspace_id: string;
  id: string;
  person_id: string;
  type: PointType;
  points: number;
  balance_after: number;
  remaining: number | null;
  reason: Generated<string>;
  order_id: string | null;
  promotion_id: string | null;
  expires_at: Date | null;
  idempotency_key: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface LoyaltyBirthdayGrantsTable {
  workspace_id: string;
  promotion_id: string;
  person_id: string;
  year: number;
  entry_id: string | null;
  created_at: Generated<Date>;
}

export interface LoyaltyTables {
  loyalty_products: LoyaltyProductsTable;
  loyalty_promotions: LoyaltyPromotionsTable;
  loyalty_redemptions: LoyaltyRedemptionsTable;
  loyalty_redemption_promotions: LoyaltyRedemptionPromotionsTable;
  loyalty_balances: LoyaltyBalancesTable;
  loyalty_points: LoyaltyPointsTable;
  loyalty_birthday_grants: LoyaltyBirthdayGrantsTable;
}

declare module '../core/db/schema.ts' {
  interface DB extends LoyaltyTables {}
}
