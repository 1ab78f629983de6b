import { Alert, Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, post } from '../../../../api.ts';
import { useFormat } from '../../../../format.ts';
import { fieldErrorsOf } from '../../../../forms.ts';
import { errorMessage } from '../../../../notify.ts';
import { personLabel, type RuleJson, type SegmentPreview, usePeople } from './api.ts';

/**
 * The size of the rule being edited, asked again 400 ms after the last change (POST
 * /segments/preview computes it now, storing nothing). A refusal is not a failure of the page: its
 * messages go back to the builder by path, to show beside the conditions they name.
 */
export function usePreview(rule: RuleJson, enabled = true) {
  const [debounced] = useDebouncedValue(rule, 400);
  const key = JSON.stringify(debounced);
  const q = useQuery({
    queryKey: ['segments', 'preview', key],
    queryFn: () => post<SegmentPreview>('/segments/preview', { rule: debounced }),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 5_000,
  });
  const invalid = q.error instanceof ApiError && q.error.status < 500 && q.error.details.length > 0;
  const errors = useMemo(() => (invalid ? fieldErrorsOf(q.error) : {}), [invalid, q.error]);
  // While the rule is refused, the last size would mislead.
  const data = q.isError ? undefined : q.data;
  const pending = key !== JSON.stringify(rule) || q.isFetching;
  return { data, errors, error: q.isError && !invalid ? q.error : null, invalid, pending };
}

export function LivePreview({ preview }: { preview: ReturnType<typeof usePreview> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const sample = preview.data?.sample ?? [];
  const people = usePeople(sample);
  return (
    <Card withBorder padding="md" data-testid="segment-preview">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={5}>{t('segmentation.preview.title')}</Title>
          {preview.pending && <Loader size="xs" data-testid="preview-loading" />}
        </Group>
        {preview.invalid ? (
          <Text size="sm" c="red" data-testid="preview-invalid">
            {t('segmentation.preview.invalid')}
          </Text>
        ) : preview.error ? (
          <Alert color="red" variant="light">
            {errorMessage(preview.error)}
          </Alert>
        ) : (
          <Stack gap={2}>
            <Text size="xl" fw={700} data-testid="preview-size" data-size={preview.data?.size ?? ''}>
              {preview.data ? f.number(preview.data.size, 0) : '—'}
            </Text>
            <Text size="xs" c="dimmed">
              {t('segmentation.preview.people')}
            </Text>
          </Stack>
        )}
        {sample.length > 0 && !preview.invalid && (
          <Stack gap={4} data-testid="preview-sample">
            <Text size="xs" c="dimmed">
              {t('segmentation.preview.sample')}
            </Text>
            {sample.map((id, i) => {
              const l = personLabel(people[i]?.data, id);
              return (
                <Anchor key={id} component={Link} to={`/people/${id}`} size="sm" truncate="end" title={l.name}>
                  {l.name}
                </Anchor>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
