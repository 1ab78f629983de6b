import { Button, Group, Modal, Paper, Select, Stack, Tabs, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch, post } from '../../../api.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useSession } from '../../../session.tsx';
import { type KbArticle, KB_KEY, KB_LOCALES, KB_STATUSES } from './api.ts';
import { Markdown } from './Markdown.tsx';

/** The article editor: title, language, status, tags and the text with its preview; delete. */
export function ArticleModal({ article, onClose }: { article: KbArticle | 'new' | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const writable = can('service:write');
  const existing = article && article !== 'new' ? article : null;
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [locale, setLocale] = useState<string>('ru');
  const [status, setStatus] = useState<string>('draft');
  const [tags, setTags] = useState<string[]>([]);
  const [tab, setTab] = useState<string | null>('write');
  const [confirm, setConfirm] = useState(false);
  useEffect(() => {
    if (!article) return;
    setTitle(existing?.title ?? '');
    setBody(existing?.body ?? '');
    setLocale(existing?.locale ?? (i18n.language.startsWith('en') ? 'en' : 'ru'));
    setStatus(existing?.status ?? 'draft');
    setTags(existing?.tags ?? []);
    setTab('write');
    setConfirm(false);
  }, [article, existing, i18n.language]);
  const input = { title: title.trim(), body: body.trim(), locale, status, tags };
  const save = useApiMutation({
    mutationFn: () =>
      existing ? patch<KbArticle>(`/kb/articles/${existing.id}`, input) : post<KbArticle>('/kb/articles', input),
    success: () => (existing ? t('service.kb.saved') : t('service.kb.created')),
    invalidate: [KB_KEY],
    onSuccess: onClose,
  });
  const remove = useApiMutation({
    mutationFn: () => del(`/kb/articles/${existing!.id}`),
    success: () => t('service.kb.deleted'),
    invalidate: [KB_KEY],
    onSuccess: onClose,
  });
  return (
    <Modal opened={!!article} onClose={onClose} title={existing ? t('service.kb.edit') : t('service.kb.new')} size="xl">
      <Stack gap="sm" data-testid="kb-editor">
        <TextInput
          label={t('service.kb.fields.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          required
          maxLength={300}
          readOnly={!writable}
          data-testid="kb-title"
        />
        <Group grow>
          <Select
            label={t('service.kb.locale')}
            data={KB_LOCALES.map((l) => ({ value: l, label: t(`service.kb.locales.${l}`) }))}
            value={locale}
            onChange={(v) => v && setLocale(v)}
            allowDeselect={false}
            readOnly={!writable}
            data-testid="kb-edit-locale"
          />
          <Select
            label={t('service.kb.status')}
            data={KB_STATUSES.map((s) => ({ value: s, label: t(`service.kb.statuses.${s}`) }))}
            value={status}
            onChange={(v) => v && setStatus(v)}
            allowDeselect={false}
            readOnly={!writable}
            data-testid="kb-edit-status"
          />
        </Group>
        <TagsInput
          label={t('service.kb.fields.tags')}
          description={t('service.kb.fields.tagsHint')}
          value={tags}
          onChange={setTags}
          maxTags={30}
          readOnly={!writable}
          data-testid="kb-tags"
        />
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="write" data-testid="kb-tab-write">
              {t('service.kb.write')}
            </Tabs.Tab>
            <Tabs.Tab value="preview" data-testid="kb-tab-preview">
              {t('service.kb.preview')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write" pt="xs">
            <Textarea
              aria-label={t('service.kb.fields.body')}
              description={t('service.kb.fields.bodyHint')}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={8}
              maxRows={20}
              maxLength={50_000}
              readOnly={!writable}
              data-testid="kb-body"
            />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            <Paper withBorder p="sm" mih={160}>
              {body.trim() ? <Markdown text={body} testId="kb-preview" /> : <Text c="dimmed">—</Text>}
            </Paper>
          </Tabs.Panel>
        </Tabs>
        {writable && (
          <Group justify="space-between">
            {existing ? (
              confirm ? (
                <Group gap="xs">
                  <Text size="sm">{t('service.kb.deleteConfirm', { title: existing.title })}</Text>
                  <Button
                    color="red"
                    size="xs"
                    onClick={() => remove.mutate()}
                    loading={remove.isPending}
                    data-testid="kb-delete-confirm"
                  >
                    {t('service.kb.delete')}
                  </Button>
                  <Button variant="default" size="xs" onClick={() => setConfirm(false)}>
                    {t('service.kb.cancel')}
                  </Button>
                </Group>
              ) : (
                <Button variant="subtle" color="red" onClick={() => setConfirm(true)} data-testid="kb-delete">
                  {t('service.kb.delete')}
                </Button>
              )
            ) : (
              <span />
            )}
            <Button
              onClick={() => save.mutate()}
              loading={save.isPending}
              disabled={!title.trim() || !body.trim()}
              data-testid="kb-save"
            >
              {t('service.kb.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
