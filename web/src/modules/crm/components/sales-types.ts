/**
 * Shapes of the CRM sales API (pipelines, deals, activities, scripts, cadences, agenda, reports):
 * names for the types generated from the server's OpenAPI document (web/src/api/schema.d.ts).
 * Related records come as `{id, name}` refs next to their ids when the API expands them.
 */
import type { ItemOf, ResponseOf, Schema } from '../../../api/contract.ts';

export { DEAL_STATUSES, STAGE_KINDS } from '../../../api/enums.ts';
export type { Page } from '../../../types.ts';

export interface Ref {
  id: string;
  name: string;
}

export type Pipeline = Schema<'Pipeline'>;
export type Stage = Pipeline['stages'][number];
export type StageKind = Stage['kind'];
export type Deal = Schema<'Deal'>;
export type DealStatus = Deal['status'];
export type Board = ResponseOf<'getDealBoard'>;
export type BoardColumn = Board['columns'][number];
export type CurrencyTotal = BoardColumn['byCurrency'][number];
export type StageChange = ItemOf<'getDealStageHistory'>;

export type Activity = Schema<'Activity'>;
export type ActivityKind = Activity['kind'];
/** The kinds in the order the UI offers them; the type-check fails if the API adds or drops one. */
export const ACTIVITY_KINDS = [
  'call',
  'meeting',
  'visit',
  'task',
  'note',
  'email',
] as const satisfies readonly ActivityKind[];
const allKinds: Exclude<ActivityKind, (typeof ACTIVITY_KINDS)[number]> extends never ? true : never = true;
void allKinds;
/** Outcomes the call form offers (the API stores any short text). */
export const CALL_OUTCOMES = ['connected', 'no_answer', 'busy', 'voicemail', 'wrong_number', 'callback'] as const;

export type CallScript = ItemOf<'listCallScripts'>;
export type CallScriptStep = CallScript['steps'][number];
/** The API documents a cadence's kind as a string; it holds an activity kind. */
export type Cadence = Omit<ItemOf<'listCadences'>, 'kind'> & { kind: ActivityKind };
/** A user's day: open tasks due that day or before (`overdue` flags the late ones), and the cadences that made some of them. */
export type Agenda = Omit<ResponseOf<'getAgenda'>, 'cadences'> & { cadences: Cadence[] };

/* Reports: those with amounts cover the deals of one currency and list every currency present. */
export type FunnelReport = ResponseOf<'getFunnelReport'>;
export type FunnelStage = FunnelReport['stages'][number];
export type CurrencyScoped = Pick<FunnelReport, 'currency' | 'currencies'>;
export type SalesReport = ResponseOf<'getSalesReport'>;
export type SalesPoint = SalesReport['series'][number]['points'][number];
export type ActivityReport = ResponseOf<'getActivityReport'>;
export type ActivityReportRow = ActivityReport['rows'][number];
export type ReasonsReport = ResponseOf<'getReasonsReport'>;
export type ReasonRow = ReasonsReport['won'][number];
export type SourcesReport = ResponseOf<'getSourcesReport'>;
