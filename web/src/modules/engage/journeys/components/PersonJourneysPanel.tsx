import { Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useFormat } from '../../../../format.ts';
import { type PersonJourney, type RunState, usePersonJourneys } from '../api.ts';

const STATE_COLORS: Record<RunState, string> = {
  active: 'blue',
  waiting: 'cyan',
  completed: 'teal',
  exited: 'gray',
  converted: 'green',
};

/** A step of the path: its id (or label), its kind and how the person left it. */
function PathStep({ s }: { s: PersonJourney['steps'][number] }) {
  const { t } = useTranslation();
  const kind = s.type ? t(`journeys.types.${s.type}`, { defaultValue: s.type }) : '';
  const outcome = s.outcome ? t(`journeys.person.outcomes.${s.outcome}`, { defaultValue: s.outcome }) : '';
  const text = [s.stepId, outcome].filter(Boolean).join(' · ');
  return (
    <Badge
      data-user-content
      variant={s.leftAt ? 'light' : 'filled'}
      color={s.outcome === 'error' ? 'red' : 'blue'}
      size="sm"
      tt="none"
      title={[kind, text].filter(Boolean).join(': ')}
      data-testid="person-journey-step"
      data-step={s.stepId}
      data-outcome={s.outcome ?? ''}
    >
      {text}
    </Badge>
  );
}

/**
 * The person card's journeys (GET /people/{id}/journeys): each run with its journey, state, current
 * step and the path taken so far; asked again every 5 s while a run is still going.
 */
export function PersonJourneysPanel({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = usePersonJourneys(personId);
  return (
    <Card withBorder padding="lg" data-testid="person-journeys">
      <Title order={4} mb="sm">
        {t('journeys.person.title')}
      </Title>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="person-journeys-empty">
          {t('journeys.person.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('journeys.person.journey')}</Table.Th>
                <Table.Th>{t('journeys.person.state')}</Table.Th>
                <Table.Th>{t('journeys.person.step')}</Table.Th>
                <Table.Th>{t('journeys.person.entered')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.map((r) => (
                <Fragment key={r.runId}>
                  <Table.Tr
                    data-testid="person-journey"
                    data-journey={r.journeyId}
                    data-state={r.state}
                    data-step={r.stepId ?? ''}
                  >
                    <Table.Td maw={260}>
                      <Text
                        component={Link}
                        to={`/journeys/${r.journeyId}`}
                        size="sm"
                        fw={500}
                        c="blue"
                        truncate="end"
                        title={r.journeyName}
                        display="block"
                      >
                        {r.journeyName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('journeys.versionN', { version: r.version })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge
                          variant="light"
                          color={STATE_COLORS[r.state] ?? 'gray'}
                          data-testid="person-journey-state"
                        >
                          {t(`journeys.person.states.${r.state}`, { defaultValue: r.state })}
                        </Badge>
                        {r.group === 'control' && (
                          <Badge variant="outline" color="gray">
                            {t('journeys.live.control')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" className="kt-mono">
                        {r.stepId ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.dateTime(r.enteredAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                  {r.steps.length > 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={4} pt={0}>
                        <Stack gap={4}>
                          <Text size="xs" c="dimmed">
                            {t('journeys.person.path')}
                          </Text>
                          <Group gap={4} data-testid="person-journey-path">
                            {r.steps.map((s, i) => (
                              // biome-ignore lint/suspicious/noArrayIndexKey: the path only grows at its end; a step may recur
                              <Group key={`${s.stepId}-${i}`} gap={4} wrap="nowrap">
                                {i > 0 && (
                                  <Text size="xs" c="dimmed" aria-hidden>
                                    →
                                  </Text>
                                )}
                                <PathStep s={s} />
                              </Group>
                            ))}
                          </Group>
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
