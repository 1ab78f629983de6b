import type { CrmDeps } from './deps.ts';
import { Imports } from './imports.ts';
import { Exports } from './exports.ts';
import { Pipelines } from './pipelines.ts';
import { CustomFields } from './custom-fields.ts';
import { Consents } from './consents.ts';
import { People } from './people.ts';
import { Companies } from './companies.ts';
import { SavedViews } from './saved-views.ts';
import { Dedupe } from './dedupe.ts';
import { Deals } from './deals.ts';
import { Activities } from './activities.ts';
import { CallScripts } from './call-scripts.ts';
import { Cadences } from './cadences.ts';
import { ActivityReminders } from './activity-reminders.ts';
import { Reports } from './reports.ts';

export type { CrmDeps } from './deps.ts';

/**
 * The CRM service: people and companies (the sales face of the CDP's persons), consent history,
 * custom fields, saved views, dedupe, pipelines and deals, activities, reports, import and export.
 * Other modules call this; only the CRM touches its `crm_*` tables.
 */
export class Crm {
  readonly customFields: CustomFields;
  readonly consents: Consents;
  readonly people: People;
  readonly companies: Companies;
  readonly views: SavedViews;
  readonly dedupe: Dedupe;
  readonly pipelines: Pipelines;
  readonly deals: Deals;
  readonly activities: Activities;
  readonly scripts: CallScripts;
  readonly cadences: Cadences;
  readonly reminders: ActivityReminders;
  readonly reports: Reports;
  readonly imports: Imports;
  readonly exports: Exports;
  constructor(readonly deps: CrmDeps) {
    this.customFields = new CustomFields(deps);
    this.consents = new Consents(deps);
    this.people = new People(deps, this.customFields, this.consents);
    this.companies = new Companies(deps, this.customFields, this.people);
    this.views = new SavedViews(deps);
    this.dedupe = new Dedupe(deps, this.people);
    // Merges the tracking path (identify, alias) or the CDP's history make or undo reach the CRM rows too.
    deps.cdp.directory.onMerge((trx, ws, m) => this.dedupe.onCdpMerge(trx, ws, m));
    deps.cdp.directory.onUndoMerge((trx, ws, m) => this.dedupe.onCdpUndo(trx, ws, m));
    // An email or phone an identify's traits gave a CRM person joins its lists.
    deps.cdp.directory.onIdentitiesAdded((trx, ws, added) => this.people.onIdentitiesAdded(trx, ws, added));
    this.imports = new Imports(deps);
    this.exports = new Exports(deps, {
      people: () => this.people,
      companies: () => this.companies,
      deals: () => this.deals,
    });
    this.pipelines = new Pipelines(deps);
    this.deals = new Deals(deps, this.pipelines, this.customFields);
    this.activities = new Activities(deps);
    this.scripts = new CallScripts(deps);
    this.cadences = new Cadences(deps, this.activities);
    this.reminders = new ActivityReminders(deps, this.activities);
    this.reports = new Reports(deps, this.pipelines);
    // Each part is wired here, one line each (see README.md for the layout).
  }
}
