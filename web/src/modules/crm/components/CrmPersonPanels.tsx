import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format.ts';
import { Field } from '../../../components/Field.tsx';
import { CustomFieldValue } from './CustomFieldInputs.tsx';
import { useCustomFields, type CrmPersonDetail } from './people-api.ts';

/** An e-mail that may wrap after its “@” (a narrow card otherwise broke it a letter before the end). */
const withBreak = (email: string) => {
  const at = email.indexOf('@');
  return at < 0 ? (
    email
  ) : (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
};

/** The CRM fields of a person, read-only; "Edit" opens the drawer. */
export function CrmDetails({ person: p, onEdit }: { person: CrmPersonDetail; onEdit?: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const fields = useCustomFields('person');
  const address = [p.street, p.city, p.region, p.postalCode, p.country].filter(Boolean).join(', ');
  const custom = fields.data ?? [];
  return (
    <Card withBorder padding="lg" data-testid="person-crm">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('crm.people.card.details')}</Title>
        {onEdit && (
          <Button size="compact-sm" variant="light" onClick={onEdit} data-testid="person-edit">
            {t('crm.common.edit')}
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        <Field label={t('crm.people.fields.emails')}>
          <Stack gap={0} data-testid="person-emails">
            {p.emails.length
              ? p.emails.map((e) => (
                  <Anchor key={e} href={`mailto:${e}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {withBreak(e)}
                  </Anchor>
                ))
              : '—'}
          </Stack>
        </Field>
        <Field label={t('crm.people.fields.phones')}>
          <Stack gap={0} data-testid="person-phones">
            {p.phones.length
              ? p.phones.map((x) => (
                  <Anchor key={x} href={`tel:${x}`} size="sm" className="kt-mono">
                    {x}
                  </Anchor>
                ))
              : '—'}
          </Stack>
        </Field>
        <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
          <Field label={t('crm.people.fields.position')}>{p.position ?? '—'}</Field>
          <Field label={t('crm.people.fields.source')}>
            {p.source ? t(`crm.people.sourceValues.${p.source}`, { defaultValue: p.source }) : '—'}
          </Field>
          <Field label={t('crm.people.fields.birthday')}>{f.date(p.birthday)}</Field>
          <Field label={t('crm.common.externalId')}>{p.externalId ?? '—'}</Field>
        </SimpleGrid>
        <Field label={t('crm.common.address')}>
          <span data-testid="person-address">{address || '—'}</span>
        </Field>
        <Field label={t('crm.common.tags')}>
          <Group gap={4} data-testid="person-tags">
            {p.tags.length
              ? p.tags.map((x) => (
                  <Badge key={x} variant="outline" tt="none" size="sm">
                    {x}
                  </Badge>
                ))
              : '—'}
          </Group>
        </Field>
        {custom.map((c) => (
          <Field key={c.key} label={c.label}>
            <span data-testid={`person-cf-${c.key}`}>
              <CustomFieldValue field={c} value={p.customFields[c.key]} />
            </span>
          </Field>
        ))}
      </Stack>
    </Card>
  );
}
