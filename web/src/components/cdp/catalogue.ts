import { get } from '../../api.ts';

/** The schema catalogue and event rules (GET /catalogue/*, /event-rules). */
export interface PropertyStat {
  name: string;
  count: number;
  types: { type: string; count: number }[];
}
export interface CatalogueEvent {
  type: string;
  event: string | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
  sources: { id: string; name: string | null; count: number }[];
  /** How many of the latest events the property statistics were taken from. */
  sampled: number;
  properties: PropertyStat[];
}
export const EVENT_RULE_ACTIONS = ['block', 'rename'] as const;
export type EventRuleAction = (typeof EVENT_RULE_ACTIONS)[number];
export interface EventRule {
  id: string;
  event: string;
  action: EventRuleAction;
  renameTo: string | null;
  createdAt: string;
}

export const CATALOGUE_EVENTS_KEY = ['catalogue', 'events'] as const;
export const CATALOGUE_TRAITS_KEY = ['catalogue', 'traits'] as const;
export const EVENT_RULES_KEY = ['event-rules'] as const;

export const fetchCatalogueEvents = () => get<{ data: CatalogueEvent[]; sampleSize: number }>('/catalogue/events');
export const fetchCatalogueTraits = () => get<{ persons: number; data: PropertyStat[] }>('/catalogue/traits');
export const fetchEventRules = () => get<{ data: EventRule[]; nextCursor: null }>('/event-rules');
