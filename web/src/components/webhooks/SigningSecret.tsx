import { Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../api.ts';
import type { Webhook } from '../../types.ts';
import { ConfirmModal } from '../ConfirmModal.tsx';
import { CopyText } from '../CopyText.tsx';
import { useApiMutation } from '../useApiMutation.ts';

const VERIFY_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// header: the Kartoteka-Signature request header; rawBody: the body exactly as received
function verify(secret, header, rawBody) {
  const { t, v1 } = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false; // stale: maybe a replay
  const expected = createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex');
  return v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}`;

export function SigningSecret({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const rotate = useApiMutation({
    mutationFn: () => patch<Webhook>(`/webhooks/${webhook.id}`, { rotateSecret: true }),
    success: () => t('webhooks.rotated'),
    invalidate: [['webhook', webhook.id]],
    onSuccess: () => {
      setConfirm(false);
      setShown(true);
    },
  });
  const secret = webhook.secret ?? '';
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('webhooks.secret')}</Title>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setShown((s) => !s)} data-testid="toggle-secret">
              {shown ? t('webhooks.hideSecret') : t('webhooks.showSecret')}
            </Button>
            <Button
              size="xs"
              variant="light"
              color="orange"
              onClick={() => setConfirm(true)}
              data-testid="rotate-secret"
            >
              {t('webhooks.rotate')}
            </Button>
          </Group>
        </Group>
        {shown ? (
          <CopyText value={secret} testId="webhook-secret" />
        ) : (
          <Code block>{secret.slice(0, 6) + '•'.repeat(24)}</Code>
        )}
        <Text size="sm">{t('webhooks.verifyIntro')}</Text>
        <Code block fz="xs">
          {'Kartoteka-Signature: t=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd'}
        </Code>
        <Text size="sm">{t('webhooks.verifyHow')}</Text>
        <Code block fz="xs">
          {VERIFY_SNIPPET}
        </Code>
      </Stack>
      <ConfirmModal
        opened={confirm}
        title={t('webhooks.rotateTitle')}
        message={t('webhooks.rotateText')}
        confirmLabel={t('webhooks.rotate')}
        loading={rotate.isPending}
        onConfirm={() => rotate.mutate()}
        onClose={() => setConfirm(false)}
      />
    </Card>
  );
}
