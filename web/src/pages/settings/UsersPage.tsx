import { ActionIcon, Badge, Button, Card, Group, Menu, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, patch } from '../../api.ts';
import type { ResponseOf } from '../../api/contract.ts';
import { RoleBadge } from '../../components/Badges.tsx';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { IconDots, IconPlus } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../components/States.tsx';
import { useApiMutation } from '../../components/useApiMutation.ts';
import { UserFormModal } from '../../components/users/UserFormModal.tsx';
import { useFormat } from '../../format.ts';
import { useSession } from '../../session.tsx';
import type { Invitation, Member } from '../../types.ts';

type Pending = { kind: 'disable' | 'remove'; user: Member } | { kind: 'cancel'; invitation: Invitation } | null;

export function UsersPage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const f = useFormat();
  const manage = can('settings:manage');
  const q = useQuery({ queryKey: ['users'], queryFn: () => get<ResponseOf<'listUsers'>>('/users') });
  const invitations = useQuery({
    queryKey: ['invitations'],
    queryFn: () => get<ResponseOf<'listWorkspaceInvitations'>>('/workspace/invitations'),
  });
  const [form, setForm] = useState<{ user: Member | null } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const pendingUser = pending && pending.kind !== 'cancel' ? pending.user : null;

  const setDisabled = useApiMutation({
    mutationFn: ({ user, disabled }: { user: Member; disabled: boolean }) =>
      patch<Member>(`/users/${user.id}`, { disabled }),
    success: (m) => (m.disabled ? t('users.disabledDone', { name: m.name }) : t('users.enabledDone', { name: m.name })),
    invalidate: [['users']],
    onSuccess: () => setPending(null),
  });
  const remove = useApiMutation({
    mutationFn: (user: Member) => del(`/users/${user.id}`),
    success: (_d, user) => t('users.removed', { name: user.name }),
    invalidate: [['users']],
    onSuccess: () => setPending(null),
  });
  const cancel = useApiMutation({
    mutationFn: (inv: Invitation) => del(`/workspace/invitations/${inv.id}`),
    success: (_d, inv) => t('users.invitationCancelled', { email: inv.email }),
    invalidate: [['invitations']],
    onSuccess: () => setPending(null),
  });

  const users = q.data?.data ?? [];
  const invited = invitations.data?.data ?? [];
  return (
    <>
      <PageHeader
        title={t('nav.settings.users')}
        description={t('users.description')}
        actions={
          manage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ user: null })} data-testid="add-user">
              {t('users.add')}
            </Button>
          )
        }
      />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : users.length === 0 && invited.length === 0 ? (
        <Empty title={t('users.empty')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('users.name')}</Table.Th>
                  <Table.Th>{t('users.email')}</Table.Th>
                  <Table.Th>{t('users.role')}</Table.Th>
                  <Table.Th>{t('users.language')}</Table.Th>
                  <Table.Th>{t('users.status')}</Table.Th>
                  <Table.Th>{t('users.added')}</Table.Th>
                  {manage && <Table.Th w={50} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.map((u) => {
                  const self = u.id === me.user?.id;
                  return (
                    <Table.Tr
                      key={u.id}
                      className={u.disabled ? 'kt-row-muted' : undefined}
                      data-testid={`user-row-${u.email}`}
                    >
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" fw={500}>
                            {u.name}
                          </Text>
                          {self && (
                            <Badge size="xs" variant="outline">
                              {t('users.you')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{u.email}</Text>
                      </Table.Td>
                      <Table.Td>
                        <RoleBadge role={u.role} />
                      </Table.Td>
                      <Table.Td>{u.locale.toUpperCase()}</Table.Td>
                      <Table.Td>
                        {u.disabled ? (
                          <Badge color="gray" variant="outline">
                            {t('users.disabled')}
                          </Badge>
                        ) : (
                          <Badge color="teal" variant="dot">
                            {t('users.active')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{f.date(u.createdAt)}</Text>
                      </Table.Td>
                      {manage && (
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={t('common.actions')}
                                data-testid={`user-actions-${u.email}`}
                              >
                                <IconDots />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => setForm({ user: u })} data-testid="user-edit">
                                {t('users.changeRole')}
                              </Menu.Item>
                              {!self &&
                                (u.disabled ? (
                                  <Menu.Item
                                    onClick={() => setDisabled.mutate({ user: u, disabled: false })}
                                    data-testid="user-enable"
                                  >
                                    {t('users.enable')}
                                  </Menu.Item>
                                ) : (
                                  <Menu.Item
                                    onClick={() => setPending({ kind: 'disable', user: u })}
                                    data-testid="user-disable"
                                  >
                                    {t('users.disable')}
                                  </Menu.Item>
                                ))}
                              {!self && (
                                <>
                                  <Menu.Divider />
                                  <Menu.Item
                                    color="red"
                                    onClick={() => setPending({ kind: 'remove', user: u })}
                                    data-testid="user-remove"
                                  >
                                    {t('users.remove')}
                                  </Menu.Item>
                                </>
                              )}
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
                {invited.map((inv) => (
                  <Table.Tr key={inv.id} className="kt-row-muted" data-testid={`invitation-row-${inv.email}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {inv.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{inv.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={inv.role} />
                    </Table.Td>
                    <Table.Td>—</Table.Td>
                    <Table.Td>
                      <Badge color="blue" variant="light" data-testid="invitation-status">
                        {t('users.invited')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.date(inv.createdAt)}</Text>
                    </Table.Td>
                    {manage && (
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={t('common.actions')}
                              data-testid={`invitation-actions-${inv.email}`}
                            >
                              <IconDots />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item
                              color="red"
                              onClick={() => setPending({ kind: 'cancel', invitation: inv })}
                              data-testid="invitation-cancel"
                            >
                              {t('users.cancelInvitation')}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}

      <UserFormModal opened={!!form} user={form?.user ?? null} onClose={() => setForm(null)} />
      <ConfirmModal
        opened={pending?.kind === 'disable'}
        title={t('users.disableTitle', { name: pendingUser?.name ?? '' })}
        message={t('users.disableText')}
        confirmLabel={t('users.disable')}
        loading={setDisabled.isPending}
        onConfirm={() => pendingUser && setDisabled.mutate({ user: pendingUser, disabled: true })}
        onClose={() => setPending(null)}
      />
      <ConfirmModal
        opened={pending?.kind === 'remove'}
        title={t('users.removeTitle', { name: pendingUser?.name ?? '' })}
        message={t('users.removeText', { workspace: me.workspace.name })}
        confirmLabel={t('users.remove')}
        loading={remove.isPending}
        onConfirm={() => pendingUser && remove.mutate(pendingUser)}
        onClose={() => setPending(null)}
      />
      <ConfirmModal
        opened={pending?.kind === 'cancel'}
        title={t('users.cancelTitle', { email: pending?.kind === 'cancel' ? pending.invitation.email : '' })}
        message={t('users.cancelText')}
        confirmLabel={t('users.cancelInvitation')}
        loading={cancel.isPending}
        onConfirm={() => pending?.kind === 'cancel' && cancel.mutate(pending.invitation)}
        onClose={() => setPending(null)}
      />
    </>
  );
}
