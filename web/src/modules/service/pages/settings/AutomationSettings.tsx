import { ActionIcon, Badge, Card, Group, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../../../api.ts';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useSession } from '../../../../session.tsx';
import { useInboxes, useMembers, useTeams } from '../../api.ts';
import { conditionsSummary } from '../../components/RuleConditions.tsx';
import { AutomationRuleModal } from './AutomationRuleModal.tsx';
import { actionsSummary, AUTOMATION_KEY, type AutomationRule, useAutomationRules } from './automation-api.ts';
import { DeleteConfirm, NewButton, NotAvailable } from './Crud.tsx';

/**
 * Automation rules: on a new conversation, a client's message, an agent's change, or a state held
 * long enough (trigger `time`), every enabled rule of that trigger whose conditions hold runs its
 * actions (set fields, assign, reply, notify, call a webhook). Listed in the order they run; a
 * switch turns one off without losing it.
 */
export function AutomationSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useAutomationRules();
  const teams = useTeams();
  const members = useMembers();
  const inboxes = useInboxes();
  const [editing, setEditing] = useState<AutomationRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AutomationRule | null>(null);
  const write = can('service:write');
  const toggle = useApiMutation({
    mutationFn: (v: { id: string; enabled: boolean }) => patch(`/automation-rules/${v.id}`, { enabled: v.enabled }),
    success: (_, v) =>
      v.enabled ? t('service.settings.automation.enabledDone') : t('service.settings.automation.disabledDone'),
    invalidate: [AUTOMATION_KEY],
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data === null) return <NotAvailable />;
  const rules = [...q.data].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('service.settings.automation.intro')}
      </Text>
      <NewButton
        label={t('service.settings.automation.new')}
        onClick={() => setEditing('new')}
        testId="automation-new"
        can={write}
      />
      {rules.length === 0 ? (
        <Empty testId="automation-empty" title={t('service.settings.automation.empty')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="automation-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('service.settings.name')}</Table.Th>
                  <Table.Th>{t('service.settings.automation.trigger')}</Table.Th>
                  <Table.Th>{t('service.settings.automation.when')}</Table.Th>
                  <Table.Th>{t('service.settings.automation.actions')}</Table.Th>
                  <Table.Th w={90}>{t('service.settings.automation.enabled')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rules.map((r) => (
                  <Table.Tr
                    key={r.id}
                    data-testid="automation-row"
                    data-id={r.id}
                    style={{ cursor: write ? 'pointer' : undefined }}
                    onClick={() => write && setEditing(r)}
                  >
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                          {r.name}
                        </Text>
                        {!r.enabled && (
                          <Badge size="sm" color="gray" variant="light" style={{ flexShrink: 0 }}>
                            {t('service.settings.automation.off')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {t(`service.settings.automation.triggers.${r.trigger}`, { defaultValue: r.trigger })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" maw={300} style={{ overflowWrap: 'anywhere' }}>
                        {conditionsSummary(t, r.conditions, inboxes.data)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" maw={320} style={{ overflowWrap: 'anywhere' }}>
                        {actionsSummary(t, r.actions, teams.data, members.data)}
                      </Text>
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Switch
                        checked={r.enabled}
                        disabled={!write || toggle.isPending}
                        onChange={(e) => toggle.mutate({ id: r.id, enabled: e.currentTarget.checked })}
                        aria-label={t('service.settings.automation.enabled')}
                        data-testid="automation-enabled"
                      />
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      {write && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('service.settings.delete')}
                          onClick={() => setDeleting(r)}
                          data-testid="automation-delete"
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {editing && (
        <AutomationRuleModal
          rule={editing === 'new' ? null : editing}
          nextPosition={rules.length ? Math.max(...rules.map((r) => r.position)) + 1 : 0}
          onClose={() => setEditing(null)}
        />
      )}
      <DeleteConfirm
        target={deleting}
        path="/automation-rules"
        queryKey={AUTOMATION_KEY}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
