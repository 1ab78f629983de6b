import { int, type SettingsSpec } from '../../core/config.ts';

/** The surveys' settings (merged into cx's). */
export const surveysSettings = {
  surveyRecontactDays: {
    env: 'KARTOTEKA_SURVEY_RECONTACT_DAYS',
    schema: int(0, 3650),
    default: 30,
    description:
      'No one is surveyed more than once per this many days across all surveys, unless the workspace sets its own limit (0: no limit)',
  },
} satisfies SettingsSpec;
