import { Group, MultiSelect, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../../../api/contract.ts';
import { type Inbox, PRIORITIES, SERVICE_CHANNELS, useInboxes } from '../api.ts';
import { timeSummary } from './TimeCondition.tsx';

/** What an automation rule matches on (src/service/routing-conditions.ts conditionsSchema). */
export type RuleConditions = Schema<'AutomationRule'>['conditions'];

/**
 * A trait's value as typed: JSON for numbers, booleans and null (`42`, `true`), text otherwise —
 * the server compares the stored trait by its JSON form, so "42" and 42 differ.
 */
export function parseTraitValue(s: string): unknown {
  const v = s.trim();
  if (/^(true|false|null|-?\d+(\.\d+)?)$/.test(v)) return JSON.parse(v);
  return v;
}
const traitText = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

/**
 * Drops the empty tests, so "any conversation" is `{}`. A time rule matches on the conversation
 * only: its text and traits tests are dropped (the server refuses them); its clock is added apart.
 */
export function cleanConditions(c: RuleConditions, timeRule = false): RuleConditions {
  const out: RuleConditions = {};
  for (const k of ['channels', 'inboxIds', 'topics', 'languages', 'priorities', 'keywords'] as const)
    if (c[k]?.length) (out as Record<string, unknown>)[k] = c[k];
  if (timeRule) {
    delete out.keywords;
    return out;
  }
  if (c.vip !== undefined) out.vip = c.vip;
  if (c.trait?.key.trim()) out.trait = { key: c.trait.key.trim(), equals: c.trait.equals };
  return out;
}

/** One line saying what a rule matches ("any conversation" when nothing is set). */
export function conditionsSummary(t: TFunction, c: RuleConditions, inboxes: Inbox[] | null | undefined): string {
  const r = 'service.settings.automation.cond';
  const parts = [
    c.time ? timeSummary(t, c.time) : null,
    c.channels?.length ? c.channels.map((x) => t(`service.channels.${x}`)).join(', ') : null,
    c.inboxIds?.length
      ? `${t(`${r}.inboxes`)}: ${c.inboxIds.map((id) => inboxes?.find((i) => i.id === id)?.name ?? '—').join(', ')}`
      : null,
    c.keywords?.length ? `«${c.keywords.join('», «')}»` : null,
    c.topics?.length ? `${t(`${r}.topics`)}: ${c.topics.join(', ')}` : null,
    c.languages?.length ? `${t(`${r}.languages`)}: ${c.languages.join(', ')}` : null,
    c.priorities?.length
      ? `${t('service.fields.priority')}: ${c.priorities.map((x) => t(`service.priorities.${x}`)).join(', ')}`
      : null,
    c.vip === true ? t(`${r}.vipYes`) : c.vip === false ? t(`${r}.vipNo`) : null,
    c.trait ? `${c.trait.key} = ${traitText(c.trait.equals)}` : null,
  ].filter(Boolean);
  return parts.join(' · ') || t(`${r}.any`);
}

/** The conditions of a rule as a form: every test optional; lists mean "any of". */
export function RuleConditionsEditor({
  value,
  onChange,
  timeRule = false,
}: {
  value: RuleConditions;
  onChange: (c: RuleConditions) => void;
  /** A time rule: no keywords, VIP or trait tests (nothing to read them from). */
  timeRule?: boolean;
}) {
  const { t } = useTranslation();
  const inboxes = useInboxes();
  const r = 'service.settings.automation.cond';
  const set = <K extends keyof RuleConditions>(k: K, v: RuleConditions[K]) => onChange({ ...value, [k]: v });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="rule-conditions">
      <MultiSelect
        label={t(`${r}.channels`)}
        data={SERVICE_CHANNELS.map((c) => ({ value: c, label: t(`service.channels.${c}`) }))}
        value={value.channels ?? []}
        onChange={(v) => set('channels', v as RuleConditions['channels'])}
        data-testid="cond-channels"
      />
      <MultiSelect
        label={t(`${r}.inboxes`)}
        data={(inboxes.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
        value={value.inboxIds ?? []}
        onChange={(v) => set('inboxIds', v)}
        searchable
      />
      <MultiSelect
        label={t(`${r}.priorities`)}
        data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
        value={value.priorities ?? []}
        onChange={(v) => set('priorities', v as RuleConditions['priorities'])}
      />
      {!timeRule && (
        <TagsInput
          label={t(`${r}.keywords`)}
          description={t(`${r}.keywordsHint`)}
          value={value.keywords ?? []}
          onChange={(v) => set('keywords', v)}
          data-testid="cond-keywords"
        />
      )}
      <TagsInput label={t(`${r}.topics`)} value={value.topics ?? []} onChange={(v) => set('topics', v)} />
      <TagsInput
        label={t(`${r}.languages`)}
        placeholder="ru, en"
        value={value.languages ?? []}
        onChange={(v) => set('languages', v)}
      />
      {!timeRule && (
        <>
          <Select
            label={t(`${r}.vip`)}
            data={[
              { value: 'any', label: t(`${r}.vipAny`) },
              { value: 'yes', label: t(`${r}.vipYes`) },
              { value: 'no', label: t(`${r}.vipNo`) },
            ]}
            value={value.vip === true ? 'yes' : value.vip === false ? 'no' : 'any'}
            onChange={(v) => set('vip', v === 'yes' ? true : v === 'no' ? false : undefined)}
            allowDeselect={false}
          />
          <Group gap="xs" grow align="flex-start">
            <TextInput
              label={t(`${r}.traitKey`)}
              placeholder="tier"
              value={value.trait?.key ?? ''}
              onChange={(e) => {
                const key = e.currentTarget.value;
                set(
                  'trait',
                  key || value.trait?.equals !== undefined ? { key, equals: value.trait?.equals ?? '' } : undefined,
                );
              }}
            />
            <TextInput
              label={t(`${r}.traitEquals`)}
              description={t(`${r}.traitHint`)}
              placeholder="gold"
              value={traitText(value.trait?.equals)}
              onChange={(e) =>
                set('trait', { key: value.trait?.key ?? '', equals: parseTraitValue(e.currentTarget.value) })
              }
            />
          </Group>
        </>
      )}
    </SimpleGrid>
  );
}
