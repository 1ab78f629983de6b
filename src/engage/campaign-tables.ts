import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;
type Num = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export const CAMPAIGN_STATUSES = ['draft', 'approved', 'scheduled', 'running', 'finished', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const AB_METRICS = ['clicked', 'opened', 'responded'] as const;
export type AbMetric = (typeof AB_METRICS)[number];

export interface CampaignVariant {
  key: string;
  templateId: string;
  /** Percent of the step's recipients (the shares of a step add up to 100). */
  share: number;
}
export interface CampaignStep {
  channelId: string;
  templateId: string;
  /** After launch: "2d", "12h"; null = at launch. */
  delay: string | null;
  variants: CampaignVariant[] | null;
}
export interface AbTest {
  metric: AbMetric;
  testPercent: number;
  decideAfter: string;
  auto: boolean;
}
export interface AbDecision {
  winner: string;
  metric: AbMetric;
  decidedAt: string;
  decidedBy: string;
  /** 'auto' after decideAfter, 'manual' by POST /campaigns/{id}/ab/winner. */
  how: 'auto' | 'manual';
  variants: { key: string; sent: number; hits: number; rate: number | null }[];
  /** The top two by rate compared by a two-proportion z-test (null with fewer than two measured). */
  comparison: { first: string; second: string; diff: number; ci: [number, number]; pValue: number } | null;
}

export interface EngageCampaignsTable {
  workspace_id: string;
  id: string;
  name: string;
  goal: string | null;
  status: ColumnType<CampaignStatus, CampaignStatus | undefined, CampaignStatus>;
  segment_id: string;
  control_segment_id: string | null;
  control_percent: number | null;
  steps: Json<CampaignStep[]>;
  promotion_id: string | null;
  conversion_event: string;
  attribution_window: string;
  revenue_property: ColumnType<string, string | undefined, string>;
  geography: Json<{ regions: string[] }>;
  budget: Num;
  cost_per_message: Num;
  owner_id: string | null;
  ab_test: ColumnType<AbTest | null, string | null | undefined, string | null>;
  ab_winner: string | null;
  ab_decision: ColumnType<AbDecision | null, string | null | undefined, string | null>;
  approved_by: string | null;
  approved_at: Date | null;
  launched_by: string | null;
  launched_at: Date | null;
  finished_at: Date | null;
  starts_at: Date | null;
  ends_at: Date | null;
  /** Members frozen at launch (null before). */
  audience: number | null;
  /** When the launch job had frozen every member: the audience is final. */
  enumerated_at: Date | null;
  /** Why the last launch was refused or a scheduled start was given up (a stable code, then words). */
  error: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EngageCampaignMembersTable {
  workspace_id: string;
  campaign_id: string;
  person_id: string;
  grp: 'treatment' | 'control';
  /** The A/B variant of the step that has variants (null: none, or waiting for the A/B winner). */
  variant: string | null;
  region: string | null;
  entered_at: Generated<Date>;
}

declare module './tables.ts' {
  interface EngageMessagesTable {
    /** The campaign, wave (step index) and A/B variant of a campaign's message (migration 0370). */
    campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
    campaign_step: ColumnType<number | null, number | null | undefined, number | null>;
    variant: ColumnType<string | null, string | null | undefined, string | null>;
  }
}

export interface CampaignTables {
  engage_campaigns: EngageCampaignsTable;
  engage_campaign_members: EngageCampaignMembersTable;
}

declare module '../core/db/schema.ts' {
  interface DB extends CampaignTables {}
}
