import { Anchor, Badge, Button, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, get } from '../../../../api.ts';
import { CompanyFormDrawer } from '../../components/CompanyFormDrawer.tsx';
import { CrmTimeline } from '../../components/CrmTimeline.tsx';
import { ActivityList } from '../../components/ActivityList.tsx';
import { DealsForPerson } from '../../components/DealsForPerson.tsx';
import { LogActivityButton } from '../../components/LogActivityButton.tsx';
import { CustomFieldValue } from '../../components/CustomFieldInputs.tsx';
import {
  COMPANY_KEY,
  displayName,
  useCustomFields,
  type CompanyDetail,
  type CrmPerson,
  type DealRollup,
} from '../../components/people-api.ts';
import { PersonFormDrawer } from '../../components/PersonFormDrawer.tsx';
import { useMoney } from '../../components/sales-api.ts';
import { StageBadge } from '../../components/StageBadge.tsx';
import { Field } from '../../../../components/Field.tsx';
import { IconArrowLeft, IconPlus } from '../../../../components/icons.tsx';
import { LoadMore } from '../../../../components/LoadMore.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { ConfirmDelete } from '../../components/DeleteRecord.tsx';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';
import type { Page } from '../../../../types.ts';

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="lg" fw={600} component="div">
        {value}
      </Text>
    </Card>
  );
}

/** “3 · 150 000 ₽”, one line per currency when the deals are in several (amounts in different currencies are never added up). */
function DealTotals({ rollup, testId }: { rollup: DealRollup; testId: string }) {
  const money = useMoney();
  if (rollup.count === 0) return <>0</>;
  return (
    <>
      {rollup.byCurrency.map((x) => (
        <div key={x.currency} data-testid={testId} data-currency={x.currency}>
          {x.count} · {money(x.amount, x.currency)}
        </div>
      ))}
    </>
  );
}

