import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, REQUEST_HEADERS, post } from '../../../api.ts';
import type { ResponseOf } from '../../../api/contract.ts';
import { notifyError, notifySuccess } from '../../../notify.ts';
import { useSession } from '../../../session.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';

/** Fetches the GDPR export (a JSON attachment) and hands it to the browser as a download. */
async function downloadExport(personId: string) {
  let res: Response;
  try {
    res = await fetch(`/api/v1/persons/${encodeURIComponent(personId)}/export`, {
      credentials: 'same-origin',
      headers: REQUEST_HEADERS,
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message || 'Network error');
  }
  if (!res.ok) {
    const err = await res.json().then(
      (j) => j?.error,
      () => null,
    );
    throw err?.code
      ? new ApiError(res.status, String(err.code), String(err.message ?? res.statusText), err.details ?? [])
      : new ApiError(res.status, 'HTTP_' + res.status, res.statusText);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `person-${personId}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * GDPR actions on a profile: export everything stored about the person as JSON, and erase the
 * person for good (the word shown must be typed to confirm). Both need cdp:write.
 */
export function PrivacyActions({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [exporting, setExporting] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [typed, setTyped] = useState('');
  const word = t('privacy.eraseWord');

  const erase = useApiMutation({
    mutationFn: () => post<ResponseOf<'eraseProfile'>>(`/persons/${personId}/erase`),
    success: (r) => t('privacy.erased', { count: r.erased.events ?? 0 }),
    onSuccess: () => {
      setErasing(false);
      qc.removeQueries({ queryKey: ['person', personId] });
      qc.removeQueries({ queryKey: ['timeline', personId] });
      navigate('/people', { replace: true });
    },
  });

  useEffect(() => {
    if (erasing) setTyped('');
  }, [erasing]);

  if (!can('cdp:write')) return null;

  const doExport = async () => {
    setExporting(true);
    try {
      await downloadExport(personId);
      notifySuccess(t('privacy.exported'));
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(false);
    }
  };
  const matches = typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();

  return (
    <Group gap="xs" ml="auto" data-testid="privacy-actions">
      <Button
        variant="default"
        size="sm"
        loading={exporting}
        onClick={() => void doExport()}
        data-testid="person-export"
      >
        {t('privacy.export')}
      </Button>
      <Button variant="light" color="red" size="sm" onClick={() => setErasing(true)} data-testid="person-erase">
        {t('privacy.erase')}
      </Button>
      <Modal opened={erasing} onClose={() => setErasing(false)} title={t('privacy.eraseTitle')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (matches) erase.mutate();
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('privacy.eraseText')}</Text>
            <TextInput
              label={t('privacy.typeWord', { word })}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              data-autofocus
              autoComplete="off"
              data-testid="erase-word"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setErasing(false)} data-testid="confirm-cancel">
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" disabled={!matches} loading={erase.isPending} data-testid="confirm-ok">
                {t('privacy.eraseConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
