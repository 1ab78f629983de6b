/**
 * Roles and what each may do. A route declares one permission; an API key or a member has one
 * role. Later modules add their permissions here so the whole matrix is in one place.
 */
export const ROLES = ['admin', 'manager', 'marketer', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'account:self': { en: 'See and change my own profile', ru: 'Видеть и менять свой профиль' },
  'settings:read': { en: 'See workspace settings, users and roles', ru: 'Видеть настройки, пользователей и роли' },
  'settings:manage': {
    en: 'Manage users, API keys, webhooks and workspace settings',
    ru: 'Управлять пользователями, API-ключами, вебхуками и настройками',
  },
  'audit:read': { en: 'Browse the audit log', ru: 'Просматривать журнал аудита' },
  'jobs:read': { en: 'See background jobs', ru: 'Видеть фоновые задачи' },
  'jobs:manage': { en: 'Retry and cancel background jobs', ru: 'Перезапускать и отменять фоновые задачи' },
  'crm:read': { en: 'Read people, companies, deals and activities', ru: 'Читать людей, компании, сделки и активности' },
  'crm:write': {
    en: 'Change people, companies, deals and activities',
    ru: 'Изменять людей, компании, сделки и активности',
  },
  'cdp:read': {
    en: 'Read profiles, events, segments and sources',
    ru: 'Читать профили, события, сегменты и источники',
  },
  'cdp:write': {
    en: 'Manage sources, segments, traits and merges',
    ru: 'Управлять источниками, сегментами, признаками и слияниями',
  },
  'engage:read': { en: 'Read campaigns, journeys and messages', ru: 'Читать кампании, сценарии и сообщения' },
  'engage:write': { en: 'Create and launch campaigns and journeys', ru: 'Создавать и запускать кампании и сценарии' },
  'loyalty:read': { en: 'Read promotions, offers and bonus points', ru: 'Читать акции, предложения и бонусные баллы' },
  'loyalty:write': {
    en: 'Manage promotions; earn, spend and adjust bonus points',
    ru: 'Управлять акциями; начислять, списывать и корректировать баллы',
  },
  'service:read': { en: 'Read conversations and tickets', ru: 'Читать обращения и тикеты' },
  'service:write': { en: 'Answer conversations and handle tickets', ru: 'Отвечать на обращения и работать с тикетами' },
  'insights:read': { en: 'Read models, scores and reports', ru: 'Читать модели, оценки и отчёты' },
  'insights:write': { en: 'Train and configure models', ru: 'Обучать и настраивать модели' },
  'cx:read': { en: 'Read surveys, mentions and alerts', ru: 'Читать опросы, упоминания и оповещения' },
  'cx:write': {
    en: 'Run surveys, connect mention sources, set alerts',
    ru: 'Проводить опросы, подключать источники упоминаний, настраивать оповещения',
  },
} as const;
export type Permission = keyof typeof PERMISSIONS;

const READS: Permission[] = [
  'account:self',
  'crm:read',
  'cdp:read',
  'engage:read',
  'loyalty:read',
  'service:read',
  'insights:read',
  'cx:read',
  'jobs:read',
  'settings:read',
];

export const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  admin: Object.keys(PERMISSIONS) as Permission[],
  manager: [...READS, 'crm:write', 'audit:read'],
  marketer: [...READS, 'cdp:write', 'engage:write', 'loyalty:write', 'insights:write', 'cx:write', 'jobs:manage'],
  // The call centre adjusts a member's points when a till failed or a complaint is settled.
  agent: [...READS, 'service:write', 'crm:write', 'loyalty:write'],
  viewer: [...READS],
};

export const ROLE_DESCRIPTIONS: Record<Role, { en: string; ru: string }> = {
  admin: { en: 'Everything, including users, keys and webhooks', ru: 'Всё, включая пользователей, ключи и вебхуки' },
  manager: {
    en: 'Sales: people, companies, deals, activities, reports',
    ru: 'Продажи: люди, компании, сделки, активности, отчёты',
  },
  marketer: { en: 'Segments, campaigns, journeys, models', ru: 'Сегменты, кампании, сценарии, модели' },
  agent: { en: 'Inbox and tickets, client cards', ru: 'Входящие и тикеты, карточки клиентов' },
  viewer: { en: 'Read-only access', ru: 'Только чтение' },
};

export const can = (role: string, permission: Permission): boolean =>
  (ROLE_PERMISSIONS as Record<string, Permission[]>)[role]?.includes(permission) ?? false;
