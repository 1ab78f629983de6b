import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Divider,
  Drawer,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, patch, post } from '../../../api.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { IconPlus } from '../../../components/icons.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { CompanySelect } from './CompanySelect.tsx';
import { CustomFieldInputs } from './CustomFieldInputs.tsx';
import {
  CRM_PERSON_KEY,
  LIFECYCLE_STAGES,
  PEOPLE_KEY,
  useCustomFields,
  useMembers,
  type CrmPerson,
  type Ref,
} from './people-api.ts';
import { DateField } from '../../../components/DateFields.tsx';

interface FormState {
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
  companyId: string | null;
  company: Ref | null;
  position: string;
  ownerId: string | null;
  lifecycleStage: string;
  source: string;
  street: string;
  city: string;
  region: string;
  country: string;
  postalCode: string;
  birthday: string;
  tags: string[];
  customFields: Record<string, unknown>;
  externalId: string;
}

const fromPerson = (p: CrmPerson | null, defaults?: Partial<FormState>): FormState => ({
  firstName: p?.firstName ?? '',
  lastName: p?.lastName ?? '',
  emails: p?.emails.length ? [...p.emails] : [''],
  phones: p?.phones.length ? [...p.phones] : [''],
  companyId: p?.companyId ?? null,
  company: p?.company ?? null,
  position: p?.position ?? '',
  ownerId: p?.ownerId ?? null,
  lifecycleStage: p?.lifecycleStage ?? 'lead',
  source: p?.source ?? '',
  street: p?.street ?? '',
  city: p?.city ?? '',
  region: p?.region ?? '',
  country: p?.country ?? '',
  postalCode: p?.postalCode ?? '',
  birthday: p?.birthday ?? '',
  tags: p?.tags ?? [],
  customFields: { ...(p?.customFields ?? {}) },
  externalId: p?.externalId ?? '',
  ...defaults,
});

/** Empty strings are "not given" on create and "clear it" (null) on edit. */
function toBody(s: FormState, editing: boolean) {
  const str = (v: string) => (v.trim() ? v.trim() : editing ? null : undefined);
  const cf: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.customFields))
    if (v !== null && v !== undefined && v !== '') cf[k] = v;
    else if (editing) cf[k] = null;
  return {
    firstName: str(s.firstName),
    lastName: str(s.lastName),
    emails: s.emails.map((e) => e.trim()).filter(Boolean),
    phones: s.phones.map((e) => e.trim()).filter(Boolean),
    companyId: s.companyId ?? (editing ? null : undefined),
    position: str(s.position),
    ownerId: s.ownerId ?? (editing ? null : undefined),
    lifecycleStage: s.lifecycleStage,
    source: str(s.source),
    street: str(s.street),
    city: str(s.city),
    region: str(s.region),
    country: str(s.country),
    postalCode: str(s.postalCode),
    birthday: s.birthday || (editing ? null : undefined),
    tags: s.tags,
    customFields: cf,
    externalId: str(s.externalId),
  };
}

