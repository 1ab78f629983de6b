import {
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { get, post } from '../../../api.ts';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import type { Page } from '../../../types.ts';
import { IconHistory } from '../../../components/icons.tsx';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import {
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CRM_PERSON_KEY,
  type Consent,
  type ConsentChange,
  type ConsentChannel,
  type ConsentPurpose,
} from './people-api.ts';
import './people.css';

const STATUS_COLORS = { granted: 'teal', withdrawn: 'red', unknown: 'gray' } as const;

/** Where a consent came from (`manual`, `web_form`, …) in words; a source the UI does not know shows as it is. */
export function consentSource(t: TFunction, source: string | null | undefined): string {
  if (!source) return '—';
  return t(`crm.people.consents.sources.${source}`, { defaultValue: source });
}

function History({ personId, opened, onClose }: { personId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [cursor, setCursor] = useState<string | undefined>();
  const q = useQuery({
    queryKey: [...CRM_PERSON_KEY, personId, 'consent-history', cursor],
    queryFn: () => get<Page<ConsentChange>>(`/people/${personId}/consents/history`, { limit: 100, cursor }),
    enabled: opened,
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('crm.people.consents.history')} size="xl" centered>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="consent-history-empty">
          {t('crm.people.consents.noHistory')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" fz="sm" data-testid="consent-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crm.people.consents.when')}</Table.Th>
                <Table.Th>{t('crm.people.consents.what')}</Table.Th>
                <Table.Th>{t('crm.people.consents.change')}</Table.Th>
                <Table.Th>{t('crm.people.consents.source')}</Table.Th>
                <Table.Th>{t('crm.people.consents.evidence')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.data.map((c) => (
                <Table.Tr key={c.id} data-testid="consent-history-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(c.occurredAt)}</Table.Td>
                  <Table.Td>
                    {t(`crm.people.consents.channels.${c.channel}`)} · {t(`crm.people.consents.purposes.${c.purpose}`)}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={c.granted ? 'teal' : 'red'} variant="light">
                      {c.granted ? t('crm.people.consents.granted') : t('crm.people.consents.withdrawn')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {consentSource(t, c.source)}
                    {c.actor && (
                      <Text size="xs" c="dimmed">
                        {c.actor}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{c.evidence ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore
        hasMore={!!q.data?.nextCursor}
        loading={q.isFetching}
        onLoad={() => setCursor(q.data?.nextCursor ?? undefined)}
      />
    </Modal>
  );
}

/**
 * Consent per channel × purpose. Each cell is a menu: withdrawing SMS marketing is two clicks (the
 * cell, then Withdraw). "With evidence…" records where the person said so; all changes are in the history.
 */
export function ConsentsPanel({ personId, consents }: { personId: string; consents: Consent[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const [pending, setPending] = useState<{ channel: ConsentChannel; purpose: ConsentPurpose; granted: boolean } | null>(
    null,
  );
  const [evidence, setEvidence] = useState('');
  const [history, setHistory] = useState(false);
  const change = useApiMutation({
    mutationFn: (c: { channel: ConsentChannel; purpose: ConsentPurpose; granted: boolean }) =>
      post(`/people/${personId}/consents`, {
        ...c,
        source: 'manual',
        ...(evidence.trim() ? { evidence: evidence.trim() } : {}),
      }),
    success: (_, c) =>
      t(c.granted ? 'crm.people.consents.grantedMsg' : 'crm.people.consents.withdrawnMsg', {
        what: `${t(`crm.people.consents.channels.${c.channel}`)} · ${t(`crm.people.consents.purposes.${c.purpose}`)}`,
      }),
    invalidate: [
      [...CRM_PERSON_KEY, personId],
      ['timeline', personId],
    ],
    onSuccess: () => {
      setPending(null);
      setEvidence('');
    },
  });
  const byKey = new Map(consents.map((c) => [`${c.channel}:${c.purpose}`, c]));
  const writable = can('crm:write');
  const ask = (channel: ConsentChannel, purpose: ConsentPurpose, granted: boolean) => {
    setEvidence('');
    change.reset();
    setPending({ channel, purpose, granted });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pending) change.mutate(pending);
  };
  const what = pending
    ? `${t(`crm.people.consents.channels.${pending.channel}`)} · ${t(`crm.people.consents.purposes.${pending.purpose}`)}`
    : '';

  return (
    <Card withBorder padding="lg" data-testid="person-consents">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('crm.people.consents.title')}</Title>
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconHistory size={14} />}
          onClick={() => setHistory(true)}
          data-testid="consent-history-open"
        >
          {t('crm.people.consents.history')}
        </Button>
      </Group>
      <Table verticalSpacing={6} horizontalSpacing={6} fz="sm" className="kt-consent-grid" data-testid="consent-grid">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            {CONSENT_PURPOSES.map((p) => (
              <Table.Th key={p}>{t(`crm.people.consents.purposes.${p}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {CONSENT_CHANNELS.map((ch) => (
            <Table.Tr key={ch}>
              <Table.Td>{t(`crm.people.consents.channels.${ch}`)}</Table.Td>
              {CONSENT_PURPOSES.map((pu) => {
                const c = byKey.get(`${ch}:${pu}`);
                const status = c?.status ?? 'unknown';
                // “Not asked” is the long one and the usual one: a dash, named in its title (the card is a third of the page wide).
                const badge = (
                  <Badge
                    size="sm"
                    variant={status === 'unknown' ? 'outline' : 'light'}
                    color={STATUS_COLORS[status]}
                    style={{ cursor: writable ? 'pointer' : undefined }}
                    title={t(`crm.people.consents.status.${status}`)}
                    data-testid={`consent-status-${ch}-${pu}`}
                    data-status={status}
                  >
                    {status === 'unknown' ? '—' : t(`crm.people.consents.status.${status}`)}
                  </Badge>
                );
                return (
                  <Table.Td key={pu}>
                    <Group gap={6} justify="center" wrap="nowrap">
                      {writable ? (
                        <Menu position="bottom" withinPortal>
                          <Menu.Target>
                            <UnstyledButton
                              aria-label={`${t(`crm.people.consents.channels.${ch}`)} · ${t(`crm.people.consents.purposes.${pu}`)}`}
                              data-testid={`consent-${ch}-${pu}`}
                            >
                              {badge}
                            </UnstyledButton>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Label>
                              {c?.changedAt
                                ? t('crm.people.consents.since', {
                                    date: f.dateTime(c.changedAt),
                                    source: consentSource(t, c.source),
                                  })
                                : t('crm.people.consents.neverAsked')}
                            </Menu.Label>
                            <Menu.Item
                              color="teal"
                              disabled={status === 'granted' || change.isPending}
                              onClick={() => change.mutate({ channel: ch, purpose: pu, granted: true })}
                              data-testid="consent-grant"
                            >
                              {t('crm.people.consents.grant')}
                            </Menu.Item>
                            <Menu.Item
                              color="red"
                              disabled={status === 'withdrawn' || change.isPending}
                              onClick={() => change.mutate({ channel: ch, purpose: pu, granted: false })}
                              data-testid="consent-withdraw"
                            >
                              {t('crm.people.consents.withdraw')}
                            </Menu.Item>
                            <Menu.Divider />
                            <Menu.Item
                              onClick={() => ask(ch, pu, status !== 'granted')}
                              data-testid="consent-with-evidence"
                            >
                              {t('crm.people.consents.withEvidence')}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      ) : (
                        <Tooltip
                          label={
                            c?.changedAt
                              ? t('crm.people.consents.since', {
                                  date: f.dateTime(c.changedAt),
                                  source: consentSource(t, c.source),
                                })
                              : t('crm.people.consents.neverAsked')
                          }
                        >
                          {badge}
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt={6}>
        {t('crm.people.consents.legend')}
      </Text>
      <Modal
        opened={!!pending}
        onClose={() => setPending(null)}
        title={
          pending?.granted
            ? t('crm.people.consents.grantTitle', { what })
            : t('crm.people.consents.withdrawTitle', { what })
        }
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">
              {pending?.granted ? t('crm.people.consents.grantText') : t('crm.people.consents.withdrawText')}
            </Text>
            <TextInput
              label={t('crm.people.consents.evidence')}
              description={t('crm.people.consents.evidenceHint')}
              value={evidence}
              onChange={(e) => setEvidence(e.currentTarget.value)}
              data-testid="consent-evidence"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)}>
                {t('crm.common.cancel')}
              </Button>
              <Button
                type="submit"
                color={pending?.granted ? 'teal' : 'red'}
                loading={change.isPending}
                data-autofocus
                data-testid="consent-confirm"
              >
                {pending?.granted ? t('crm.people.consents.grant') : t('crm.people.consents.withdraw')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <History personId={personId} opened={history} onClose={() => setHistory(false)} />
    </Card>
  );
}
