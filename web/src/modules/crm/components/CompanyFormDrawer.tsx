import { Button, Divider, Drawer, Group, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../../api.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { CustomFieldInputs } from './CustomFieldInputs.tsx';
import { COMPANIES_KEY, COMPANY_KEY, useCustomFields, useMembers, type Company } from './people-api.ts';

const TEXT = [
  'name',
  'domain',
  'industry',
  'size',
  'phone',
  'website',
  'street',
  'city',
  'region',
  'country',
  'postalCode',
  'externalId',
] as const;
type TextKey = (typeof TEXT)[number];
type State = Record<TextKey, string> & {
  ownerId: string | null;
  tags: string[];
  customFields: Record<string, unknown>;
};

const fromCompany = (c: Company | null): State => ({
  ...(Object.fromEntries(TEXT.map((k) => [k, (c?.[k] as string | null) ?? ''])) as Record<TextKey, string>),
  ownerId: c?.ownerId ?? null,
  tags: c?.tags ?? [],
  customFields: { ...(c?.customFields ?? {}) },
});

export function CompanyFormDrawer({
  opened,
  company,
  onClose,
  onSaved,
}: {
  opened: boolean;
  company: Company | null;
  onClose: () => void;
  onSaved?: (c: Company) => void;
}) {
  const { t } = useTranslation();
  const editing = !!company;
  const [s, setS] = useState<State>(() => fromCompany(company));
  const members = useMembers();
  const fields = useCustomFields('company');
  const save = useApiMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { tags: s.tags, ownerId: s.ownerId ?? (editing ? null : undefined) };
      for (const k of TEXT) body[k] = s[k].trim() ? s[k].trim() : editing ? null : undefined;
      const cf: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.customFields))
        if (v !== null && v !== undefined && v !== '') cf[k] = v;
        else if (editing) cf[k] = null;
      body.customFields = cf;
      return company ? patch<Company>(`/companies/${company.id}`, body) : post<Company>('/companies', body);
    },
    success: (c) => (editing ? t('crm.companies.updated') : t('crm.companies.created', { name: c.name })),
    invalidate: [COMPANIES_KEY, COMPANY_KEY],
    onSuccess: (c) => {
      onSaved?.(c);
      onClose();
    },
  });
  useEffect(() => {
    if (opened) {
      setS(fromCompany(company));
      save.reset();
    }
  }, [opened, company]);
  const errors = fieldErrorsOf(save.error);
  const text = (k: TextKey, label: string) => (
    <TextInput
      label={label}
      value={s[k]}
      onChange={(e) => setS({ ...s, [k]: e.currentTarget.value })}
      error={errors[k]}
      data-testid={`company-${k}`}
    />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={editing ? t('crm.companies.editTitle') : t('crm.companies.newTitle')}
      data-testid="company-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {text('name', t('crm.companies.fields.name'))}
          <SimpleGrid cols={2}>
            {text('domain', t('crm.companies.fields.domain'))}
            {text('website', t('crm.companies.fields.website'))}
            {text('industry', t('crm.companies.fields.industry'))}
            {text('size', t('crm.companies.fields.size'))}
            {text('phone', t('crm.companies.fields.phone'))}
            <Select
              label={t('crm.common.owner')}
              placeholder={t('crm.common.noOwner')}
              data={(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))}
              value={s.ownerId}
              onChange={(v) => setS({ ...s, ownerId: v })}
              clearable
              searchable
              error={errors.ownerId}
            />
          </SimpleGrid>
          <TagsInput
            label={t('crm.common.tags')}
            description={t('crm.common.tagsHint')}
            value={s.tags}
            onChange={(v) => setS({ ...s, tags: v })}
            error={errors.tags}
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
                onChange={(v) => setS({ ...s, customFields: v })}
                errors={errors}
              />
            </>
          )}
          {text('externalId', t('crm.common.externalId'))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('crm.common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!s.name.trim()} data-testid="company-save">
              {editing ? t('crm.common.save') : t('crm.common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
