import { Alert, Badge, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../api.ts';
import { errorMessage } from '../../../notify.ts';
import { type Preview, type Template, TEMPLATES_KEY } from '../api.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { previewHtml } from './preview-html.ts';

/**
 * The saved template rendered for a chosen person (POST /templates/{id}/preview), asked again a
 * moment after the person or the language changes: email in a sandboxed iframe (no scripts, no
 * access to the app), other channels as text with the SMS length and parts.
 */
export function TemplatePreview({ template, dirty }: { template: Template | undefined; dirty: boolean }) {
  const { t } = useTranslation();
  const [personId, setPersonId] = useState<string | null>(null);
  const [locale, setLocale] = useState<string | null>(null);
  const [args] = useDebouncedValue({ personId, locale }, 300);
  const q = useQuery({
    queryKey: [...TEMPLATES_KEY, template?.id ?? '', template?.version ?? 0, 'preview', args.personId, args.locale],
    queryFn: () =>
      post<Preview>(`/templates/${template!.id}/preview`, {
        ...(args.personId ? { personId: args.personId } : {}),
        ...(args.locale ? { locale: args.locale } : {}),
      }),
    enabled: !!template,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const p = q.data;
  return (
    <Card withBorder padding="md" data-testid="template-preview">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>{t('engage.templates.preview')}</Title>
          {q.isFetching && (
            <Text size="xs" c="dimmed">
              {t('engage.templates.previewLoading')}
            </Text>
          )}
        </Group>
        <PersonPicker
          label={t('engage.templates.previewFor')}
          value={personId}
          onChange={setPersonId}
          data-testid="preview-person"
        />
        <Select
          label={t('engage.templates.locale')}
          data={[
            { value: 'ru', label: t('engage.templates.variants.ru') },
            { value: 'en', label: t('engage.templates.variants.en') },
          ]}
          placeholder={t('engage.templates.localeAuto')}
          value={locale}
          onChange={setLocale}
          clearable
          data-testid="preview-locale"
        />
        {!template ? (
          <Text size="sm" c="dimmed" data-testid="preview-unsaved">
            {t('engage.templates.previewSave')}
          </Text>
        ) : (
          <>
            {dirty && (
              <Text size="xs" c="orange" data-testid="preview-dirty">
                {t('engage.templates.previewUnsaved')}
              </Text>
            )}
            {q.isError && (
              <Alert color="red" variant="light" data-testid="preview-error">
                {errorMessage(q.error)}
              </Alert>
            )}
            {p && <Rendered p={p} />}
          </>
        )}
      </Stack>
    </Card>
  );
}

function Rendered({ p }: { p: Preview }) {
  const { t } = useTranslation();
  const shown = useMemo(() => (p.html ? previewHtml(p.html) : null), [p.html]);
  return (
    <Stack gap="xs" data-testid="preview-rendered">
      {p.missing && p.missing.length > 0 && (
        <Alert color="yellow" variant="light" data-testid="preview-missing">
          {t('engage.templates.missing', { names: p.missing.join(', ') })}
        </Alert>
      )}
      {p.subject && (
        <Text size="sm" fw={600} data-testid="preview-subject" data-user-content>
          {p.subject}
        </Text>
      )}
      {shown ? (
        <iframe
          title={t('engage.templates.preview')}
          sandbox=""
          srcDoc={shown.html}
          style={{ width: '100%', height: 420, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}
          data-testid="preview-frame"
        />
      ) : (
        <Text
          size="sm"
          style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)' }}
          data-testid="preview-text"
          data-user-content
        >
          {p.text}
        </Text>
      )}
      {shown && shown.blocked > 0 && (
        <Text size="xs" c="dimmed" data-testid="preview-remote">
          {t('engage.templates.remoteBlocked')}
        </Text>
      )}
      {p.sms && (
        <Badge variant="light" data-testid="preview-sms" data-segments={p.sms.segments}>
          {t('engage.templates.sms', {
            length: p.sms.length,
            segments: p.sms.segments,
            encoding: p.sms.encoding.toUpperCase(),
          })}
        </Badge>
      )}
    </Stack>
  );
}