/** A list of text inputs (emails, phones): each row shows its own error (`emails.1`). */
function ListInput({
  label,
  values,
  onChange,
  errors,
  name,
  placeholder,
}: {
  label: string;
  values: string[];
  onChange: (v: string[]) => void;
  errors: Record<string, string>;
  name: string;
  placeholder: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {values.map((v, i) => (
        <Group key={i} gap={6} wrap="nowrap" align="flex-start">
          <TextInput
            style={{ flex: 1 }}
            value={v}
            placeholder={placeholder}
            aria-label={`${label} ${i + 1}`}
            error={errors[`${name}.${i}`] ?? (i === 0 ? errors[name] : undefined)}
            onChange={(e) => onChange(values.map((x, j) => (j === i ? e.currentTarget.value : x)))}
            data-testid={`person-${name}-${i}`}
          />
          {values.length > 1 && (
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={6}
              aria-label={t('crm.common.remove')}
              onClick={() => onChange(values.filter((_, j) => j !== i))}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      <Button
        variant="subtle"
        size="compact-xs"
        w="fit-content"
        leftSection={<IconPlus size={12} />}
        onClick={() => onChange([...values, ''])}
        data-testid={`person-${name}-add`}
      >
        {t('crm.common.add')}
      </Button>
    </Stack>
  );
}

/** Create or edit a CRM person; API field errors land under the field they name. */
export function PersonFormDrawer({
  opened,
  person,
  trackedId,
  onClose,
  onSaved,
  defaults,
}: {
  opened: boolean;
  person: CrmPerson | null;
  /** A tracked-only profile being brought into the CRM: the first save keeps its id. */
  trackedId?: string;
  onClose: () => void;
  onSaved?: (p: CrmPerson) => void;
  defaults?: Partial<FormState>;
}) {
  const { t } = useTranslation();
  const editing = !!person;
  const [s, setS] = useState<FormState>(() => fromPerson(person, defaults));
  const members = useMembers();
  const fields = useCustomFields('person');
  const save = useApiMutation({
    mutationFn: () =>
      person
        ? patch<CrmPerson>(`/people/${person.id}`, toBody(s, true))
        : trackedId
          ? patch<CrmPerson>(`/people/${trackedId}`, toBody(s, false))
          : post<CrmPerson>('/people', toBody(s, false)),
    success: (p) => (editing ? t('crm.people.form.updated') : t('crm.people.form.created', { name: p.name ?? '' })),
    invalidate: [PEOPLE_KEY, CRM_PERSON_KEY, ['timeline']],
    onSuccess: (p) => {
      onSaved?.(p);
      onClose();
    },
  });
  useEffect(() => {
    if (opened) {
      setS(fromPerson(person, defaults));
      save.reset();
    }
  }, [opened, person]);

  const errors = fieldErrorsOf(save.error);
  const conflict = save.error instanceof ApiError && save.error.code === 'CONFLICT' ? save.error : null;
  const existingId = conflict ? (conflict.details[0]?.existingId ?? null) : null;
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setS((x) => ({ ...x, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const text = (
    k:
      | 'firstName'
      | 'lastName'
      | 'position'
      | 'source'
      | 'street'
      | 'city'
      | 'region'
      | 'country'
      | 'postalCode'
      | 'externalId',
    label: string,
  ) => (
    <TextInput
      label={label}
      value={s[k]}
      onChange={(e) => set(k, e.currentTarget.value)}
      error={errors[k]}
      data-testid={`person-${k}`}
    />
  );

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={editing ? t('crm.people.form.editTitle') : t('crm.people.form.newTitle')}
      data-testid="person-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {conflict && (
            <Alert color="orange" variant="light" data-testid="person-conflict">
              <Stack gap={4}>
                <span>{conflict.message}</span>
                {existingId && (
                  <Anchor
                    component={Link}
                    to={`/people/${existingId}`}
                    onClick={onClose}
                    data-testid="person-conflict-link"
                  >
                    {t('crm.people.form.openExisting')}
                  </Anchor>
                )}
              </Stack>
            </Alert>
          )}
          <SimpleGrid cols={2}>
            {text('firstName', t('crm.people.fields.firstName'))}
            {text('lastName', t('crm.people.fields.lastName'))}
          </SimpleGrid>
          <ListInput
            label={t('crm.people.fields.emails')}
            name="emails"
            values={s.emails}
            onChange={(v) => set('emails', v)}
            errors={errors}
            placeholder="anna@example.com"
          />
          <ListInput
            label={t('crm.people.fields.phones')}
            name="phones"
            values={s.phones}
            onChange={(v) => set('phones', v)}
            errors={errors}
            placeholder="+7 912 345-67-89"
          />
          <SimpleGrid cols={2}>
            <CompanySelect
              label={t('crm.people.fields.company')}
              value={s.companyId}
              current={s.company}
              onChange={(id, c) => setS((x) => ({ ...x, companyId: id, company: c }))}
              error={errors.companyId}
              testId="person-company"
            />
            {text('position', t('crm.people.fields.position'))}
            <Select
              label={t('crm.people.fields.lifecycleStage')}
              data={LIFECYCLE_STAGES.map((v) => ({ value: v, label: t(`crm.people.stages.${v}`) }))}
              value={s.lifecycleStage}
              onChange={(v) => v && set('lifecycleStage', v)}
              allowDeselect={false}
              error={errors.lifecycleStage}
              data-testid="person-lifecycleStage"
            />
            <Select
              label={t('crm.common.owner')}
              placeholder={t('crm.common.noOwner')}
              data={(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))}
              value={s.ownerId}
              onChange={(v) => set('ownerId', v)}
              clearable
              searchable
              error={errors.ownerId}
              data-testid="person-owner"
            />
            {text('source', t('crm.people.fields.source'))}
            <DateField
              label={t('crm.people.fields.birthday')}
              value={s.birthday}
              onChange={(v) => set('birthday', v)}
              error={errors.birthday}
              clearable
              data-testid="person-birthday"
            />
          </SimpleGrid>
          <TagsInput
            label={t('crm.common.tags')}
            description={t('crm.common.tagsHint')}
            value={s.tags}
            onChange={(v) => set('tags', v)}
            error={errors.tags}
            data-testid="person-tags"
          />
          <Divider label={t('crm.common.address')} labelPosition="left" />
          {text('street', t('crm.common.street'))}
          <SimpleGrid cols={2}>
            {text('city', t('crm.common.city'))}
            {text('region', t('crm.common.region'))}
            {text('country', t('crm.common.country'))}
            {text('postalCode', t('crm.common.postalCode'))}
          </SimpleGrid>
          {(fields.data?.length ?? 0) > 0 && (
            <>
              <Divider label={t('crm.common.customFields')} labelPosition="left" />
              <CustomFieldInputs
                fields={fields.data ?? []}
                values={s.customFields}
                onChange={(v) => set('customFields', v)}
                errors={errors}
              />
            </>
          )}
          {text('externalId', t('crm.common.externalId'))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('crm.common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="person-save">
              {editing ? t('crm.common.save') : t('crm.common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
