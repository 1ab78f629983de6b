import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../api.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { CATALOGUE_EVENTS_KEY, EVENT_RULES_KEY, type EventRule } from './catalogue.ts';

/** Creates a rename rule for a tracked event: from now on it is stored under the new name. */
export function RenameEventModal({ event, onClose }: { event: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [renameTo, setRenameTo] = useState('');
  const save = useApiMutation({
    mutationFn: () => post<EventRule>('/event-rules', { event, action: 'rename', renameTo: renameTo.trim() }),
    success: (r) => t('catalogue.renamed', { event: r.event, to: r.renameTo }),
    invalidate: [EVENT_RULES_KEY, CATALOGUE_EVENTS_KEY],
    onSuccess: onClose,
  });

  useEffect(() => {
    if (event === null) return;
    setRenameTo(event);
    save.reset();
  }, [event]);

  const fields = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const unchanged = !renameTo.trim() || renameTo.trim() === event;

  return (
    <Modal
      opened={event !== null}
      onClose={onClose}
      title={t('catalogue.renameTitle', { event: event ?? '' })}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('catalogue.renameText')}
          </Text>
          <TextInput
            label={t('catalogue.renameTo')}
            required
            data-autofocus
            value={renameTo}
            onChange={(e) => setRenameTo(e.currentTarget.value)}
            error={fields.renameTo ?? fields.event}
            data-testid="rename-to"
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={unchanged} data-testid="rename-save">
              {t('catalogue.rename')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
