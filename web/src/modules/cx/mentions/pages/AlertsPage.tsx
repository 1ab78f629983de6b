import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, patch, post } from '../../../../api.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';
import { ALERTS_KEY, type AlertRule, RULES_KEY, useAlerts, useRules } from '../api.ts';
import { MentionsTabs } from './MentionsTabs.tsx';

/** What a rule watches (the server's ALERT_SCOPES) and what it counts (ALERT_SOURCES). */
const RULE_SCOPES = ['all', 'topic', 'store', 'keyword', 'product'] as const;
const RULE_SOURCES = ['mention', 'survey', 'ticket'] as const;

/** Alert rules (a spike of negative feedback against the usual level) and the alerts they raised. */
export function AlertsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const writable = can('cx:write');
  const rules = useRules();
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const remove = useApiMutation({
    mutationFn: (id: string) => del(`/mention-alert-rules/${id}`),
    success: () => t('mentions.deleted'),
    invalidate: [RULES_KEY, ALERTS_KEY],
    onSuccess: () => setDeleting(null),
  });
  return (
    <>
      <PageHeader
        title={t('mentions.title')}
        description={t('mentions.alerts.description')}
        actions={
          writable && (
            <Button onClick={() => setEditing('new')} data-testid="alert-rule-new">
              {t('mentions.alerts.newRule')}
            </Button>
          )
        }
      />
      <MentionsTabs />
      <Title order={4} mb="xs">
        {t('mentions.alerts.rules')}
      </Title>
      {rules.isPending ? (
        <PageLoader />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <Empty
          testId="alert-rules-empty"
          title={t('mentions.alerts.rulesEmpty')}
          description={t('mentions.alerts.rule')}
        />
      ) : (
        <Card withBorder padding={0} mb="lg">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="alert-rules-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('mentions.alerts.name')}</Table.Th>
                  <Table.Th>{t('mentions.alerts.scope')}</Table.Th>
                  <Table.Th>{t('mentions.alerts.condition')}</Table.Th>
                  <Table.Th w={120} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rules.data.map((r) => (
                  <Table.Tr key={r.id} data-testid="alert-rule-row">
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {r.name}
                      </Text>
                      {!r.enabled && (
                        <Badge variant="outline" color="gray" size="sm">
                          {t('mentions.sources.off')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {t(`mentions.scopes.${r.scope}`)}
                        {r.scopeValue ? `: ${r.scopeValue}` : ''}
                      </Text>
                      <Text size="xs" c="dimmed" data-testid="alert-rule-sources">
                        {r.sources.map((s) => t(`mentions.alerts.sourceNames.${s}`)).join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {t('mentions.alerts.conditionText', {
                          window: r.windowMinutes,
                          baseline: r.baselineWindows,
                          sigma: r.sigma,
                          min: r.minCount,
                        })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {writable && (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={() => setEditing(r)}>
                            {t('mentions.edit')}
                          </Button>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('mentions.delete')}
                            onClick={() => setDeleting(r)}
                          >
                            ×
                          </ActionIcon>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <RaisedAlerts writable={writable} />
      {editing && <RuleModal current={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={!!deleting}
        title={t('mentions.delete')}
        message={t('mentions.alerts.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('mentions.delete')}
        danger
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

function RaisedAlerts({ writable }: { writable: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useAlerts();
  const ack = useApiMutation({
    mutationFn: (id: string) => post(`/mention-alerts/${id}/acknowledge`),
    invalidate: [ALERTS_KEY],
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <Title order={4} mb="xs" mt="md">
        {t('mentions.alerts.raised')}
      </Title>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty testId="alerts-empty" title={t('mentions.alerts.raisedEmpty')} />
      ) : (
        <Stack gap="sm" data-testid="alerts-list">
          {rows.map((a) => (
            <Card key={a.id} withBorder padding="sm" data-testid="alert-row">
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600} size="sm" data-user-content>
                      {a.ruleName}
                    </Text>
                    <Badge color={a.acknowledgedAt ? 'gray' : 'red'} variant="light">
                      {a.acknowledgedAt ? t('mentions.alerts.seen') : t('mentions.alerts.new')}
                    </Badge>
                  </Group>
                  <Text size="sm">
                    {t('mentions.alerts.summary', {
                      count: a.count,
                      mean: a.baselineMean.toFixed(1),
                      threshold: a.threshold.toFixed(1),
                    })}
                  </Text>
                  <Group gap={4} wrap="wrap" data-testid="alert-sources">
                    {a.sources.map((s) => (
                      <Badge key={s} variant="outline" size="sm">
                        {t(`mentions.alerts.sourceNames.${s}`)}: {a.bySource[s]}
                      </Badge>
                    ))}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {f.dateTime(a.windowStart)} – {f.dateTime(a.windowEnd)}
                    {a.scopeValue ? ` · ${t(`mentions.scopes.${a.scope}`)}: ${a.scopeValue}` : ''}
                  </Text>
                </Stack>
                {writable && !a.acknowledgedAt && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => ack.mutate(a.id)}
                    loading={ack.isPending && ack.variables === a.id}
                  >
                    {t('mentions.alerts.acknowledge')}
                  </Button>
                )}
              </Group>
            </Card>
          ))}
          <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
        </Stack>
      )}
    </>
  );
}

function RuleModal({ current, onClose }: { current: AlertRule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(current?.name ?? '');
  const [scope, setScope] = useState<string>(current?.scope ?? 'all');
  const [scopeValue, setScopeValue] = useState(current?.scopeValue ?? '');
  const [sources, setSources] = useState<string[]>(current?.sources ?? ['mention']);
  const [windowMinutes, setWindowMinutes] = useState<string>(String(current?.windowMinutes ?? 60));
  const [baselineWindows, setBaselineWindows] = useState<number>(current?.baselineWindows ?? 24);
  const [sigma, setSigma] = useState<number>(current?.sigma ?? 3);
  const [minCount, setMinCount] = useState<number>(current?.minCount ?? 5);
  const [emails, setEmails] = useState<string[]>(current?.emails ?? []);
  const [channelId, setChannelId] = useState<string | null>(current?.emailChannelId ?? null);
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const channels = useQuery({
    queryKey: ['engage', 'channels', 'email'],
    queryFn: async () =>
      (await get<{ data: { id: string; name: string }[] }>('/channels', { type: 'email', limit: 100 })).data,
  });
  const save = useApiMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        scope,
        scopeValue: scope === 'all' ? null : scopeValue.trim() || null,
        sources,
        windowMinutes: Number(windowMinutes),
        baselineWindows,
        sigma,
        minCount,
        emails,
        emailChannelId: channelId,
        enabled,
      };
      return current ? patch(`/mention-alert-rules/${current.id}`, body) : post('/mention-alert-rules', body);
    },
    success: () => t('mentions.saved'),
    invalidate: [RULES_KEY],
    onSuccess: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={current ? current.name : t('mentions.alerts.newRule')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('mentions.alerts.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="alert-rule-name"
        />
        <SimpleGrid cols={2}>
          <Select
            label={t('mentions.alerts.scope')}
            data={RULE_SCOPES.map((s) => ({ value: s, label: t(`mentions.scopes.${s}`) }))}
            value={scope}
            onChange={(v) => v && setScope(v)}
            allowDeselect={false}
          />
          {scope !== 'all' && (
            <TextInput
              label={t('mentions.alerts.scopeValue')}
              value={scopeValue}
              onChange={(e) => setScopeValue(e.currentTarget.value)}
              required
            />
          )}
        </SimpleGrid>
        <Checkbox.Group label={t('mentions.alerts.sources')} value={sources} onChange={setSources}>
          <Group gap="md" mt={4} data-testid="alert-rule-sources-edit">
            {RULE_SOURCES.map((s) => (
              <Checkbox key={s} value={s} label={t(`mentions.alerts.sourceNames.${s}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Text size="xs" c="dimmed">
          {t('mentions.alerts.rule')}
        </Text>
        <SimpleGrid cols={2}>
          <Select
            label={t('mentions.alerts.window')}
            data={[
              { value: '60', label: t('mentions.alerts.hour') },
              { value: '1440', label: t('mentions.alerts.day') },
            ]}
            value={windowMinutes}
            onChange={(v) => v && setWindowMinutes(v)}
            allowDeselect={false}
          />
          <NumberInput
            label={t('mentions.alerts.baseline')}
            value={baselineWindows}
            onChange={(v) => setBaselineWindows(Number(v) || 1)}
            min={1}
            max={200}
          />
          <NumberInput
            label={t('mentions.alerts.sigma')}
            value={sigma}
            onChange={(v) => setSigma(Number(v) || 0)}
            min={0}
            max={10}
            step={0.5}
            decimalScale={2}
          />
          <NumberInput
            label={t('mentions.alerts.minCount')}
            value={minCount}
            onChange={(v) => setMinCount(Number(v) || 1)}
            min={1}
          />
        </SimpleGrid>
        <TagsInput label={t('mentions.alerts.emails')} value={emails} onChange={setEmails} maxTags={20} />
        <Select
          label={t('mentions.alerts.channel')}
          data={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={channelId}
          onChange={setChannelId}
          clearable
        />
        <Switch
          label={t('mentions.sources.enabled')}
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('mentions.cancel')}
          </Button>
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!name.trim() || sources.length === 0}
            data-testid="alert-rule-save"
          >
            {t('mentions.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
