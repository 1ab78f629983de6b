import { ActionIcon, Button, Card, Group, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../../../api.ts';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useSession } from '../../../../session.tsx';
import { CANNED_KEY, type CannedResponse, cannedTitle, useCanned } from '../../api.ts';
import { DeleteConfirm, NewButton, NotAvailable } from './Crud.tsx';

/** Canned responses: answers the team gives often, inserted from the reply box. */
export function CannedSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useCanned();
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data === null) return <NotAvailable />;
  return (
    <>
      <NewButton
        label={t('service.settings.canned.new')}
        onClick={() => setEditing('new')}
        testId="canned-new"
        can={can('service:write')}
      />
      {q.data.length === 0 ? (
        <Empty testId="canned-empty" title={t('service.settings.canned.empty')} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="canned-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('service.settings.canned.title')}</Table.Th>
                  <Table.Th>{t('service.settings.canned.body')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((c) => (
                  <Table.Tr
                    key={c.id}
                    data-testid="canned-row"
                    style={{ cursor: can('service:write') ? 'pointer' : undefined }}
                    onClick={() => can('service:write') && setEditing(c)}
                  >
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {cannedTitle(c)}
                      </Text>
                      {c.shortcut && (
                        <Text size="xs" c="dimmed" className="kt-mono">
                          {c.shortcut}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2} maw={520}>
                        {c.body}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {can('service:write') && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('service.settings.delete')}
                          onClick={(e) => {
                            e.stopPropagation();
                            setDeleting(c);
                          }}
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {editing && <CannedModal current={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <DeleteConfirm
        target={deleting ? { id: deleting.id, name: cannedTitle(deleting) } : null}
        path="/canned-responses"
        queryKey={CANNED_KEY}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

function CannedModal({ current, onClose }: { current: CannedResponse | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(current ? cannedTitle(current) : '');
  const [shortcut, setShortcut] = useState(current?.shortcut ?? '');
  const [body, setBody] = useState(current?.body ?? '');
  const save = useApiMutation({
    mutationFn: () => {
      const b = { title: title.trim(), body, ...(shortcut.trim() ? { shortcut: shortcut.trim() } : {}) };
      return current ? patch(`/canned-responses/${current.id}`, b) : post('/canned-responses', b);
    },
    success: () => (current ? t('service.settings.saved') : t('service.settings.canned.created')),
    invalidate: [CANNED_KEY],
    onSuccess: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={current ? cannedTitle(current) : t('service.settings.canned.new')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('service.settings.canned.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          required
          data-testid="canned-title"
        />
        <TextInput
          label={t('service.settings.canned.shortcut')}
          value={shortcut}
          onChange={(e) => setShortcut(e.currentTarget.value)}
        />
        <Textarea
          label={t('service.settings.canned.body')}
          autosize
          minRows={4}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          required
          data-testid="canned-body"
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!title.trim() || !body.trim()}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="canned-save"
          >
            {current ? t('common.save') : t('service.settings.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
