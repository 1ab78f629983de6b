export const SESSION_COOKIE = 'kt_session';
