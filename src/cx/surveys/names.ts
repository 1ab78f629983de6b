/** The surveys' job and event names (shared by the service and the follow-up). */
export const SURVEY_ANSWERED = 'Survey Answered';
export const FOLLOW_UP_JOB = 'cx.survey-follow-up';
export const SEGMENTS_JOB = 'cx.segments-evaluate';
