import { ActionIcon, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { del } from '../../../api.ts';
import { notifySuccess } from '../../../notify.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { IconDots } from '../../../components/icons.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { AFFECTED, useRestore, type DeletedEntity } from './RecentlyDeleted.tsx';

/** The record to delete: its id and the name the texts and the Undo use. */
export interface DeleteTarget {
  id: string;
  name: string;
}

/**
 * Deleting a person, company or deal, from its card or from a list row: asks once, deletes, and
 * offers “Undo” in the notification (POST /{entity}/{id}/restore). `onDeleted` runs after the delete
 * (a card leaves for the list), `onRestored` after an undo that worked (a card opens again).
 */
export function ConfirmDelete({
  entity,
  target,
  onClose,
  onDeleted,
  onRestored,
}: {
  entity: DeletedEntity;
  /** null: closed. */
  target: DeleteTarget | null;
  onClose: () => void;
  onDeleted?: (id: string) => void;
  onRestored?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const restore = useRestore(entity);
  const remove = useApiMutation({
    mutationFn: (x: DeleteTarget) => del(`/${entity}/${x.id}`),
    invalidate: AFFECTED[entity],
    onSuccess: (_, x) => {
      const done = {
        people: t('crm.people.card.deleted'),
        companies: t('crm.companies.deleted'),
        deals: t('crm.deals.deleted', { title: x.name }),
      }[entity];
      notifySuccess(done, {
        label: t('crm.common.restore.undo'),
        testId: 'undo-delete',
        onClick: async () => {
          if (await restore(x.id, x.name)) onRestored?.(x.id);
        },
      });
      onClose();
      onDeleted?.(x.id);
    },
  });
  const name = target?.name ?? '';
  const texts = {
    people: {
      title: name ? t('crm.people.card.deleteTitleNamed', { name }) : t('crm.people.card.deleteTitle'),
      message: t('crm.people.card.deleteText'),
    },
    companies: { title: t('crm.companies.deleteTitle', { name }), message: t('crm.companies.deleteText') },
    deals: { title: t('crm.deals.deleteTitle', { title: name }), message: t('crm.deals.deleteText') },
  }[entity];
  return (
    <ConfirmModal
      opened={!!target}
      title={texts.title}
      message={texts.message}
      confirmLabel={t('crm.common.delete')}
      loading={remove.isPending}
      onConfirm={() => target && remove.mutate(target)}
      onClose={onClose}
    />
  );
}

/**
 * The ⋯ menu at the end of a list row (today: Delete). Its clicks stay in the menu, so the row's own
 * click (open the card) does not fire as well.
 */
export function RowActions({ name, onDelete }: { name: string; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <div onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`${t('common.actions')}: ${name}`}
            data-testid="row-actions"
          >
            <IconDots />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown onClick={(e) => e.stopPropagation()}>
          <Menu.Item color="red" onClick={onDelete} data-testid="row-delete">
            {t('crm.common.delete')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </div>
  );
}
