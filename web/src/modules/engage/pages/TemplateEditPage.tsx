import {
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, patch, post } from '../../../api.ts';
import { IconArrowLeft } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { useSession } from '../../../session.tsx';
import {
  type MessageKind,
  TEMPLATE_CHANNELS,
  TEMPLATES_KEY,
  type Template,
  type TemplateChannel,
  type TemplateFormat,
  useTemplate,
  type Variant,
} from '../api.ts';
import { TemplatePreview } from '../components/TemplatePreview.tsx';
import { TemplateVersions, TestSend } from '../components/TemplateSide.tsx';

const VARIANTS = ['default', 'ru', 'en'] as const;
type VariantKey = (typeof VARIANTS)[number];
type Texts = Record<VariantKey, { subject: string; body: string }>;

const STARTER_MJML = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Hello, {{ person.firstName | default: "friend" }}!</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

/** /messaging/templates/new and /messaging/templates/:id: the editor, its preview, versions and a test send. */
export function TemplateEditPage() {
  const { id } = useParams();
  const q = useTemplate(id);
  if (id && q.isPending) return <PageLoader />;
  if (id && q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return <TemplateEditor key={id ?? 'new'} template={q.data} />;
}

const textsOf = (x?: Template): Texts => ({
  default: { subject: x?.subject ?? '', body: x?.body ?? '' },
  ru: { subject: x?.variants?.ru?.subject ?? '', body: x?.variants?.ru?.body ?? '' },
  en: { subject: x?.variants?.en?.subject ?? '', body: x?.variants?.en?.body ?? '' },
});

function TemplateEditor({ template }: { template?: Template }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const writable = can('engage:write');
  const [name, setName] = useState(template?.name ?? '');
  const [channel, setChannel] = useState<TemplateChannel>(template?.channel ?? 'email');
  const [kind, setKind] = useState<MessageKind>(template?.kind ?? 'marketing');
  const [format, setFormat] = useState<TemplateFormat>(template?.format ?? 'mjml');
  const [texts, setTexts] = useState<Texts>(() => textsOf(template));
  const [tab, setTab] = useState<VariantKey>('default');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const isEmail = channel === 'email';
  const hasSubject = isEmail || channel === 'push';
  const saved = useMemo(() => JSON.stringify(textsOf(template)), [template]);
  const dirty =
    !!template &&
    (saved !== JSON.stringify(texts) ||
      name !== template.name ||
      kind !== template.kind ||
      (isEmail && format !== template.format));

  const setText = (v: VariantKey, field: 'subject' | 'body', value: string) =>
    setTexts((cur) => ({ ...cur, [v]: { ...cur[v], [field]: value } }));

  const body = () => {
    const variants: Record<string, Variant> = {};
    for (const v of ['ru', 'en'] as const)
      if (texts[v].body.trim())
        variants[v] = { body: texts[v].body, ...(hasSubject ? { subject: texts[v].subject || null } : {}) };
    return {
      name: name.trim(),
      kind,
      format: isEmail ? format : 'text',
      subject: hasSubject ? texts.default.subject : null,
      body: texts.default.body,
      variants,
    };
  };
  const save = useApiMutation({
    mutationFn: () =>
      template
        ? patch<Template>(`/templates/${template.id}`, body())
        : post<Template>('/templates', { channel, ...body() }),
    success: (x) =>
      template
        ? t('engage.templates.saved', { name: x.name ?? name, version: x.version ?? '' })
        : t('engage.templates.created', { name: x.name ?? name }),
    invalidate: [TEMPLATES_KEY],
    onSuccess: (x) => {
      if (!template) navigate(`/messaging/templates/${x.id}`, { replace: true });
    },
  });
  const submit = () => {
    setErrors({});
    save.mutate(undefined, { onError: (e) => e instanceof ApiError && setErrors(fieldErrorsOf(e)) });
  };
  // The server names a variant's field `variants.ru.body`; the default's `body`.
  const errorOf = (v: VariantKey, field: 'subject' | 'body') =>
    v === 'default' ? errors[field] : errors[`variants.${v}.${field}`];

  return (
    <Stack gap="md" data-testid="template-edit-page" data-id={template?.id}>
      <Anchor component={Link} to="/messaging/templates" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('engage.tabs.templates')}
        </Group>
      </Anchor>
      <PageHeader
        title={template ? t('engage.templates.editTitle', { name: template.name }) : t('engage.templates.newTitle')}
        actions={
          <Button
            onClick={submit}
            loading={save.isPending}
            disabled={!writable || !name.trim()}
            data-testid="template-save"
          >
            {t('common.save')}
          </Button>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder padding="md">
            <Stack gap="sm">
              <TextInput
                label={t('engage.common.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name}
                required
                maxLength={200}
                data-testid="template-name"
              />
              <Group grow align="flex-start">
                <Select
                  label={t('engage.common.channel')}
                  data={TEMPLATE_CHANNELS.map((c) => ({ value: c, label: t(`engage.templateChannels.${c}`) }))}
                  value={channel}
                  onChange={(v) => v && setChannel(v as TemplateChannel)}
                  disabled={!!template}
                  allowDeselect={false}
                  error={errors.channel}
                  data-testid="template-channel"
                />
                <Select
                  label={t('engage.templates.kind')}
                  data={(['marketing', 'transactional'] as const).map((k) => ({
                    value: k,
                    label: t(`engage.kinds.${k}`),
                  }))}
                  value={kind}
                  onChange={(v) => v && setKind(v as MessageKind)}
                  allowDeselect={false}
                  error={errors.kind}
                  data-testid="template-kind"
                />
              </Group>
              {isEmail && (
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    {t('engage.templates.format')}
                  </Text>
                  <SegmentedControl
                    w="fit-content"
                    value={format}
                    onChange={(v) => {
                      setFormat(v as TemplateFormat);
                      if (v === 'mjml' && !texts.default.body.trim()) setText('default', 'body', STARTER_MJML);
                    }}
                    data={(['mjml', 'html'] as const).map((k) => ({ value: k, label: t(`engage.formats.${k}`) }))}
                    data-testid="template-format"
                  />
                </Stack>
              )}
              <Tabs value={tab} onChange={(v) => v && setTab(v as VariantKey)} data-testid="template-variants">
                <Tabs.List>
                  {VARIANTS.map((v) => (
                    <Tabs.Tab key={v} value={v} data-testid={`template-variant-${v}`}>
                      {t(`engage.templates.variants.${v}`)}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
              </Tabs>
              {tab !== 'default' && (
                <Text size="xs" c="dimmed">
                  {t('engage.templates.variantHint')}
                </Text>
              )}
              {hasSubject && (
                <TextInput
                  label={isEmail ? t('engage.templates.subject') : t('engage.templates.title')}
                  value={texts[tab].subject}
                  onChange={(e) => setText(tab, 'subject', e.currentTarget.value)}
                  error={errorOf(tab, 'subject')}
                  required={isEmail && tab === 'default'}
                  data-testid="template-subject"
                />
              )}
              <Textarea
                label={t('engage.templates.body')}
                value={texts[tab].body}
                onChange={(e) => setText(tab, 'body', e.currentTarget.value)}
                error={errorOf(tab, 'body')}
                required={tab === 'default'}
                autosize
                minRows={12}
                maxRows={30}
                spellCheck={false}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                data-testid="template-body"
              />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <TemplatePreview template={template} dirty={dirty} />
            {template && writable && <TestSend template={template} />}
            {template && <TemplateVersions template={template} canWrite={writable} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
