import { Badge, Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IconPlus } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { TEMPLATE_CHANNELS, type TemplateChannel, useTemplates } from '../api.ts';
import { MessagingTabs } from '../components/MessagingTabs.tsx';

/** /messaging/templates: every template with its channel, version and last change. */
export function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const q = useTemplates();
  const [search, setSearch] = useState('');
  const [channel, setChannel] = useState<TemplateChannel | null>(null);
  const rows = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase(i18n.language);
    return (q.data ?? [])
      .filter((x) => (!channel || x.channel === channel) && (!needle || x.name.toLocaleLowerCase().includes(needle)))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }, [q.data, search, channel, i18n.language]);
  const create = can('engage:write') && (
    <Button
      component={Link}
      to="/messaging/templates/new"
      leftSection={<IconPlus size={16} />}
      data-testid="templates-new"
    >
      {t('engage.templates.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('nav.messaging')} description={t('engage.templates.intro')} actions={create} />
      <MessagingTabs />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (q.data ?? []).length === 0 ? (
        <Empty
          testId="templates-empty"
          title={t('engage.templates.empty')}
          description={t('engage.templates.emptyText')}
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
              data-testid="templates-search"
            />
            <Select
              w={220}
              aria-label={t('engage.common.channel')}
              placeholder={t('engage.common.channel')}
              data={TEMPLATE_CHANNELS.map((c) => ({ value: c, label: t(`engage.templateChannels.${c}`) }))}
              value={channel}
              onChange={(v) => setChannel(v as TemplateChannel | null)}
              clearable
              data-testid="templates-channel"
            />
          </Group>
          {rows.length === 0 ? (
            <Empty testId="templates-empty-filtered" title={t('common.nothingFound')} />
          ) : (
            <Card withBorder padding={0}>
              <Table.ScrollContainer minWidth={720}>
                <Table highlightOnHover verticalSpacing="sm" data-testid="templates-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('engage.common.name')}</Table.Th>
                      <Table.Th>{t('engage.common.channel')}</Table.Th>
                      <Table.Th>{t('engage.templates.kind')}</Table.Th>
                      <Table.Th ta="right">{t('engage.common.version')}</Table.Th>
                      <Table.Th>{t('engage.common.updated')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((x) => (
                      <Table.Tr
                        key={x.id}
                        style={{ cursor: 'pointer' }}
                        onClick={() => navigate(`/messaging/templates/${x.id}`)}
                        data-testid="templates-row"
                        data-id={x.id}
                      >
                        <Table.Td maw={360}>
                          <Text
                            component={Link}
                            to={`/messaging/templates/${x.id}`}
                            onClick={(e) => e.stopPropagation()}
                            size="sm"
                            fw={500}
                            c="blue"
                            truncate="end"
                            title={x.name}
                            display="block"
                          >
                            {x.name}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light">{t(`engage.templateChannels.${x.channel}`)}</Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{t(`engage.kinds.${x.kind}`)}</Text>
                        </Table.Td>
                        <Table.Td ta="right">{x.version}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{f.dateTime(x.updatedAt)}</Text>
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
