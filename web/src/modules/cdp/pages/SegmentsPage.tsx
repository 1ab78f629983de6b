import { Badge, Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IconPlus, IconSegments } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { kindOf, type Segment, useSegments } from '../components/segments/api.ts';

const SORTS = ['name', 'size', 'updatedAt', 'computedAt'] as const;
type Sort = (typeof SORTS)[number];

const compare: Record<Sort, (a: Segment, b: Segment) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  size: (a, b) => b.size - a.size,
  updatedAt: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
  computedAt: (a, b) => (b.computedAt ?? '').localeCompare(a.computedAt ?? ''),
};

/** /segments: every segment and list with its size, searched by name and sorted. */
export function SegmentsPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const q = useSegments();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('name');
  const rows = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase(i18n.language);
    return (q.data?.data ?? [])
      .filter((s) => !needle || s.name.toLocaleLowerCase(i18n.language).includes(needle))
      .sort(compare[sort]);
  }, [q.data, search, sort, i18n.language]);
  const total = q.data?.data.length ?? 0;
  const create = can('cdp:write') && (
    <Button component={Link} to="/segments/new" leftSection={<IconPlus size={16} />} data-testid="segments-new">
      {t('segmentation.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('nav.segments')} description={t('segmentation.intro')} actions={create} />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : total === 0 ? (
        <Empty
          testId="segments-empty"
          icon={<IconSegments size={28} />}
          title={t('segmentation.empty')}
          description={t('segmentation.emptyText')}
          action={create || undefined}
        />
      ) : (
        <>
          <Group gap="sm" mb="md">
            <SearchInput
              placeholder={t('segmentation.searchPlaceholder')}
              value={search}
              onChange={setSearch}
              w={320}
              data-testid="segments-search"
            />
            <Select
              w={220}
              aria-label={t('segmentation.sortBy')}
              data={SORTS.map((s) => ({ value: s, label: t(`segmentation.sorts.${s}`) }))}
              value={sort}
              onChange={(v) => v && setSort(v as Sort)}
              allowDeselect={false}
              data-testid="segments-sort"
            />
          </Group>
          {rows.length === 0 ? (
            <Empty testId="segments-empty-filtered" title={t('common.nothingFound')} />
          ) : (
            <Card withBorder padding={0}>
              <Table.ScrollContainer minWidth={760}>
                <Table highlightOnHover verticalSpacing="sm" data-testid="segments-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('segmentation.name')}</Table.Th>
                      <Table.Th>{t('segmentation.kind')}</Table.Th>
                      <Table.Th ta="right">{t('segmentation.size')}</Table.Th>
                      <Table.Th ta="right">{t('segmentation.version')}</Table.Th>
                      <Table.Th>{t('segmentation.computedAt')}</Table.Th>
                      <Table.Th>{t('segmentation.updatedAt')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((s) => (
                      <Table.Tr
                        key={s.id}
                        style={{ cursor: 'pointer' }}
                        onClick={() => navigate(`/segments/${s.id}`)}
                        data-testid="segments-row"
                        data-id={s.id}
                      >
                        <Table.Td maw={360}>
                          <Text
                            component={Link}
                            to={`/segments/${s.id}`}
                            onClick={(e) => e.stopPropagation()}
                            size="sm"
                            fw={500}
                            c="blue"
                            truncate="end"
                            title={s.name}
                            display="block"
                          >
                            {s.name}
                          </Text>
                          {s.description && (
                            <Text size="xs" c="dimmed" truncate="end" title={s.description}>
                              {s.description}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={kindOf(s) === 'list' ? 'grape' : 'blue'}>
                            {t(`segmentation.kinds.${kindOf(s)}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right" data-testid="segments-size">
                          {f.number(s.size, 0)}
                        </Table.Td>
                        <Table.Td ta="right">{s.version}</Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {s.computedAt ? f.dateTime(s.computedAt) : t('segmentation.notComputed')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{f.dateTime(s.updatedAt)}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )}
        </>
      )}
    </>
  );
}
