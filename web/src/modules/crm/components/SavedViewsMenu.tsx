import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../../api.ts';
import type { ResponseOf } from '../../../api/contract.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { IconChevronDown } from '../../../components/icons.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { VIEWS_KEY, type SavedView } from './people-api.ts';

/** Stored query values may be numbers or booleans; the list reads them as URL parameters. */
const asView = (v: SavedView) => ({
  id: v.id,
  query: Object.fromEntries(
    Object.entries(v.query ?? {})
      .filter(([, x]) => x !== null && x !== undefined && x !== '')
      .map(([k, x]) => [k, String(x)]),
  ),
  columns: v.columns ?? [],
});

/** A view as the list applies it: its query as URL parameters, its columns ([] = the list's defaults). */
export type AppliedView = ReturnType<typeof asView>;

/** The user's own saved views of a list: apply one, save the current filters as one, delete one. */
/** The same filters and sort, whatever the key order. */
function sameQuery(a: Record<string, string> | null | undefined, b: Record<string, string>): boolean {
  const ka = Object.keys(a ?? {}).filter((k) => a![k] !== '' && a![k] != null);
  const kb = Object.keys(b).filter((k) => b[k] !== '' && b[k] != null);
  return ka.length === kb.length && ka.every((k) => String(a![k]) === String(b[k]));
}

/** The user's saved views of one list (one cache entry shared by the menu and the list). */
export function useSavedViews(entity: string) {
  return useQuery({
    queryKey: [...VIEWS_KEY, entity],
    queryFn: () => get<ResponseOf<'listViews'>>('/views', { entity }).then((r) => r.data),
  });
}

/** The view the list shows: the one picked, or after a reload (or a shared link) the one whose query the list's is. */
export function activeViewOf(
  views: SavedView[],
  activeId: string | null,
  current: Record<string, string>,
): SavedView | undefined {
  return (
    views.find((v) => v.id === activeId) ??
    (Object.keys(current).length ? views.find((v) => sameQuery(v.query as Record<string, string>, current)) : undefined)
  );
}

export function SavedViewsMenu({
  entity,
  current,
  columns = [],
  activeId,
  onApply,
}: {
  entity: string;
  current: Record<string, string>;
  /** The columns the list shows, saved with a new view. */
  columns?: string[];
  activeId: string | null;
  onApply: (v: AppliedView | null) => void;
}) {
  const { t } = useTranslation();
  const q = useSavedViews(entity);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const create = useApiMutation({
    mutationFn: () => post<SavedView>('/views', { entity, name: name.trim(), query: current, columns }),
    success: (v) => t('crm.people.views.saved', { name: v.name }),
    invalidate: [VIEWS_KEY],
    onSuccess: (v) => {
      setNaming(false);
      onApply(asView(v));
    },
  });
  const remove = useApiMutation({
    mutationFn: (v: SavedView) => del(`/views/${v.id}`),
    success: t('crm.people.views.deleted'),
    invalidate: [VIEWS_KEY],
    onSuccess: (_, v) => v.id === active?.id && onApply(null),
  });
  const views = q.data ?? [];
  // After a reload (or a shared link) the list's own query names the view it came from.
  const active = activeViewOf(views, activeId, current);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };

  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size={14} />} data-testid="views-menu">
            {active ? active.name : t('crm.people.views.all')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown miw={240}>
          <Menu.Item onClick={() => onApply(null)} data-testid="view-all">
            {t('crm.people.views.all')}
          </Menu.Item>
          {views.length > 0 && <Menu.Divider />}
          {views.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => onApply(asView(v))}
              data-testid={`view-${v.id}`}
              fw={v.id === active?.id ? 600 : undefined}
              rightSection={
                <ActionIcon
                  component="span"
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label={t('crm.common.delete')}
                  onClick={(e) => {
                    e.stopPropagation();
                    remove.mutate(v);
                  }}
                  data-testid={`view-delete-${v.id}`}
                >
                  ×
                </ActionIcon>
              }
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item
            onClick={() => {
              setName('');
              create.reset();
              setNaming(true);
            }}
            data-testid="view-save"
          >
            {t('crm.people.views.saveCurrent')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title={t('crm.people.views.saveTitle')} centered>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('crm.people.views.saveText')}
            </Text>
            <TextInput
              label={t('crm.people.views.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldErrorsOf(create.error).name}
              data-autofocus
              data-testid="view-name"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                {t('crm.common.cancel')}
              </Button>
              <Button type="submit" disabled={!name.trim()} loading={create.isPending} data-testid="view-save-ok">
                {t('crm.common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
