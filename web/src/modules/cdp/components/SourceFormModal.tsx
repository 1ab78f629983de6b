import { Button, Group, Modal, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../../api.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { ORIGINS, SOURCE_KINDS, type Origin, type Source, type SourceKind } from '../../../types.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';

/** Creates a source (`source` absent) or renames / re-classifies / switches one. The kind is fixed once created. */
export function SourceFormModal({
  opened,
  source,
  onClose,
  onSaved,
}: {
  opened: boolean;
  source: Source | null;
  onClose: () => void;
  onSaved?: (s: Source) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SourceKind>('web');
  const [origin, setOrigin] = useState<Origin>('first');
  const [enabled, setEnabled] = useState(true);

  const save = useApiMutation({
    mutationFn: () =>
      source
        ? patch<Source>(`/sources/${source.id}`, { name: name.trim(), origin, disabled: !enabled })
        : post<Source>('/sources', { name: name.trim(), kind, origin }),
    success: (s) => (source ? t('sources.updated', { name: s.name }) : t('sources.created', { name: s.name })),
    invalidate: [['sources']],
    onSuccess: (s) => {
      onSaved?.(s);
      onClose();
    },
  });

  useEffect(() => {
    if (!opened) return;
    setName(source?.name ?? '');
    setKind(source?.kind ?? 'web');
    setOrigin(source?.origin ?? 'first');
    setEnabled(!(source?.disabled ?? false));
    save.reset();
  }, [opened, source]);

  const fields = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={source ? t('sources.editTitle') : t('sources.createTitle')}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('sources.name')}
            description={t('sources.nameHint')}
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fields.name}
            data-testid="source-name"
          />
          <Select
            label={t('sources.kind')}
            description={t('sources.kindHint')}
            data={SOURCE_KINDS.map((k) => ({ value: k, label: t(`sources.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as SourceKind)}
            allowDeselect={false}
            disabled={!!source}
            comboboxProps={{ withinPortal: true }}
            error={fields.kind}
            data-testid="source-kind"
          />
          <Select
            label={t('sources.origin')}
            description={t('sources.originHint')}
            data={ORIGINS.map((o) => ({ value: o, label: t(`sources.origins.${o}`) }))}
            value={origin}
            onChange={(v) => v && setOrigin(v as Origin)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            error={fields.origin}
            data-testid="source-origin"
          />
          {source && (
            <Switch
              label={t('sources.enabledLabel')}
              description={t('sources.enabledHint')}
              checked={enabled}
              onChange={(e) => setEnabled(e.currentTarget.checked)}
              data-testid="source-enabled"
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()} data-testid="source-save">
              {source ? t('common.save') : t('sources.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
