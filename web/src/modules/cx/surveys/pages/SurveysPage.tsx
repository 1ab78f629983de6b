import { Badge, Button, Card, Group, Modal, NumberInput, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { post, api } from '../../../../api.ts';
import { IconPlus } from '../../../../components/icons.tsx';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';
import { SURVEY_STATUSES, SURVEYS_KEY, type Survey, useRecontactDays, useSurveys } from '../api.ts';
import { bodyOf, SurveyBuilder } from '../components/SurveyBuilder.tsx';

export const STATUS_COLOR: Record<string, string> = { draft: 'gray', active: 'teal', closed: 'dark' };

/** /surveys: the workspace's surveys (filter by status), the builder of a new one, the re-contact limit. */
export function SurveysPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const writable = can('cx:write');
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [limitOpen, setLimitOpen] = useState(false);
  const q = useSurveys(status);
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const create = useApiMutation({
    mutationFn: (b: ReturnType<typeof bodyOf>) => post<Survey>('/surveys', b),
    success: t('surveys.created'),
    invalidate: [[...SURVEYS_KEY]],
    onSuccess: (s) => navigate(`/surveys/${s.id}`),
  });
  const newButton = writable && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="surveys-new">
      {t('surveys.create')}
    </Button>
  );
  return (
    <>
      <PageHeader
        title={t('nav.surveys')}
        description={t('surveys.intro')}
        actions={
          <Group>
            <Button variant="default" onClick={() => setLimitOpen(true)}>
              {t('surveys.recontact.button')}
            </Button>
            {newButton}
          </Group>
        }
      />
      <Group mb="md">
        <Select
          placeholder={t('surveys.allStatuses')}
          data={SURVEY_STATUSES.map((s) => ({ value: s, label: t(`surveys.statuses.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          w={220}
        />
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="surveys-empty"
          title={status ? t('surveys.emptyFiltered') : t('surveys.empty')}
          description={t('surveys.emptyText')}
          action={newButton || undefined}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="surveys-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('surveys.builder.name')}</Table.Th>
                  <Table.Th>{t('surveys.builder.type')}</Table.Th>
                  <Table.Th>{t('surveys.status')}</Table.Th>
                  <Table.Th>{t('surveys.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((s) => (
                  <Table.Tr key={s.id} data-testid="surveys-row">
                    <Table.Td>
                      <Text component={Link} to={`/surveys/${s.id}`} c="blue" fw={500} size="sm">
                        {s.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`surveys.types.${s.type}`)}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[s.status]} variant="light">
                        {t(`surveys.statuses.${s.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{f.date(s.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('surveys.create')} size="80rem">
        {creating && <SurveyBuilder saving={create.isPending} onSave={(d) => create.mutate(bodyOf(d))} />}
      </Modal>
      <RecontactModal opened={limitOpen} onClose={() => setLimitOpen(false)} writable={writable} />
    </>
  );
}

function RecontactModal({ opened, onClose, writable }: { opened: boolean; onClose: () => void; writable: boolean }) {
  const { t } = useTranslation();
  const q = useRecontactDays();
  const [days, setDays] = useState<number | null>(null);
  const save = useApiMutation({
    mutationFn: (v: number) => api('PUT', '/survey-settings', { recontactDays: v }),
    success: t('surveys.recontact.saved'),
    invalidate: [[...SURVEYS_KEY, 'settings']],
    onSuccess: onClose,
  });
  const value = days ?? q.data?.recontactDays ?? 30;
  return (
    <Modal opened={opened} onClose={onClose} title={t('surveys.recontact.title')}>
      <Text size="sm" c="dimmed" mb="sm">
        {t('surveys.recontact.text')}
      </Text>
      <NumberInput
        label={t('surveys.recontact.days')}
        min={0}
        max={3650}
        value={value}
        onChange={(v) => setDays(Number(v))}
        disabled={!writable}
      />
      <Group mt="md" justify="end">
        <Button onClick={() => save.mutate(value)} loading={save.isPending} disabled={!writable}>
          {t('surveys.builder.save')}
        </Button>
      </Group>
    </Modal>
  );
}
