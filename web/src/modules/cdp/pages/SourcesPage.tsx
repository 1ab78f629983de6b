import { ActionIcon, Badge, Button, Card, Group, Menu, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { del, patch, post } from '../../../api.ts';
import { InstallDrawer } from '../components/InstallDrawer.tsx';
import { SourceFormModal } from '../components/SourceFormModal.tsx';
import { fetchSources, SOURCES_KEY } from '../components/sources.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { IconDots, IconPlug, IconPlus } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import type { Source } from '../../../types.ts';

export function SourcesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const writable = can('cdp:write');
  const q = useQuery({ queryKey: SOURCES_KEY, queryFn: fetchSources });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Source | null>(null);
  // The drawer follows the list, so a rotated key shows at once.
  const [installId, setInstallId] = useState<string | null>(null);
  const [rotating, setRotating] = useState<Source | null>(null);
  const [deleting, setDeleting] = useState<Source | null>(null);
  const sources = q.data?.data ?? [];
  const installing = sources.find((s) => s.id === installId) ?? null;

  const toggle = useApiMutation({
    mutationFn: (s: Source) => patch<Source>(`/sources/${s.id}`, { disabled: !s.disabled }),
    success: (s) =>
      s.disabled ? t('sources.disabledDone', { name: s.name }) : t('sources.enabledDone', { name: s.name }),
    invalidate: [SOURCES_KEY],
  });
  const rotate = useApiMutation({
    mutationFn: (s: Source) => post<Source>(`/sources/${s.id}/rotate-write-key`),
    success: (s) => t('sources.rotated', { name: s.name }),
    invalidate: [SOURCES_KEY],
    onSuccess: (s) => {
      setRotating(null);
      setInstallId(s.id);
    },
  });
  const remove = useApiMutation({
    mutationFn: (s: Source) => del(`/sources/${s.id}`),
    success: (_, s) => t('sources.deleted', { name: s.name }),
    invalidate: [SOURCES_KEY],
    onSuccess: () => setDeleting(null),
  });

  const add = writable && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="create-source">
      {t('sources.create')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('nav.data.sources')}
        description={t('sources.description')}
        actions={sources.length > 0 && add}
      />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : sources.length === 0 ? (
        <Empty
          testId="sources-empty"
          icon={<IconPlug size={28} />}
          title={t('sources.empty')}
          description={t('sources.emptyText')}
          action={add || undefined}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer type="native" minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="sources-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sources.name')}</Table.Th>
                  <Table.Th>{t('sources.kind')}</Table.Th>
                  <Table.Th>{t('sources.origin')}</Table.Th>
                  <Table.Th>{t('sources.state')}</Table.Th>
                  <Table.Th>{t('sources.createdAt')}</Table.Th>
                  <Table.Th w={140} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sources.map((s) => (
                  <Table.Tr
                    key={s.id}
                    className={s.disabled ? 'kt-row-muted' : undefined}
                    data-testid={`source-row-${s.id}`}
                  >
                    <Table.Td>
                      <Text size="sm" fw={500} data-testid="source-name-cell">
                        {s.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`sources.kinds.${s.kind}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`sources.origins.${s.origin}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={s.disabled ? 'gray' : 'teal'} variant={s.disabled ? 'outline' : 'dot'}>
                        {s.disabled ? t('sources.disabled') : t('sources.enabled')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.date(s.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="light"
                          onClick={() => setInstallId(s.id)}
                          data-testid={`source-install-${s.id}`}
                        >
                          {t('sources.install')}
                        </Button>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={t('common.actions')}
                              data-testid={`source-menu-${s.id}`}
                            >
                              <IconDots />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item onClick={() => navigate(`/data/events?source=${s.id}`)}>
                              {t('sources.watchEvents')}
                            </Menu.Item>
                            {writable && (
                              <>
                                <Menu.Item onClick={() => setEditing(s)} data-testid="source-edit">
                                  {t('common.edit')}
                                </Menu.Item>
                                <Menu.Item onClick={() => toggle.mutate(s)} data-testid="source-toggle">
                                  {s.disabled ? t('sources.enable') : t('sources.disable')}
                                </Menu.Item>
                                <Menu.Item onClick={() => setRotating(s)} data-testid="source-rotate">
                                  {t('sources.rotate')}
                                </Menu.Item>
                                <Menu.Divider />
                                <Menu.Item color="red" onClick={() => setDeleting(s)} data-testid="source-delete">
                                  {t('common.delete')}
                                </Menu.Item>
                              </>
                            )}
                          </Menu.Dropdown>
                        </Menu>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}

      <SourceFormModal
        opened={creating}
        source={null}
        onClose={() => setCreating(false)}
        onSaved={(s) => setInstallId(s.id)}
      />
      <SourceFormModal opened={!!editing} source={editing} onClose={() => setEditing(null)} />
      <InstallDrawer source={installing} onClose={() => setInstallId(null)} />
      <ConfirmModal
        opened={!!rotating}
        title={rotating ? t('sources.rotateTitle', { name: rotating.name }) : ''}
        message={t('sources.rotateText')}
        confirmLabel={t('sources.rotate')}
        loading={rotate.isPending}
        onConfirm={() => rotating && rotate.mutate(rotating)}
        onClose={() => setRotating(null)}
      />
      <ConfirmModal
        opened={!!deleting}
        title={deleting ? t('sources.deleteTitle', { name: deleting.name }) : ''}
        message={t('sources.deleteText')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
