import type { TFunction } from 'i18next';
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

/**
 * The words for an event the CRM itself records (`person.created`, `deal.stage_changed`, …), the
 * same as its timeline uses; null for an event that a source sent (its name is the customer's own).
 */
export function builtinEventLabel(t: TFunction, event: string | null): string | null {
  if (!event) return null;
  // An activity the CRM logged is recorded by its kind (`call`, `visit`, …).
  if (/^[a-z]+$/.test(event)) {
    const kind = t(`crm.activities.kinds.${event}`, { defaultValue: '' });
    return kind || null;
  }
  if (!/^[a-z]+\.[a-z_]+$/.test(event)) return null;
  const key = `crm.common.timeline.events.${event.replace(/\./g, '_')}`;
  const label = t(key, { defaultValue: '' });
  return label && label !== key ? label : null;
}
