import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { ApiError, get } from '../../../../api.ts';
import type { ItemOf } from '../../../../api/contract.ts';
import { type Member, SERVICE_KEY, type Team } from '../../api.ts';

/** Automation rules (src/service/automation.ts): GET/POST /automation-rules, PATCH/DELETE /automation-rules/{id}. */
export type AutomationRule = ItemOf<'listAutomationRules'>;
export type AutomationActions = AutomationRule['actions'];
export type AutomationTrigger = AutomationRule['trigger'];
export const AUTOMATION_KEY = [...SERVICE_KEY, 'automation'] as const;

/** The triggers the editor offers, in the order shown. */
export const TRIGGERS = ['created', 'message', 'updated', 'time'] as const satisfies readonly AutomationTrigger[];

/** The rules, or null when this server has no such endpoint (the tab says so). */
export const useAutomationRules = () =>
  useQuery({
    queryKey: AUTOMATION_KEY,
    queryFn: async () => {
      try {
        return (await get<{ data: AutomationRule[] }>('/automation-rules')).data;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });

/** One line saying what a rule does. */
export function actionsSummary(
  t: TFunction,
  a: AutomationActions,
  teams: Team[] | null | undefined,
  members: Member[] | undefined,
): string {
  const r = 'service.settings.automation.act';
  const team = (id: string | null | undefined) =>
    id ? (teams?.find((x) => x.id === id)?.name ?? '—') : t(`${r}.nobody`);
  const member = (id: string | null | undefined) =>
    id ? (members?.find((x) => x.id === id)?.name ?? '—') : t(`${r}.nobody`);
  const s = a.set ?? {};
  return (
    [
      s.status ? `${t('service.fields.status')}: ${t(`service.statuses.${s.status}`)}` : null,
      s.priority ? `${t('service.fields.priority')}: ${t(`service.priorities.${s.priority}`)}` : null,
      s.teamId !== undefined ? `${t('service.fields.team')}: ${team(s.teamId)}` : null,
      s.assigneeId !== undefined ? `${t('service.fields.assignee')}: ${member(s.assigneeId)}` : null,
      s.topic ? `${t(`${r}.topic`)}: ${s.topic}` : null,
      s.addTags?.length ? `${t(`${r}.addTags`)}: ${s.addTags.join(', ')}` : null,
      a.assign ? `${t(`${r}.assignIn`)}: ${team(a.assign.teamId)}` : null,
      a.reply ? t(`${r}.replies`) : null,
      a.notify?.length ? `${t(`${r}.notify`)}: ${a.notify.map(member).join(', ')}` : null,
      a.webhook ? `${t(`${r}.webhook`)}: ${hostOf(a.webhook.url)}` : null,
    ]
      .filter(Boolean)
      .join(' · ') || '—'
  );
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
