import {
  Button,
  Card,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SURVEY_TYPES, type Survey, type SurveyQuestion, type SurveyTexts, useSegmentOptions } from '../api.ts';
import { SurveyPreview } from './SurveyPreview.tsx';

export interface SurveyDraft {
  name: string;
  type: string;
  question: SurveyTexts;
  thanks: SurveyTexts;
  questions: SurveyQuestion[];
  segmentId: string | null;
  channels: string[];
}

export const draftOf = (s?: Survey): SurveyDraft => ({
  name: s?.name ?? '',
  type: s?.type ?? 'nps',
  question: s?.question ?? {},
  thanks: s?.thanks ?? {},
  questions: s?.questions ?? [],
  segmentId: s?.segmentId ?? null,
  channels: s?.channels ?? [],
});

/** The survey builder: type, RU/EN texts, custom questions, targeting, with the hosted page's preview beside it. */
export function SurveyBuilder({
  initial,
  locked,
  saving,
  onSave,
}: {
  initial?: Survey;
  /** A survey with answers keeps its type. */
  locked?: boolean;
  saving: boolean;
  onSave: (d: SurveyDraft) => void;
}) {
  const { t } = useTranslation();
  const [d, setD] = useState<SurveyDraft>(draftOf(initial));
  const [lang, setLang] = useState<'ru' | 'en'>('ru');
  const segments = useSegmentOptions();
  const set = (patch: Partial<SurveyDraft>) => setD((x) => ({ ...x, ...patch }));
  const setQ = (i: number, patch: Partial<SurveyQuestion>) =>
    set({ questions: d.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) });
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Card withBorder>
          <Stack>
            <TextInput
              label={t('surveys.builder.name')}
              value={d.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
              required
              data-testid="survey-name"
            />
            <Select
              label={t('surveys.builder.type')}
              data={SURVEY_TYPES.map((x) => ({ value: x, label: t(`surveys.types.${x}`) }))}
              value={d.type}
              onChange={(v) => v && set({ type: v })}
              disabled={locked}
              allowDeselect={false}
              data-testid="survey-type"
            />
            <SegmentedControl
              value={lang}
              onChange={(v) => setLang(v as 'ru' | 'en')}
              data={[
                { value: 'ru', label: 'RU' },
                { value: 'en', label: 'EN' },
              ]}
            />
            <TextInput
              label={t('surveys.builder.question', { lang: lang.toUpperCase() })}
              value={d.question[lang] ?? ''}
              onChange={(e) => set({ question: { ...d.question, [lang]: e.currentTarget.value } })}
              placeholder={t(`surveys.defaultQuestion.${d.type as 'nps'}`, { lng: lang })}
              data-testid={`survey-question-${lang}`}
            />
            <TextInput
              label={t('surveys.builder.thanks', { lang: lang.toUpperCase() })}
              value={d.thanks[lang] ?? ''}
              onChange={(e) => set({ thanks: { ...d.thanks, [lang]: e.currentTarget.value } })}
            />
            {d.type === 'custom' && (
              <Stack gap="xs">
                <Text fw={500}>{t('surveys.builder.questions')}</Text>
                {d.questions.map((q, i) => (
                  <Card key={i} withBorder padding="xs">
                    <Group align="end" wrap="nowrap">
                      <Select
                        label={t('surveys.builder.kind')}
                        data={['scale', 'choice', 'text'].map((k) => ({
                          value: k,
                          label: t(`surveys.kinds.${k as 'text'}`),
                        }))}
                        value={q.kind}
                        onChange={(v) => v && setQ(i, { kind: v as SurveyQuestion['kind'] })}
                        w={130}
                      />
                      <TextInput
                        label={t('surveys.builder.questionText', { lang: lang.toUpperCase() })}
                        value={q.text[lang] ?? ''}
                        onChange={(e) => setQ(i, { text: { ...q.text, [lang]: e.currentTarget.value } })}
                        style={{ flex: 1 }}
                      />
                      <Button
                        variant="subtle"
                        color="red"
                        onClick={() => set({ questions: d.questions.filter((_, j) => j !== i) })}
                      >
                        {t('surveys.builder.removeQuestion')}
                      </Button>
                    </Group>
                    {q.kind === 'scale' && (
                      <Group mt="xs">
                        <NumberInput
                          label={t('surveys.builder.min')}
                          value={q.min ?? 1}
                          onChange={(v) => setQ(i, { min: Number(v) })}
                          w={100}
                        />
                        <NumberInput
                          label={t('surveys.builder.max')}
                          value={q.max ?? 5}
                          onChange={(v) => setQ(i, { max: Number(v) })}
                          w={100}
                        />
                      </Group>
                    )}
                    {q.kind === 'choice' && (
                      <TextInput
                        mt="xs"
                        label={t('surveys.builder.options', { lang: lang.toUpperCase() })}
                        value={(q.options ?? []).map((o) => o[lang] ?? '').join('; ')}
                        onChange={(e) =>
                          setQ(i, {
                            options: e.currentTarget.value
                              .split(';')
                              .map((x, j) => ({ ...(q.options?.[j] ?? {}), [lang]: x.trim() })),
                          })
                        }
                      />
                    )}
                  </Card>
                ))}
                <Button
                  variant="light"
                  onClick={() =>
                    set({
                      questions: [
                        ...d.questions,
                        { key: `q${d.questions.length + 1}`, kind: 'scale', text: {}, min: 1, max: 5 },
                      ],
                    })
                  }
                >
                  {t('surveys.builder.addQuestion')}
                </Button>
              </Stack>
            )}
            <Select
              label={t('surveys.builder.segment')}
              data={segments.data ?? []}
              value={d.segmentId}
              onChange={(v) => set({ segmentId: v })}
              clearable
              searchable
            />
            <MultiSelect
              label={t('surveys.builder.channels')}
              data={['email', 'sms', 'telegram', 'chat', 'link'].map((c) => ({
                value: c,
                label: t(`surveys.channels.${c as 'link'}`),
              }))}
              value={d.channels}
              onChange={(v) => set({ channels: v })}
            />
            <Group>
              <Button onClick={() => onSave(d)} loading={saving} disabled={!d.name.trim()} data-testid="survey-save">
                {t('surveys.builder.save')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Text size="sm" c="dimmed" mb={4}>
          {t('surveys.builder.preview', { lang: lang.toUpperCase() })}
        </Text>
        <SurveyPreview name={d.name} type={d.type} question={d.question} questions={d.questions} lang={lang} />
      </Grid.Col>
    </Grid>
  );
}

/** The draft as the API takes it (empty texts left out). */
export function bodyOf(d: SurveyDraft) {
  const clean = (x: SurveyTexts) => Object.fromEntries(Object.entries(x).filter(([, v]) => v?.trim())) as SurveyTexts;
  return {
    name: d.name.trim(),
    type: d.type,
    ...(Object.keys(clean(d.question)).length ? { question: clean(d.question) } : {}),
    thanks: clean(d.thanks),
    ...(d.type === 'custom' ? { questions: d.questions } : {}),
    segmentId: d.segmentId,
    channels: d.channels,
  };
}