function CompanyPeople({ companyId, company }: { companyId: string; company: { id: string; name: string } }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [adding, setAdding] = useState(false);
  const q = useInfiniteQuery({
    queryKey: [...COMPANY_KEY, companyId, 'people'],
    queryFn: ({ pageParam }) =>
      get<Page<CrmPerson>>(`/companies/${companyId}/people`, { cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card withBorder padding="lg" data-testid="company-people">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('crm.companies.people')}</Title>
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="subtle"
            component={Link}
            to={`/people?companyId=${encodeURIComponent(companyId)}`}
            data-testid="company-people-list"
          >
            {t('crm.companies.openInList')}
          </Button>
          {can('crm:write') && (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setAdding(true)}
              data-testid="company-add-person"
            >
              {t('crm.people.new')}
            </Button>
          )}
        </Group>
      </Group>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('crm.companies.noPeople')}
        </Text>
      ) : (
        <Table verticalSpacing={6} fz="sm">
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr key={p.id} data-testid="company-person">
                <Table.Td>
                  <Anchor component={Link} to={`/people/${p.id}`} size="sm" fw={500}>
                    {displayName(p) ?? t('crm.people.noName')}
                  </Anchor>
                  {p.position && (
                    <Text size="xs" c="dimmed">
                      {p.position}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.emails[0] ?? p.phones[0] ?? '—'}</Table.Td>
                <Table.Td>
                  <StageBadge stage={p.lifecycleStage} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onLoad={() => void q.fetchNextPage()} />
      <PersonFormDrawer
        opened={adding}
        person={null}
        onClose={() => setAdding(false)}
        defaults={{ companyId: company.id, company }}
        onSaved={() => void q.refetch()}
      />
    </Card>
  );
}

export function CompanyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const fields = useCustomFields('company');
  const q = useQuery({ queryKey: [...COMPANY_KEY, id], queryFn: () => get<CompanyDetail>(`/companies/${id}`) });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const back = (
    <Anchor component={Link} to="/companies" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('nav.companies')}
      </Group>
    </Anchor>
  );
  if (q.isPending) return <PageLoader />;
  if (q.isError)
    return (
      <Stack>
        {back}
        {q.error instanceof ApiError && q.error.status === 404 ? (
          <Empty testId="company-not-found" title={t('crm.companies.notFound')} />
        ) : (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        )}
      </Stack>
    );
  const c = q.data;
  const address = [c.street, c.city, c.region, c.postalCode, c.country].filter(Boolean).join(', ');
  return (
    <Stack gap="lg" data-testid="company-page">
      {back}
      <Group gap="sm">
        <Title order={2} data-testid="company-title">
          {c.name}
        </Title>
        {c.tags.map((x) => (
          <Badge key={x} variant="outline" tt="none">
            {x}
          </Badge>
        ))}
        {can('crm:write') && (
          <Group gap="xs" ml="auto">
            <Button variant="default" onClick={() => setEditing(true)} data-testid="company-edit">
              {t('crm.common.edit')}
            </Button>
            <Button variant="light" color="red" onClick={() => setDeleting(true)} data-testid="company-delete">
              {t('crm.common.delete')}
            </Button>
          </Group>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat testId="company-people-count" label={t('crm.companies.rollups.people')} value={c.peopleCount} />
        <Stat
          testId="company-open-deals"
          label={t('crm.companies.rollups.openDeals')}
          value={<DealTotals rollup={c.openDeals} testId="company-open-deals-line" />}
        />
        <Stat
          testId="company-won-deals"
          label={t('crm.companies.rollups.wonDeals')}
          value={<DealTotals rollup={c.wonDeals} testId="company-won-deals-line" />}
        />
        <Stat
          testId="company-last-activity"
          label={t('crm.companies.rollups.lastActivity')}
          value={f.dateTime(c.lastActivityAt)}
        />
      </SimpleGrid>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="lg">
            <Title order={4} mb="sm">
              {t('crm.companies.details')}
            </Title>
            <Stack gap="sm">
              <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
                <Field label={t('crm.companies.fields.domain')}>{c.domain ?? '—'}</Field>
                <Field label={t('crm.companies.fields.website')}>
                  {c.website ? (
                    <Anchor
                      href={c.website.startsWith('http') ? c.website : `https://${c.website}`}
                      target="_blank"
                      rel="noreferrer"
                      size="sm"
                    >
                      {c.website}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Field>
                <Field label={t('crm.companies.fields.industry')}>{c.industry ?? '—'}</Field>
                <Field label={t('crm.companies.fields.size')}>{c.size ?? '—'}</Field>
                <Field label={t('crm.companies.fields.phone')}>{c.phone ?? '—'}</Field>
                <Field label={t('crm.common.owner')}>{c.owner?.name ?? '—'}</Field>
              </SimpleGrid>
              <Field label={t('crm.common.address')}>{address || '—'}</Field>
              {(fields.data ?? []).map((fd) => (
                <Field key={fd.key} label={fd.label}>
                  <CustomFieldValue field={fd} value={c.customFields[fd.key]} />
                </Field>
              ))}
              <Field label={t('crm.common.externalId')}>{c.externalId ?? '—'}</Field>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <CompanyPeople companyId={c.id} company={{ id: c.id, name: c.name }} />
            <DealsForPerson companyId={c.id} companyName={c.name} />
            <Card withBorder padding="md" data-testid="company-activities">
              <Group justify="space-between" mb="sm">
                <Title order={4}>{t('crm.activities.title')}</Title>
                <LogActivityButton companyId={c.id} buttonProps={{ size: 'xs', variant: 'default' }} />
              </Group>
              <ActivityList filter={{ companyId: c.id }} showRelated />
            </Card>
            <CrmTimeline
              path={`/companies/${c.id}/timeline`}
              queryKey={[...COMPANY_KEY, c.id, 'timeline']}
              withTracked={false}
              testId="company-timeline"
            />
          </Stack>
        </Grid.Col>
      </Grid>
      <CompanyFormDrawer opened={editing} company={c} onClose={() => setEditing(false)} />
      <ConfirmDelete
        entity="companies"
        target={deleting ? { id: c.id, name: c.name } : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/companies', { replace: true })}
        onRestored={(gone) => navigate(`/companies/${gone}`)}
      />
    </Stack>
  );
}
