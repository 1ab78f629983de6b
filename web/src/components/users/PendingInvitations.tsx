import { Button, Group, Indicator, Popover, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api.ts';
import type { ResponseOf } from '../../api/contract.ts';
import { notifyError, notifySuccess } from '../../notify.ts';
import { fetchMe, ME_KEY } from '../../session.tsx';
import type { MyInvitation } from '../../types.ts';

export const MY_INVITATIONS_KEY = ['my-invitations'] as const;

/**
 * In the header, only while someone has invited me to another workspace: the invitations, each to
 * accept (the workspace then shows in the switcher) or decline. Nobody else can answer them.
 */
export function PendingInvitations() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const q = useQuery({
    queryKey: MY_INVITATIONS_KEY,
    queryFn: () => get<ResponseOf<'listInvitations'>>('/invitations'),
    refetchInterval: 60_000,
  });
  const list = q.data?.data ?? [];
  if (list.length === 0) return null;

  const answer = async (inv: MyInvitation, accept: boolean) => {
    setBusy(inv.id);
    try {
      await post(`/invitations/${inv.id}/${accept ? 'accept' : 'decline'}`, {});
      notifySuccess(t(accept ? 'invitations.accepted' : 'invitations.declined', { name: inv.workspace.name }));
      if (accept) qc.setQueryData(ME_KEY, await fetchMe());
      await qc.invalidateQueries({ queryKey: MY_INVITATIONS_KEY });
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator label={list.length} size={16} offset={4} color="blue">
          <Button variant="light" size="compact-sm" onClick={() => setOpened((o) => !o)} data-testid="my-invitations">
            {t('invitations.button')}
          </Button>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm" data-testid="my-invitations-list">
          <Text fw={600} size="sm">
            {t('invitations.title')}
          </Text>
          {list.map((inv) => (
            <Stack key={inv.id} gap={4} data-testid={`my-invitation-${inv.workspace.slug}`}>
              <Text size="sm" fw={500}>
                {inv.workspace.name}
              </Text>
              <Text size="xs" c="dimmed">
                {t('invitations.from', { role: t(`roles.names.${inv.role}`), by: inv.invitedBy })}
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  loading={busy === inv.id}
                  onClick={() => void answer(inv, true)}
                  data-testid="invitation-accept"
                >
                  {t('invitations.accept')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  disabled={busy === inv.id}
                  onClick={() => void answer(inv, false)}
                  data-testid="invitation-decline"
                >
                  {t('invitations.decline')}
                </Button>
              </Group>
            </Stack>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
