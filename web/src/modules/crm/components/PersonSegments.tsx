import { Anchor, Badge, Card, Group, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import type { Schema } from '../../../api/contract.ts';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import type { CrmPersonDetail } from './people-api.ts';

type Segment = Schema<'Segment'>;

/**
 * The segments and lists a person is in now (GET /people/{id} `segments`), by name, each a link
 * to the segment. Shown to those who may read segments.
 */
export function PersonSegments({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const member = useQuery({
    queryKey: ['person-segments', personId],
    queryFn: async () => (await get<CrmPersonDetail>(`/people/${personId}`)).segments,
  });
  const all = useQuery({
    queryKey: ['segments', 'for-person-card'],
    queryFn: async () => (await get<{ data: Segment[] }>('/segments')).data,
    staleTime: 30_000,
  });
  const names = new Map((all.data ?? []).map((s) => [s.id, s.name]));
  const ids = member.data ?? [];
  return (
    <Card withBorder padding="lg" data-testid="person-segments">
      <Title order={4} mb="sm">
        {t('crm.people.segments.title')}
      </Title>
      {member.isPending || all.isPending ? (
        <PageLoader />
      ) : member.isError || all.isError ? (
        <ErrorState error={member.error ?? all.error} />
      ) : ids.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('crm.people.segments.none')}
        </Text>
      ) : (
        <Group gap={6}>
          {ids.map((id) => (
            <Badge
              key={id}
              variant="light"
              radius="sm"
              style={{ textTransform: 'none', maxWidth: '100%' }}
              component={Link}
              to={`/segments/${id}`}
            >
              {names.get(id) ?? t('crm.people.segments.unknown')}
            </Badge>
          ))}
        </Group>
      )}
      {ids.length > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('crm.people.segments.count', { count: ids.length })}{' '}
          <Anchor component={Link} to="/segments" size="xs">
            {t('crm.people.segments.all')}
          </Anchor>
        </Text>
      )}
    </Card>
  );
}
