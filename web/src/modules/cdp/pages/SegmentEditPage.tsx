import { Anchor, Button, Card, Grid, Group, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
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
  kindOf,
  type RuleJson,
  SEGMENTS_KEY,
  type Segment,
  type SegmentKind,
  useSegment,
} from '../components/segments/api.ts';
import { LivePreview, usePreview } from '../components/segments/LivePreview.tsx';
import { asRoot, RuleBuilder } from '../components/segments/RuleBuilder.tsx';
import { SegmentVersions } from '../components/segments/SegmentVersions.tsx';

/** /segments/new and /segments/:id/edit: name, description and the rule, with its live size. */
export function SegmentEditPage() {
  const { id } = useParams();
  const q = useSegment(id);
  if (id && q.isPending) return <PageLoader />;
  if (id && q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return <SegmentEditor key={id ?? 'new'} segment={q.data} />;
}

function SegmentEditor({ segment }: { segment?: Segment }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [kind, setKind] = useState<SegmentKind>(segment ? kindOf(segment) : 'rule');
  const [rule, setRule] = useState<RuleJson>(() => segment?.rule ?? { all: [] });
  const [saveErrors, setSaveErrors] = useState<Record<string, string>>({});
  const isRule = kind === 'rule';
  const preview = usePreview(rule, isRule);
  // A change to what was refused clears the refusal; the live preview speaks for the rule from then on.
  const changeRule = (r: RuleJson) => {
    setRule(r);
    setSaveErrors({});
  };
  const errors = useMemo(() => ({ ...preview.errors, ...saveErrors }), [preview.errors, saveErrors]);

  const save = useApiMutation({
    mutationFn: () => {
      const body = { name: name.trim(), description: description.trim() || null };
      if (segment) return patch<Segment>(`/segments/${segment.id}`, isRule ? { ...body, rule } : body);
      return post<Segment>('/segments', isRule ? { ...body, rule } : { ...body, kind: 'list' });
    },
    success: (s) => t('segmentation.saved', { name: s.name }),
    invalidate: [SEGMENTS_KEY],
    onSuccess: (s) => navigate(`/segments/${s.id}`),
  });
  const submit = () => {
    setSaveErrors({});
    save.mutate(undefined, {
      onError: (e) => {
        if (e instanceof ApiError) setSaveErrors(fieldErrorsOf(e));
      },
    });
  };

  return (
    <Stack gap="md" data-testid="segment-edit-page">
      <Anchor component={Link} to={segment ? `/segments/${segment.id}` : '/segments'} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {segment ? segment.name : t('nav.segments')}
        </Group>
      </Anchor>
      <PageHeader
        title={segment ? t('segmentation.editTitle') : t('segmentation.newTitle')}
        description={isRule ? t('segmentation.ruleHint') : t('segmentation.listHint')}
        actions={
          <Button
            onClick={submit}
            loading={save.isPending}
            disabled={!name.trim() || !can('cdp:write')}
            data-testid="segment-save"
          >
            {t('common.save')}
          </Button>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: isRule ? 8 : 12 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Stack gap="sm">
                {!segment && (
                  <Stack gap={4}>
                    <Text size="sm" fw={500}>
                      {t('segmentation.kind')}
                    </Text>
                    <SegmentedControl
                      w="fit-content"
                      value={kind}
                      onChange={(v) => setKind(v as SegmentKind)}
                      data={[
                        { value: 'rule', label: t('segmentation.kinds.rule') },
                        { value: 'list', label: t('segmentation.kinds.list') },
                      ]}
                      data-testid="segment-kind"
                    />
                  </Stack>
                )}
                <TextInput
                  label={t('segmentation.name')}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  error={saveErrors.name}
                  maxLength={200}
                  required
                  data-testid="segment-name"
                />
                <Textarea
                  label={t('segmentation.description')}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                  error={saveErrors.description}
                  autosize
                  minRows={2}
                  maxLength={2000}
                  data-testid="segment-description"
                />
              </Stack>
            </Card>
            {isRule && (
              <RuleBuilder
                rule={rule}
                onChange={changeRule}
                errors={errors}
                selfId={segment?.id}
                readOnly={!can('cdp:write')}
              />
            )}
          </Stack>
        </Grid.Col>
        {isRule && (
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md" style={{ position: 'sticky', top: 16 }}>
              <LivePreview preview={preview} />
              {segment && (
                <SegmentVersions id={segment.id} current={segment.version} onLoad={(r) => changeRule(asRoot(r))} />
              )}
            </Stack>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
