import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch, post } from '../../../../api.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import { CallScriptPanel } from '../../components/CallScriptPanel.tsx';
import { fetchScripts, SCRIPTS_KEY } from '../../components/sales-api.ts';
import type { CallScript, CallScriptStep } from '../../components/sales-types.ts';
import { IconDots, IconPlus } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { fieldErrorsOf } from '../../../../forms.ts';
import { useSession } from '../../../../session.tsx';

export function CallScriptsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const writable = can('crm:write');
  const list = useQuery({ queryKey: SCRIPTS_KEY, queryFn: fetchScripts });
  const [editing, setEditing] = useState<CallScript | 'new' | null>(null);
  const [preview, setPreview] = useState<CallScript | null>(null);
  const [deleting, setDeleting] = useState<CallScript | null>(null);
  const remove = useApiMutation({
    mutationFn: (s: CallScript) => del(`/call-scripts/${s.id}`),
    success: (_, s) => t('crm.activities.scripts.deleted', { name: s.name }),
    invalidate: [SCRIPTS_KEY],
    onSuccess: () => setDeleting(null),
  });
  const scripts = list.data ?? [];
  const add = writable && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-script">
      {t('crm.activities.scripts.add')}
    </Button>
  );
  return (
    <>
      <PageHeader
        title={t('crm.activities.scripts.title')}
        description={t('crm.activities.scripts.description')}
        actions={scripts.length > 0 && add}
      />
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : scripts.length === 0 ? (
        <Empty
          testId="scripts-empty"
          title={t('crm.activities.scripts.empty')}
          description={t('crm.activities.scripts.emptyText')}
          action={add || undefined}
        />
      ) : (
        <Card withBorder padding={0}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="scripts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crm.activities.scripts.name')}</Table.Th>
                <Table.Th>{t('crm.activities.scripts.steps')}</Table.Th>
                <Table.Th>{t('crm.activities.scripts.active')}</Table.Th>
                <Table.Th w={60} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {scripts.map((s) => (
                <Table.Tr key={s.id} className={s.active ? undefined : 'kt-row-muted'}>
                  <Table.Td>
                    <Text size="sm" fw={500} style={{ cursor: 'pointer' }} onClick={() => setPreview(s)}>
                      {s.name}
                    </Text>
                  </Table.Td>
                  <Table.Td fz="sm">{t('crm.activities.scripts.stepsCount', { count: s.steps.length })}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s.active ? 'teal' : 'gray'}>
                      {s.active ? t('crm.activities.scripts.active') : t('crm.activities.scripts.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {writable && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}>
                            <IconDots />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setEditing(s)}>{t('common.edit')}</Menu.Item>
                          <Menu.Item color="red" onClick={() => setDeleting(s)}>
                            {t('common.delete')}
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
      )}
      <ScriptFormModal script={editing} onClose={() => setEditing(null)} />
      <Modal opened={!!preview} onClose={() => setPreview(null)} withCloseButton={false} size="lg" centered>
        {preview && <CallScriptPanel script={preview} onClose={() => setPreview(null)} />}
      </Modal>
      <ConfirmModal
        opened={!!deleting}
        title={deleting ? t('crm.activities.scripts.deleteTitle', { name: deleting.name }) : ''}
        message={t('crm.activities.scripts.deleteText')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

function ScriptFormModal({ script, onClose }: { script: CallScript | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const existing = script && script !== 'new' ? script : null;
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const [active, setActive] = useState(true);
  const [steps, setSteps] = useState<CallScriptStep[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!script) return;
    setName(existing?.name ?? '');
    setBody(existing?.body ?? '');
    setActive(existing?.active ?? true);
    setSteps(existing?.steps.map((s) => ({ ...s })) ?? [{ title: '', text: '' }]);
    setErrors({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [script]);
  const save = useApiMutation({
    mutationFn: () => {
      const payload = {
        name: name.trim(),
        body,
        active,
        steps: steps
          .filter((s) => s.title.trim() || s.text.trim())
          .map((s) => ({ title: s.title.trim(), text: s.text })),
      };
      return existing
        ? patch<CallScript>(`/call-scripts/${existing.id}`, payload)
        : post<CallScript>('/call-scripts', payload);
    },
    success: (s) =>
      existing
        ? t('crm.activities.scripts.saved', { name: s.name })
        : t('crm.activities.scripts.created', { name: s.name }),
    invalidate: [SCRIPTS_KEY],
    onSuccess: onClose,
  });
  const setStep = (i: number, patchStep: Partial<CallScriptStep>) =>
    setSteps((ss) => ss.map((s, j) => (j === i ? { ...s, ...patchStep } : s)));
  return (
    <Modal
      opened={!!script}
      onClose={onClose}
      title={
        existing
          ? t('crm.activities.scripts.editTitle', { name: existing.name })
          : t('crm.activities.scripts.createTitle')
      }
      size="lg"
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined, { onError: (err) => setErrors(fieldErrorsOf(err)) });
        }}
      >
        <Stack>
          <TextInput
            label={t('crm.activities.scripts.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-autofocus
            data-testid="script-name"
          />
          <Textarea
            label={t('crm.activities.scripts.body')}
            autosize
            minRows={2}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={errors.body}
          />
          <Text fw={600} size="sm">
            {t('crm.activities.scripts.steps')}
          </Text>
          {steps.map((s, i) => (
            <Card key={i} withBorder padding="sm">
              <Stack gap="xs">
                <Group wrap="nowrap" align="flex-end">
                  <TextInput
                    style={{ flex: 1 }}
                    label={`${i + 1}. ${t('crm.activities.scripts.stepTitle')}`}
                    value={s.title}
                    onChange={(e) => setStep(i, { title: e.currentTarget.value })}
                    error={errors[`steps.${i}.title`]}
                    data-testid={`script-step-title-${i}`}
                  />
                  <Button variant="subtle" color="red" onClick={() => setSteps((ss) => ss.filter((_, j) => j !== i))}>
                    {t('crm.activities.scripts.removeStep')}
                  </Button>
                </Group>
                <Textarea
                  label={t('crm.activities.scripts.stepText')}
                  autosize
                  minRows={2}
                  value={s.text}
                  onChange={(e) => setStep(i, { text: e.currentTarget.value })}
                  error={errors[`steps.${i}.text`]}
                  data-testid={`script-step-text-${i}`}
                />
              </Stack>
            </Card>
          ))}
          <Button
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setSteps((ss) => [...ss, { title: '', text: '' }])}
            data-testid="script-add-step"
          >
            {t('crm.activities.scripts.addStep')}
          </Button>
          <Switch
            label={t('crm.activities.scripts.active')}
            description={t('crm.activities.scripts.activeHint')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()} data-testid="script-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
