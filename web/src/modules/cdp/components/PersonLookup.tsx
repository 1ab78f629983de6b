import { Alert, Button, Group, Select, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, get } from '../../../api.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { notifyError } from '../../../notify.ts';
import { IDENTITY_KINDS, type IdentityKind, type Person } from '../../../types.ts';
import { IconSearch } from '../../../components/icons.tsx';
import { identityKindLabel } from './identity.ts';

/** The fixed kinds, and `external`: an external id (`external:<type>`, e.g. a loyalty card), its type typed in. */
type LookupKind = IdentityKind | 'external';
const PLACEHOLDERS: Record<LookupKind, string> = {
  email: 'anna@example.com',
  user_id: 'u-12345',
  anonymous_id: '6f1c…',
  phone: '+7 912 345-67-89',
  telegram_id: '123456789',
  vk_id: 'id12345',
  external: '7700123456',
};

/** Kind + value → the profile page; "no one has it" is an answer shown in place, not an error. */
export function PersonLookup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [kind, setKind] = useState<LookupKind>('email');
  const [externalType, setExternalType] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [notFound, setNotFound] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [typeError, setTypeError] = useState<string | undefined>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    const type = externalType.trim().toLowerCase();
    if (!v || (kind === 'external' && !type)) return;
    const sent = kind === 'external' ? `external:${type}` : kind;
    setBusy(true);
    setNotFound(null);
    setFieldError(undefined);
    setTypeError(undefined);
    try {
      const p = await get<Person>('/people/lookup', { kind: sent, value: v });
      navigate(`/people/${p.id}`);
    } catch (err) {
      const fields = err instanceof ApiError && err.code === 'VALIDATION_FAILED' ? fieldErrorsOf(err) : {};
      if (err instanceof ApiError && err.status === 404)
        setNotFound(t('people.notFound', { kind: identityKindLabel(t, sent), value: v }));
      else if (fields.value || fields.kind) {
        setFieldError(fields.value);
        setTypeError(fields.kind);
      } else notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Select
          label={t('people.kind')}
          data={[
            ...IDENTITY_KINDS.map((k) => ({ value: k, label: identityKindLabel(t, k) })),
            { value: 'external', label: t('people.kinds.external') },
          ]}
          value={kind}
          onChange={(v) => v && setKind(v as LookupKind)}
          allowDeselect={false}
          w={200}
          comboboxProps={{ withinPortal: true }}
          data-testid="lookup-kind"
        />
        {kind === 'external' && (
          <TextInput
            label={t('people.externalType')}
            placeholder="loyalty_card"
            value={externalType}
            onChange={(e) => setExternalType(e.currentTarget.value)}
            error={typeError}
            w={180}
            data-testid="lookup-external-type"
          />
        )}
        <TextInput
          label={t('people.value')}
          placeholder={PLACEHOLDERS[kind]}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={fieldError}
          style={{ flex: 1, minWidth: 240 }}
          data-testid="lookup-value"
        />
        <Button
          type="submit"
          mt={25}
          loading={busy}
          disabled={!value.trim() || (kind === 'external' && !externalType.trim())}
          leftSection={<IconSearch size={16} />}
          data-testid="lookup-submit"
        >
          {t('people.find')}
        </Button>
      </Group>
      {notFound && (
        <Alert mt="md" color="gray" variant="light" data-testid="lookup-not-found">
          {notFound}
        </Alert>
      )}
    </form>
  );
}
