import { Badge, Button, Card, Group, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SCALE, type SurveyQuestion, type SurveyTexts } from '../api.ts';

const textIn = (t: SurveyTexts | undefined, lang: 'ru' | 'en') => t?.[lang] || t?.[lang === 'ru' ? 'en' : 'ru'] || '';

/** What the hosted page will show, in one language (the builder's preview). */
export function SurveyPreview({
  name,
  type,
  question,
  questions,
  lang,
}: {
  name: string;
  type: string;
  question: SurveyTexts;
  questions: SurveyQuestion[];
  lang: 'ru' | 'en';
}) {
  const { t } = useTranslation();
  const scale = SCALE[type];
  const numbers = (min: number, max: number) => (
    <Group gap={4}>
      {Array.from({ length: max - min + 1 }, (_, i) => (
        <Badge key={i} variant="outline" size="lg" radius="sm">
          {min + i}
        </Badge>
      ))}
    </Group>
  );
  return (
    <Card withBorder data-testid="survey-preview">
      <Stack gap="sm">
        <Title order={4}>{name || t('surveys.builder.untitled')}</Title>
        <Text>{textIn(question, lang) || t(`surveys.defaultQuestion.${type as 'nps'}`, { lng: lang })}</Text>
        {scale && numbers(scale[0], scale[1])}
        {type === 'custom' &&
          questions.map((q) => (
            <Stack key={q.key} gap={4}>
              <Text fw={500}>{textIn(q.text, lang)}</Text>
              {q.kind === 'scale' && numbers(q.min ?? 1, q.max ?? 5)}
              {q.kind === 'choice' && (
                <Stack gap={2}>
                  {(q.options ?? []).map((o, i) => (
                    <Radio key={i} label={textIn(o, lang)} readOnly checked={false} />
                  ))}
                </Stack>
              )}
              {q.kind === 'text' && <Textarea readOnly />}
            </Stack>
          ))}
        <Textarea label={t('surveys.preview.comment', { lng: lang })} readOnly />
        <Group>
          <Button disabled>{t('surveys.preview.send', { lng: lang })}</Button>
        </Group>
      </Stack>
    </Card>
  );
}
