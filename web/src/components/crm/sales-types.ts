/**
 * Shapes of the CRM sales API (src/crm/README.md: pipelines, deals, activities, scripts, cadences,
 * agenda, reports). Related records come as `{id, name}` refs next to their ids when the API
 * expands them; the UI falls back to the bare id when it does not.
 */

export interface Ref {
  id: string;
  name: string;
}

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export interface Stage {
  id: string;
  pipelineId?: string;
  name: string;
  position: number;
  probability: number;
  kind: StageKind;
}

export interface Pipeline {
  id: string;
  name: string;
  currency: string;
  position: number;
  stages: Stage[];
  createdAt?: string;
  updatedAt?: string;
}

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export interface Deal {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  status: DealStatus;
  amount: number;
  currency: string;
  probability: number | null;
  expectedClose: string | null;
  ownerId: string | null;
  owner?: Ref | null;
  personId: string | null;
  person?: Ref | null;
  companyId: string | null;
  company?: Ref | null;
  source: string | null;
  campaign: string | null;
  region: string | null;
  closeReason: string | null;
  closedAt: string | null;
  stageEnteredAt?: string | null;
  position: number;
  tags: string[];
  customFields?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  stage?: { id: string; name: string; kind?: string; probability?: number } | null;
  pipeline?: Ref | null;
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  amount: number;
}

export interface BoardColumn {
  stage: Stage;
  deals: Deal[];
  count: number;
  /** All amounts added up whatever their currency: use byCurrency. */
  amount: number;
  /** One total per currency, the pipeline's first. */
  byCurrency: CurrencyTotal[];
}

export interface Board {
  pipeline: Pipeline;
  columns: BoardColumn[];
}

export interface StageChange {
  id: string;
  dealId?: string;
  fromStageId: string | null;
  /** Stage names as they were. */
  fromStage: string | null;
  toStageId: string;
  toStage: string;
  toKind?: StageKind;
  secondsInFrom: number | null;
  actor?: string | null;
  changedAt: string;
}

export const ACTIVITY_KINDS = ['call', 'meeting', 'visit', 'task', 'note', 'email'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const CALL_OUTCOMES = ['connected', 'no_answer', 'busy', 'voicemail', 'wrong_number', 'callback'] as const;

export interface Activity {
  id: string;
  kind: ActivityKind;
  subject: string | null;
  body: string | null;
  personId: string | null;
  person?: Ref | null;
  companyId: string | null;
  company?: Ref | null;
  dealId: string | null;
  deal?: { id: string; title: string } | null;
  ownerId: string | null;
  owner?: Ref | null;
  assigneeId: string | null;
  assignee?: Ref | null;
  occurredAt: string;
  dueAt: string | null;
  reminderAt: string | null;
  doneAt: string | null;
  done?: boolean | null;
  overdue?: boolean;
  direction: 'in' | 'out' | null;
  durationSeconds: number | null;
  outcome: string | null;
  recordingUrl: string | null;
  scriptId: string | null;
  phone: string | null;
  location: string | null;
  cadenceId?: string | null;
  createdAt: string;
  updatedAt?: string;
}

export interface CallScriptStep {
  title: string;
  text: string;
}

export interface CallScript {
  id: string;
  name: string;
  body: string;
  steps: CallScriptStep[];
  active: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface Cadence {
  id: string;
  personId: string | null;
  person?: Ref | null;
  companyId: string | null;
  company?: Ref | null;
  dealId: string | null;
  deal?: { id: string; title: string } | null;
  assigneeId: string;
  assignee?: Ref | null;
  kind: ActivityKind;
  subject: string;
  intervalDays: number;
  nextDueAt: string;
  startAt?: string;
  endsAt: string | null;
  active: boolean;
}

/** A user's day: open tasks due that day or before (`overdue` flags the late ones), and the cadences that made some of them. */
export interface Agenda {
  date: string;
  userId: string;
  tz: string;
  tasks: Activity[];
  overdueCount: number;
  cadences: Cadence[];
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/* Reports */
export interface FunnelStage {
  stageId: string;
  name: string;
  kind?: string;
  count: number;
  amount: number;
  conversionToNext: number | null;
  avgSecondsInStage: number | null;
}
/** Reports with amounts cover the deals of one currency and list every currency present. */
export interface CurrencyScoped {
  currency: string;
  /** Every currency the report's deals are in, most deals first. */
  currencies: string[];
}
export interface FunnelReport extends CurrencyScoped {
  stages: FunnelStage[];
}
export interface SalesPoint {
  period: string;
  count: number;
  amount: number;
}
export interface SalesReport extends CurrencyScoped {
  /** Every period of the range in order, empty ones included. */
  periods?: string[];
  series: { key: string; label: string; count?: number; amount?: number; points: SalesPoint[] }[];
}
export interface ActivityReportRow {
  ownerId: string | null;
  ownerName: string | null;
  calls: number;
  callsOut: number;
  callsIn: number;
  meetings: number;
  visits: number;
  tasksDone: number;
  emails: number;
  notes: number;
}
export interface ActivityReport {
  rows: ActivityReportRow[];
}
export interface ReasonRow {
  reason: string | null;
  count: number;
  amount: number;
}
export interface ReasonsReport extends CurrencyScoped {
  won: ReasonRow[];
  lost: ReasonRow[];
}
export interface SourcesReport extends CurrencyScoped {
  sources: { source: string | null; won: number; amount: number }[];
  campaigns: { campaign: string | null; won: number; amount: number }[];
}
