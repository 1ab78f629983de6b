import type { TFunction } from 'i18next';
import { get } from '../../../api.ts';
import type { ItemOf, ResponseOf } from '../../../api/contract.ts';

/**
 * The schema catalogue and event rules (GET /catalogue/*, /event-rules): names for the types
 * generated from the server's OpenAPI document (web/src/api/schema.d.ts).
 */
export type CatalogueEvents = ResponseOf<'listCatalogueEvents'>;
/** One event type; `sampled` says how many of its latest events the property statistics were taken from. */
export type CatalogueEvent = ItemOf<'listCatalogueEvents'>;
export type PropertyStat = CatalogueEvent['properties'][number];
export type CatalogueTraits = ResponseOf<'listCatalogueTraits'>;
export type EventRule = ItemOf<'listEventRules'>;
export type EventRuleAction = EventRule['action'];
/** The actions in the order the UI offers them; the type-check fails if the API adds or drops one. */
export const EVENT_RULE_ACTIONS = ['block', 'rename'] as const satisfies readonly EventRuleAction[];
const allActions: Exclude<EventRuleAction, (typeof EVENT_RULE_ACTIONS)[number]> extends never ? true : never = true;
void allActions;

export const CATALOGUE_EVENTS_KEY = ['catalogue', 'events'] as const;
export const CATALOGUE_TRAITS_KEY = ['catalogue', 'traits'] as const;
export const EVENT_RULES_KEY = ['event-rules'] as const;

export const fetchCatalogueEvents = () => get<CatalogueEvents>('/catalogue/events');
export const fetchCatalogueTraits = () => get<CatalogueTraits>('/catalogue/traits');
export const fetchEventRules = () => get<ResponseOf<'listEventRules'>>('/event-rules');

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
