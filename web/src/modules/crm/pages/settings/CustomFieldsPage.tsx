import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Table,
  TagsInput,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch, post } from '../../../../api.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import {
  CUSTOM_FIELD_ENTITIES,
  CUSTOM_FIELD_TYPES,
  CUSTOM_FIELDS_KEY,
  useCustomFields,
  type CustomField,
  type CustomFieldEntity,
  type CustomFieldType,
} from '../../components/people-api.ts';
import { IconDots, IconPlus } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { fieldErrorsOf } from '../../../../forms.ts';
import { useSession } from '../../../../session.tsx';

/** Cyrillic → Latin for keys (a simple passport-style transliteration). */
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
};

/**
 * "Company size" → "company_size", "Тариф" → "tarif": a key the API accepts (^[a-z][a-z0-9_]*$).
 * Russian labels are transliterated, or a Russian workspace would get no key suggested at all.
 */
const keyFrom = (label: string) =>
  [...label.toLowerCase()]
    .map((ch) => TRANSLIT[ch] ?? ch)
    .join('')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 63);

function FieldModal({
  entity,
  field,
  opened,
  onClose,
}: {
  entity: CustomFieldEntity;
  field: CustomField | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [type, setType] = useState<CustomFieldType>('text');
  const [options, setOptions] = useState<string[]>([]);
  const save = useApiMutation({
    mutationFn: () =>
      field
        ? patch<CustomField>(`/custom-fields/${field.id}`, {
            label: label.trim(),
            ...(field.type === 'select' || field.type === 'multiselect' ? { options } : {}),
          })
        : post<CustomField>('/custom-fields', {
            entity,
            key: key.trim(),
            label: label.trim(),
            type,
            ...(type === 'select' || type === 'multiselect' ? { options } : {}),
          }),
    success: (f) => t('crm.people.cf.saved', { label: f.label }),
    invalidate: [CUSTOM_FIELDS_KEY],
    onSuccess: onClose,
  });
  useEffect(() => {
    if (!opened) return;
    setLabel(field?.label ?? '');
    setKey(field?.key ?? '');
    setKeyTouched(!!field);
    setType(field?.type ?? 'text');
    setOptions(field?.options ?? []);
    save.reset();
  }, [opened, field]);
  const errors = fieldErrorsOf(save.error);
  const withOptions = type === 'select' || type === 'multiselect';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={field ? t('crm.people.cf.editTitle') : t('crm.people.cf.newTitle')}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('crm.people.cf.label')}
            value={label}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setLabel(v);
              if (!keyTouched) setKey(keyFrom(v));
            }}
            error={errors.label}
            data-autofocus
            data-testid="cf-label"
          />
          <TextInput
            label={t('crm.people.cf.key')}
            description={t('crm.people.cf.keyHint')}
            value={key}
            disabled={!!field}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.currentTarget.value);
            }}
            error={errors.key}
            className="kt-mono"
            data-testid="cf-key"
          />
          <Select
            label={t('crm.people.cf.type')}
            data={CUSTOM_FIELD_TYPES.map((x) => ({ value: x, label: t(`crm.people.cf.types.${x}`) }))}
            value={type}
            onChange={(v) => v && setType(v as CustomFieldType)}
            allowDeselect={false}
            disabled={!!field}
            error={errors.type}
            data-testid="cf-type"
          />
          {withOptions && (
            <TagsInput
              label={t('crm.people.cf.options')}
              description={t('crm.common.tagsHint')}
              value={options}
              onChange={setOptions}
              error={errors.options}
              data-testid="cf-options"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('crm.common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!label.trim() || !key.trim()}
              data-testid="cf-save"
            >
              {field ? t('crm.common.save') : t('crm.common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EntityFields({ entity }: { entity: CustomFieldEntity }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useCustomFields(entity);
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const remove = useApiMutation({
    mutationFn: (f: CustomField) => del(`/custom-fields/${f.id}`),
    success: (_, f) => t('crm.people.cf.deleted', { label: f.label }),
    invalidate: [CUSTOM_FIELDS_KEY],
    onSuccess: () => setDeleting(null),
  });
  const writable = can('crm:write') || can('settings:manage');
  const fields = q.data ?? [];
  const add = writable && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="cf-new">
      {t('crm.people.cf.new')}
    </Button>
  );
  return (
    <Stack mt="md">
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : fields.length === 0 ? (
        <Empty
          testId="cf-empty"
          title={t('crm.common.noCustomFields')}
          description={t('crm.people.cf.emptyText')}
          action={add}
        />
      ) : (
        <>
          <Group justify="flex-end">{add}</Group>
          <Card withBorder padding={0}>
            <Table verticalSpacing="sm" data-testid="cf-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crm.people.cf.label')}</Table.Th>
                  <Table.Th>{t('crm.people.cf.key')}</Table.Th>
                  <Table.Th>{t('crm.people.cf.type')}</Table.Th>
                  <Table.Th>{t('crm.people.cf.options')}</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fields.map((f) => (
                  <Table.Tr key={f.id} data-testid={`cf-row-${f.key}`}>
                    <Table.Td>{f.label}</Table.Td>
                    <Table.Td className="kt-mono">{f.key}</Table.Td>
                    <Table.Td>{t(`crm.people.cf.types.${f.type}`)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {f.options.map((o) => (
                          <Badge key={o} variant="light" tt="none" size="sm">
                            {o}
                          </Badge>
                        ))}
                        {f.options.length === 0 && (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {writable && (
                        <Menu position="bottom-end">
                          <Menu.Target>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={t('crm.common.edit')}
                              data-testid={`cf-menu-${f.key}`}
                            >
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item onClick={() => setEditing(f)} data-testid="cf-edit">
                              {t('crm.common.edit')}
                            </Menu.Item>
                            <Menu.Item color="red" onClick={() => setDeleting(f)} data-testid="cf-delete">
                              {t('crm.common.delete')}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </>
      )}
      <FieldModal
        entity={entity}
        field={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <ConfirmModal
        opened={!!deleting}
        title={t('crm.people.cf.deleteTitle', { label: deleting?.label ?? '' })}
        message={t('crm.people.cf.deleteText')}
        confirmLabel={t('crm.common.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

/** Workspace-defined fields on people, companies and deals. */
export function CustomFieldsPage() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<CustomFieldEntity>('person');
  return (
    <>
      <PageHeader title={t('nav.settings.customFields')} description={t('crm.people.cf.description')} />
      <Tabs value={entity} onChange={(v) => v && setEntity(v as CustomFieldEntity)}>
        <Tabs.List>
          {CUSTOM_FIELD_ENTITIES.map((e) => (
            <Tabs.Tab key={e} value={e} data-testid={`cf-tab-${e}`}>
              {t(`crm.people.cf.entities.${e}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <EntityFields key={entity} entity={entity} />
    </>
  );
}
