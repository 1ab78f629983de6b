import crm_common from './common.en.ts';
import crm_people from './people.en.ts';
import crm_companies from './companies.en.ts';
import crm_deals from './deals.en.ts';
import crm_activities from './activities.en.ts';
import crm_imports from './imports.en.ts';
import crm_reports from './reports.en.ts';

/** The CRM's English texts, merged into the app's dictionary at start (web/src/i18n/en.ts). */
const en = {
  crm: {
    common: crm_common,
    people: crm_people,
    companies: crm_companies,
    deals: crm_deals,
    activities: crm_activities,
    imports: crm_imports,
    reports: crm_reports,
  },
  nav: {
    people: 'People',
    companies: 'Companies',
    deals: 'Deals',
    agenda: 'Today',
    activities: 'Activities',
    reports: 'Reports',
    settings: {
      pipelines: 'Pipelines',
      callScripts: 'Call scripts',
      customFields: 'Custom fields',
    },
  },
  dashboard: {
    links: {
      pipelines: 'Sales pipelines and their stages',
      callScripts: 'What operators say on a call, step by step',
      customFields: 'Extra fields on people, companies and deals',
    },
  },
  modules: {
    people: {
      description: 'Unified customer profiles: anonymous visitors, leads and customers with one timeline.',
      features: [
        'One profile per person across email, phone, messengers and site visits',
        'Timeline of every event, message, deal and ticket',
        'Merging duplicates, with undo',
      ],
    },
    companies: {
      description: 'Organisations your people belong to, with their deals and history.',
      features: ['Company cards with contacts and deals', 'Hierarchies and key accounts', 'Import from CSV'],
    },
    deals: {
      description: 'Sales pipelines: stages, amounts, owners and forecasts.',
      features: [
        'Pipeline board with drag and drop',
        'Activities and tasks on each deal',
        'Win rate and forecast reports',
      ],
    },
    agenda: {
      description: 'Your day: tasks due today and overdue, regular contacts that are due.',
      features: ['Overdue and today’s tasks', 'Cadence tasks', 'One-click complete'],
    },
    activities: {
      description: 'Calls, meetings, visits, tasks, notes and emails, with call scripts and cadences.',
      features: ['Log a call with a call script', 'Tasks with reminders', 'Regular contacts every N days'],
    },
    reports: {
      description: 'Funnel, sales volume, manager activity, won/lost reasons, sources of won deals.',
      features: ['Funnel with conversion and time in stage', 'Sales by period, owner and region', 'Manager activity'],
    },
  },
};

export default en;
