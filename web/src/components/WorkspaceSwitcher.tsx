import { Button, Menu, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post } from '../api.ts';
import { notifyError, notifySuccess } from '../notify.ts';
import { fetchMe, ME_KEY, useSession } from '../session.tsx';
import { IconCheck, IconWorkspace } from './icons.tsx';

export function WorkspaceSwitcher() {
  const { me } = useSession();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  if (me.workspaces.length <= 1)
    return (
      <Text fw={600} size="sm" truncate maw={{ base: 110, sm: 260 }} data-testid="workspace-name">
        {me.workspace.name}
      </Text>
    );

  const switchTo = async (slug: string, name: string) => {
    if (slug === me.workspace.slug) return;
    setBusy(true);
    try {
      await post('/auth/switch-workspace', { slug });
      // Everything cached belongs to the old workspace.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, await fetchMe());
      navigate('/');
      notifySuccess(t('header.switchedTo', { name }));
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          loading={busy}
          leftSection={<IconWorkspace />}
          data-testid="workspace-switcher"
        >
          <Text span fw={600} size="sm" truncate maw={{ base: 90, sm: 240 }} data-testid="workspace-name">
            {me.workspace.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('header.workspaces')}</Menu.Label>
        {me.workspaces.map((w) => (
          <Menu.Item
            key={w.slug}
            onClick={() => switchTo(w.slug, w.name)}
            rightSection={w.slug === me.workspace.slug ? <IconCheck size={14} /> : null}
            data-testid={`workspace-${w.slug}`}
          >
            {w.name}{' '}
            <Text span c="dimmed" size="xs">
              {w.slug}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
