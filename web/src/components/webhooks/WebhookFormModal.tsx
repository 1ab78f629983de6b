import { Button, Group, Modal, MultiSelect, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../../api.ts';
import type { BodyOf, ResponseOf } from '../../api/contract.ts';
import { fieldErrorsOf } from '../../forms.ts';
import type { Webhook } from '../../types.ts';
import { useApiMutation } from '../useApiMutation.ts';

/** Creates a subscription (`webhook` absent) or edits one. */
export function WebhookFormModal({
  opened,
  webhook,
  onClose,
  onSaved,
}: {
  opened: boolean;
  webhook: Webhook | null;
  onClose: () => void;
  onSaved?: (w: Webhook) => void;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [active, setActive] = useState(true);
  const types = useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: () => get<ResponseOf<'listWebhookEventTypes'>>('/webhooks/event-types'),
    staleTime: Infinity,
    enabled: opened,
  });

  const save = useApiMutation({
    mutationFn: () => {
      const body = {
        url: url.trim(),
        description: description.trim(),
        eventTypes,
        active,
      } satisfies BodyOf<'createWebhook'> & BodyOf<'updateWebhook'>;
      return webhook ? patch<Webhook>(`/webhooks/${webhook.id}`, body) : post<Webhook>('/webhooks', body);
    },
    success: () => (webhook ? t('webhooks.updated') : t('webhooks.createdDone')),
    invalidate: [['webhooks']],
    onSuccess: (w) => {
      onSaved?.(w);
      onClose();
    },
  });

  useEffect(() => {
    if (!opened) return;
    setUrl(webhook?.url ?? '');
    setDescription(webhook?.description ?? '');
    setEventTypes(webhook?.eventTypes ?? []);
    setActive(webhook?.active ?? true);
    save.reset();
  }, [opened, webhook]);

  const data = useMemo(() => {
    const list = types.data?.data ?? [];
    const entities = [...new Set(list.map((e) => e.type.split('.')[0]!))].sort();
    const known = new Set(['*', ...entities.map((e) => `${e}.*`), ...list.map((e) => e.type)]);
    // A saved pattern the server no longer lists must stay visible, or saving would silently drop it.
    const unknown = eventTypes.filter((v) => !known.has(v));
    return [
      { group: t('webhooks.groupAll'), items: [{ value: '*', label: `* — ${t('webhooks.allEvents')}` }] },
      {
        group: t('webhooks.groupEntities'),
        items: entities.map((e) => ({
          value: `${e}.*`,
          label: `${e}.* — ${t('webhooks.allOfEntity', { entity: e })}`,
        })),
      },
      {
        group: t('webhooks.groupEvents'),
        items: list.map((e) => ({ value: e.type, label: `${e.type} — ${e.description}` })),
      },
      ...(unknown.length
        ? [{ group: t('webhooks.groupOther'), items: unknown.map((v) => ({ value: v, label: v })) }]
        : []),
    ];
  }, [types.data, eventTypes, t]);

  const fields = fieldErrorsOf(save.error);
  const eventError = Object.entries(fields).find(([k]) => k === 'eventTypes' || k.startsWith('eventTypes.'))?.[1];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={webhook ? t('webhooks.editTitle') : t('webhooks.createTitle')}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('webhooks.url')}
            description={t('webhooks.urlHint')}
            placeholder="https://example.com/hooks/kartoteka"
            required
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={fields.url}
            data-testid="webhook-url"
          />
          <Textarea
            label={t('webhooks.descriptionLabel')}
            autosize
            minRows={2}
            maxRows={4}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fields.description}
            data-testid="webhook-description"
          />
          <MultiSelect
            label={t('webhooks.events')}
            description={t('webhooks.eventsHint')}
            placeholder={eventTypes.length ? undefined : t('webhooks.eventsPlaceholder')}
            data={data}
            value={eventTypes}
            onChange={setEventTypes}
            searchable
            required
            maxDropdownHeight={280}
            comboboxProps={{ withinPortal: true }}
            error={eventError}
            nothingFoundMessage={types.isPending ? t('common.loading') : t('common.nothingFound')}
            data-testid="webhook-events"
          />
          <Switch
            label={t('webhooks.activeLabel')}
            description={t('webhooks.activeHint')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
            data-testid="webhook-active"
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!url.trim() || eventTypes.length === 0}
              data-testid="webhook-save"
            >
              {webhook ? t('common.save') : t('webhooks.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
