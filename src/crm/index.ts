export { Crm, type CrmDeps } from './crm.ts';
export { crmRoutes } from './routes.ts';
