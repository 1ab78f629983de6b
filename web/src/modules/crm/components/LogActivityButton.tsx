import { Button, Modal, type ButtonProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../session.tsx';
import { IconPlus } from '../../../components/icons.tsx';
import { ActivityComposer, type ActivityContext } from './ActivityComposer.tsx';
import type { ActivityKind } from './sales-types.ts';

/** A "Log activity" button that opens the composer in a modal (for headers and toolbars). */
export function LogActivityButton({
  initialKind,
  label,
  buttonProps,
  ...ctx
}: ActivityContext & { initialKind?: ActivityKind; label?: string; buttonProps?: ButtonProps }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  // With the call script beside it the form needs more room (in 780px its fields were squeezed).
  const [wide, setWide] = useState(false);
  if (!can('crm:write')) return null;
  return (
    <>
      <Button
        leftSection={<IconPlus size={16} />}
        onClick={() => setOpen(true)}
        data-testid="log-activity"
        {...buttonProps}
      >
        {label ?? t('crm.activities.log')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('crm.activities.logTitle')}
        size={wide ? 1120 : 'xl'}
        centered
      >
        <ActivityComposer
          {...ctx}
          initialKind={initialKind}
          onSaved={() => setOpen(false)}
          onCancel={() => setOpen(false)}
          onWide={setWide}
        />
      </Modal>
    </>
  );
}
