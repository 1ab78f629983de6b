import { Alert, Group, JsonInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import { useSession } from '../../../../session.tsx';
import {
  CATALOGUE_EVENTS_KEY,
  CATALOGUE_TRAITS_KEY,
  fetchCatalogueEvents,
  fetchCatalogueTraits,
} from '../catalogue.ts';
import { type RuleJson, useSegments } from './api.ts';
import { BuilderContext, type BuilderData } from './builder-context.ts';
import { RuleNode } from './RuleNode.tsx';
import { isGroup, typeFromCatalogue } from './rule-model.ts';

/** The root the builder draws: a group (a bare condition or negation is shown inside an "all" group). */
export const asRoot = (rule: RuleJson | null | undefined): RuleJson =>
  !rule || Object.keys(rule).length === 0 ? { all: [] } : isGroup(rule) ? rule : { all: [rule] };

/** What the pickers offer: events and their properties, traits, other segments, users, pipelines. */
function useBuilderData(selfId: string | undefined): Omit<BuilderData, 'errors' | 'readOnly'> {
  const { can } = useSession();
  const events = useQuery({ queryKey: CATALOGUE_EVENTS_KEY, queryFn: fetchCatalogueEvents, staleTime: 60_000 });
  const traits = useQuery({ queryKey: CATALOGUE_TRAITS_KEY, queryFn: fetchCatalogueTraits, staleTime: 60_000 });
  const segments = useSegments();
  const users = useQuery({
    queryKey: ['segments', 'users'],
    queryFn: () => get<ResponseOf<'listUsers'>>('/users'),
    enabled: can('settings:read'),
    staleTime: 60_000,
  });
  const pipelines = useQuery({
    queryKey: ['segments', 'pipelines'],
    queryFn: () => get<ResponseOf<'listPipelines'>>('/pipelines'),
    enabled: can('crm:read'),
    staleTime: 60_000,
  });
  return useMemo(
    () => ({
      events: (events.data?.data ?? [])
        .filter((e) => !!e.event)
        .map((e) => ({
          name: e.event!,
          properties: e.properties.map((p) => ({ name: p.name, type: typeFromCatalogue(p.types) })),
        })),
      traits: (traits.data?.data ?? []).map((x) => ({ name: x.name, type: typeFromCatalogue(x.types) })),
      segments: (segments.data?.data ?? []).filter((s) => s.id !== selfId).map((s) => ({ value: s.id, label: s.name })),
      users: (users.data?.data ?? []).filter((u) => !u.disabled).map((u) => ({ value: u.id, label: u.name })),
      pipelines: (pipelines.data?.data ?? []).map((p) => ({
        id: p.id,
        name: p.name,
        stages: p.stages.map((s) => ({ value: s.id, label: s.name })),
      })),
    }),
    [events.data, traits.data, segments.data, users.data, pipelines.data, selfId],
  );
}

/**
 * The visual rule builder: nested groups of conditions, each kind with its own pickers, and a JSON
 * view of the same rule (edits there replace the rule once they parse). `errors` are the server's
 * complaints by path; each shows beside the condition it names.
 */
export function RuleBuilder({
  rule,
  onChange,
  errors,
  selfId,
  readOnly = false,
}: {
  rule: RuleJson;
  onChange: (r: RuleJson) => void;
  errors: Record<string, string>;
  selfId?: string;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const data = useBuilderData(selfId);
  const [view, setView] = useState<'visual' | 'json'>('visual');
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const ctx = useMemo(() => ({ ...data, errors, readOnly }), [data, errors, readOnly]);
  const root = asRoot(rule);

  const showJson = () => {
    setText(JSON.stringify(rule, null, 2));
    setParseError(null);
    setView('json');
  };
  const editJson = (s: string) => {
    setText(s);
    try {
      const parsed: unknown = JSON.parse(s);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error(t('segmentation.builder.jsonObject'));
      setParseError(null);
      onChange(parsed as RuleJson);
    } catch (e) {
      setParseError((e as Error).message);
    }
  };
  const general = Object.entries(errors).filter(([k]) => !k.startsWith('rule.') && k !== 'rule');

  return (
    <BuilderContext.Provider value={ctx}>
      <Stack gap="sm" data-testid="rule-builder">
        <Group justify="space-between">
          <Text fw={600}>{t('segmentation.builder.title')}</Text>
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => (v === 'json' ? showJson() : setView('visual'))}
            data={[
              { value: 'visual', label: t('segmentation.builder.visual') },
              { value: 'json', label: 'JSON' },
            ]}
            data-testid="rule-view"
          />
        </Group>
        {view === 'visual' ? (
          <RuleNode node={root} path={[]} onChange={onChange} />
        ) : (
          <>
            <JsonInput
              aria-label={t('segmentation.builder.json')}
              value={text}
              onChange={editJson}
              autosize
              minRows={8}
              maxRows={30}
              readOnly={readOnly}
              error={parseError}
              formatOnBlur
              data-testid="rule-json"
            />
            {Object.keys(errors).length > 0 && (
              <Stack gap={2}>
                {Object.entries(errors).map(([k, m]) => (
                  <Text key={k} size="xs" c="red">
                    <span className="kt-mono">{k}</span>: {m}
                  </Text>
                ))}
              </Stack>
            )}
          </>
        )}
        {general.length > 0 && view === 'visual' && (
          <Alert color="red" variant="light">
            {general.map(([, m]) => m).join(' · ')}
          </Alert>
        )}
      </Stack>
    </BuilderContext.Provider>
  );
}
