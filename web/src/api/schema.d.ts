/**
 * The API's paths, operations and schemas (openapi-typescript).
 *
 * Generated from the server's OpenAPI document by scripts/gen-api-types.mjs: do not edit. Change the route
 * schemas, then run `npm run gen:api`; CI fails on drift (`npm run check:api`).
 */

export interface paths {
  '/api/v1/activities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Activities, newest first; open=true gives the open tasks, soonest due first (from/to then bound the due date) */
    get: operations['listActivities'];
    put?: never;
    /** Log a call, email, meeting, visit or note, or plan a task. Fields depend on the kind: a call needs direction; a visit needs location; dueAt/reminderAt are for tasks */
    post: operations['createActivity'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/activities/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One activity */
    get: operations['getActivity'];
    put?: never;
    post?: never;
    /** Delete an activity */
    delete: operations['deleteActivity'];
    options?: never;
    head?: never;
    /** Change an activity (partial; null clears; the kind stays). done=true/false completes or reopens a task */
    patch: operations['updateActivity'];
    trace?: never;
  };
  '/api/v1/activities/{id}/complete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark a task done (409 for other kinds; a done task stays as it is) */
    post: operations['completeActivity'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agenda': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A user's day: open tasks due that day or overdue, soonest first, after due cadences have become tasks */
    get: operations['getAgenda'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** API keys of this workspace (never the secret) */
    get: operations['listApiKeys'];
    put?: never;
    /** Create an API key; the key is shown only in this response */
    post: operations['createApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key */
    delete: operations['deleteApiKey'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit log: who changed what, when and through what (ui, api, import, system) */
    get: operations['listAuditEntries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/demo-accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The demo logins for the login page (only those still with the public demo password) */
    get: operations['listAuthDemoAccounts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Log in (UI session cookie) */
    post: operations['login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Log out */
    post: operations['logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who am I: user or key, workspace, role, permissions */
    get: operations['getCurrentUser'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change my name, language or password (a new password ends my other sessions) */
    patch: operations['updateCurrentUser'];
    trace?: never;
  };
  '/api/v1/auth/switch-workspace': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Switch the session to another workspace of mine */
    post: operations['switchWorkspace'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/automation-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List automation rules */
    get: operations['listAutomationRules'];
    put?: never;
    /** Create an automation rule (422 OUTBOUND_BLOCKED for a refused webhook URL) */
    post: operations['createAutomationRule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/automation-rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One automation rule */
    get: operations['getAutomationRule'];
    put?: never;
    post?: never;
    /** Delete an automation rule */
    delete: operations['deleteAutomationRule'];
    options?: never;
    head?: never;
    /** Change an automation rule */
    patch: operations['updateAutomationRule'];
    trace?: never;
  };
  '/api/v1/broadcasts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List broadcasts, newest first */
    get: operations['listBroadcasts'];
    put?: never;
    /** Create a broadcast (a draft): 400 naming segmentId, channelId or templateId when unknown here or unfit */
    post: operations['createBroadcast'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/broadcasts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a broadcast */
    get: operations['getBroadcast'];
    put?: never;
    post?: never;
    /** Delete a draft broadcast (409 once it was sent: cancel it) */
    delete: operations['deleteBroadcast'];
    options?: never;
    head?: never;
    /** Change a draft broadcast (409 once it was sent) */
    patch: operations['updateBroadcast'];
    trace?: never;
  };
  '/api/v1/broadcasts/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel: queued messages become suppressed with reason 'cancelled' (409 once finished) */
    post: operations['cancelBroadcast'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/broadcasts/{id}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause: no new messages, queued ones held (409 unless scheduled or running) */
    post: operations['pauseBroadcast'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/broadcasts/{id}/progress': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A broadcast's progress: ledger counts by status */
    get: operations['getBroadcastProgress'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/broadcasts/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resume a paused broadcast: held messages go out again (throttle re-applied from now) */
    post: operations['resumeBroadcast'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/broadcasts/{id}/send': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send a draft now, or at `at` (status running or scheduled); 409 if it is not a draft
     * @description The audience is frozen by a job that turns the members into ledger messages (each person once, even if the job is retried); the sender then delivers them, throttled by ratePerMinute if set.
     */
    post: operations['sendBroadcast'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/broadcasts/{id}/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A broadcast's delivery analytics: sent, delivered, opened, clicked, bounced, unsubscribed and the rates
     * @description deliveryRate = delivered / sent; openRate = unique opens / delivered; clickRate = unique clicks / delivered; clickToOpenRate = unique clicks / unique opens; null when the denominator is 0. An open or a click implies delivery; a click implies an open.
     */
    get: operations['listBroadcastStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/business-calendars': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List business calendars */
    get: operations['listBusinessCalendars'];
    put?: never;
    /** Add a business calendar */
    post: operations['createBusinessCalendar'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/business-calendars/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A business calendar */
    get: operations['getBusinessCalendar'];
    put?: never;
    post?: never;
    /** Delete a business calendar (its teams and policies fall back to around the clock) */
    delete: operations['deleteBusinessCalendar'];
    options?: never;
    head?: never;
    /** Change a business calendar (clocks scheduled from now on use it) */
    patch: operations['updateBusinessCalendar'];
    trace?: never;
  };
  '/api/v1/cadences': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Planned communications, next due first (with the names of the person, company, deal and assignee) */
    get: operations['listCadences'];
    put?: never;
    /** Plan a repeating communication ("call every 14 days from startAt"); each occurrence becomes a task for the assignee */
    post: operations['createCadence'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/cadences/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One cadence (with the names of the person, company, deal and assignee) */
    get: operations['getCadence'];
    put?: never;
    post?: never;
    /** Delete a cadence (tasks it made stay) */
    delete: operations['deleteCadence'];
    options?: never;
    head?: never;
    /** Change a cadence (a new startAt re-plans the next occurrence) */
    patch: operations['updateCadence'];
    trace?: never;
  };
  '/api/v1/call-scripts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Call scripts */
    get: operations['listCallScripts'];
    put?: never;
    /** Create a call script (steps: what to say, in order) */
    post: operations['createCallScript'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/call-scripts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One call script */
    get: operations['getCallScript'];
    put?: never;
    post?: never;
    /** Delete a call script (calls that used it keep the reference) */
    delete: operations['deleteCallScript'];
    options?: never;
    head?: never;
    /** Change a call script */
    patch: operations['updateCallScript'];
    trace?: never;
  };
  '/api/v1/campaigns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List campaigns, newest first */
    get: operations['listCampaigns'];
    put?: never;
    /** Create a campaign (a draft): 400 naming the field when a reference is unknown here or does not fit */
    post: operations['createCampaign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/campaigns/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a campaign */
    get: operations['getCampaign'];
    put?: never;
    post?: never;
    /** Delete a draft campaign (409 otherwise: cancel it) */
    delete: operations['deleteCampaign'];
    options?: never;
    head?: never;
    /** Change a draft campaign (409 otherwise) */
    patch: operations['updateCampaign'];
    trace?: never;
  };
  '/api/v1/campaigns/{id}/ab/winner': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Choose the A/B winner by hand: the rest of the treatment gets it (409 without an A/B test or once chosen) */
    post: operations['winnerCampaignAb'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/campaigns/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a draft (recorded: who and when); 422 TEMPLATE_UNAVAILABLE when a template was deleted since */
    post: operations['approveCampaign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/campaigns/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel: queued messages become suppressed with reason 'cancelled' (409 once finished) */
    post: operations['cancelCampaign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/campaigns/{id}/estimate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The audience a launch would freeze now: size, treatment, control, reachable per channel */
    get: operations['getCampaignEstimate'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/campaigns/{id}/finish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Finish a running campaign: waves not yet sent are dropped (reason 'campaign_finished'); results keep counting */
    post: operations['finishCampaign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/campaigns/{id}/launch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Launch a draft or approved campaign: running now, or scheduled for a future startsAt
     * @description A draft is approved by its launcher (recorded). The audience is frozen by a job (each person once, even if the job is retried): control members get nothing, the treatment gets every step. 409 unless draft or approved; 422 TEMPLATE_UNAVAILABLE naming the step when a channel or template was deleted; 422 NO_REACHABLE_AUDIENCE when nobody in the treatment has consent and an address on its channels (the reason is also kept in `error`).
     */
    post: operations['launchCampaign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/campaigns/{id}/results': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Response, uplift vs control with its 95 % interval and p-value, revenue, cost and ROI; by region, wave, variant */
    get: operations['listCampaignResults'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/canned-responses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List canned responses (q: text in title, shortcut or body) */
    get: operations['listCannedResponses'];
    put?: never;
    /** Create a canned response */
    post: operations['createCannedResponse'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/canned-responses/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One canned response */
    get: operations['getCannedResponse'];
    put?: never;
    post?: never;
    /** Delete a canned response */
    delete: operations['deleteCannedResponse'];
    options?: never;
    head?: never;
    /** Change a canned response */
    patch: operations['updateCannedResponse'];
    trace?: never;
  };
  '/api/v1/catalogue/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Event catalogue: per type and event name the count, first/last seen, sources, and property names with JSON types (sampled from the latest 1000 events of each name) */
    get: operations['listCatalogueEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalogue/traits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Trait catalogue: trait keys on persons, with JSON types and counts */
    get: operations['listCatalogueTraits'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/channels': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List channels */
    get: operations['listChannels'];
    put?: never;
    /** Create a channel (400 naming config.<field>; 422 OUTBOUND_BLOCKED for a refused host or URL) */
    post: operations['createChannel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/channels/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One channel */
    get: operations['getChannel'];
    put?: never;
    post?: never;
    /** Delete a channel (its messages still queued fail with reason 'channel_deleted') */
    delete: operations['deleteChannel'];
    options?: never;
    head?: never;
    /** Change a channel: config fields given replace the stored ones; a secret omitted is kept, null clears it */
    patch: operations['updateChannel'];
    trace?: never;
  };
  '/api/v1/channels/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Test the connection: connects and authenticates without sending (422 with the reason, within 10 s) */
    post: operations['testChannel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/channels/push/vapid-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A fresh VAPID key pair for a new push channel (nothing is stored: put both in the channel config; the private key becomes a secret) */
    post: operations['createChannelsPushVapidKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/companies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Companies: search (q: name, domain, phone, city), filters (incl. cf.KEY=value), sort and keyset pagination */
    get: operations['listCompanies'];
    put?: never;
    /** Create a company */
    post: operations['createCompany'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/companies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A company with rollups: people, open and won deals, last activity */
    get: operations['getCompany'];
    put?: never;
    post?: never;
    /** Delete a company (its people stay, unlinked) */
    delete: operations['deleteCompany'];
    options?: never;
    head?: never;
    /** Change a company (partial; null clears) */
    patch: operations['updateCompany'];
    trace?: never;
  };
  '/api/v1/companies/{id}/people': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The company's people (by last name) */
    get: operations['listCompanyPeople'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/companies/{id}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Bring a deleted company back as it was: the people its delete unlinked are linked again. 409 CONFLICT naming the field: not deleted (deletedAt), externalId now held by another live company */
    post: operations['restoreCompany'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/companies/{id}/timeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Activities and deal events of the company and its people, newest first */
    get: operations['getCompanyTimeline'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/companies/count': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many companies the list filters select (the same filters as GET /companies, without q); counting stops at 10000 */
    get: operations['getCompaniesCount'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/companies/deleted': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Deleted companies ("Recently deleted"), newest deletion first, keyset-paginated */
    get: operations['listDeletedCompanies'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/companies/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Export the companies list view as a background job (same query parameters as GET /companies/export.csv); 202 with the job and its download link */
    post: operations['startCompaniesExport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/companies/export.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The companies list view as CSV (same search, filters and sort as GET /companies; UTF-8 with BOM) */
    get: operations['exportCompaniesCsv'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/computed-traits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Workspace-defined computed traits */
    get: operations['listComputedTraits'];
    put?: never;
    /** Define a computed trait: count / sum / avg / min / max / first / last of an event property, optionally over the last N days */
    post: operations['createComputedTrait'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/computed-traits/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a computed trait definition */
    delete: operations['deleteComputedTrait'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/conversations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List conversations, newest activity first (filters combine; status and priority take comma lists) */
    get: operations['listConversations'];
    put?: never;
    /** Open a ticket for an existing person (201): its first message is an internal note, never sent; routed when neither an assignee nor a team is given. Its inbox: `inboxId`, else the person's latest conversation's, else the oldest on a channel they can be reached on; replies go out on that inbox's channel */
    post: operations['createConversation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/conversations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One conversation */
    get: operations['getConversation'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change status, priority, assignee, team, tags, topic or custom fields (audited; 409 for a closed one: closed is final) */
    patch: operations['updateConversation'];
    trace?: never;
  };
  '/api/v1/conversations/{id}/analysis': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A conversation's client messages with their analysis, and its overall sentiment */
    get: operations['getConversationAnalysis'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/conversations/{id}/attachments/{attachmentId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download an attachment (always as a file: active types such as HTML or SVG are served as octet-stream) */
    get: operations['getConversationAttachment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/conversations/{id}/macros/{macroId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apply a macro: its reply and note, then its fields, in one step */
    post: operations['postConversationMacro'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/conversations/{id}/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Merge this conversation into another (its messages move there; this one is closed, pointing to it) */
    post: operations['mergeConversation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/conversations/{id}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The messages of a conversation, oldest first */
    get: operations['listConversationMessages'];
    put?: never;
    /** Reply (sent on the conversation's channel, or `channel` to switch) or an internal note (`internal`: never sent); @user@email or `mentions` notify members */
    post: operations['createConversationMessage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/conversations/{id}/split': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Split messages out into a new conversation (201 with the new one) */
    post: operations['splitConversation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/conversations/{id}/status-changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How the status moved, oldest first (null → new at creation) */
    get: operations['listConversationStatusChanges'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/crm-merges/{id}/undo': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Unmerge: both people back exactly as they were, with the rows that moved */
    post: operations['undoCrmMerge'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/csat/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Answer a CSAT survey (1–5, an optional comment); a second answer replaces the first */
    post: operations['answerCsat'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/custom-fields': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Custom field definitions (of one entity, or all) */
    get: operations['listCustomFields'];
    put?: never;
    /** Define a custom field; values are then validated on every write of that entity */
    post: operations['createCustomField'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/custom-fields/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a custom field and its values on every record */
    delete: operations['deleteCustomField'];
    options?: never;
    head?: never;
    /** Rename a custom field, change its options or its place in forms (key and type are fixed) */
    patch: operations['updateCustomField'];
    trace?: never;
  };
  '/api/v1/deals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Deals, filtered and sorted (keyset pages) */
    get: operations['listDeals'];
    put?: never;
    /** Create a deal (the stage must belong to the pipeline; a lost stage needs closeReason) */
    post: operations['createDeal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One deal */
    get: operations['getDeal'];
    put?: never;
    post?: never;
    /** Delete a deal */
    delete: operations['deleteDeal'];
    options?: never;
    head?: never;
    /** Change a deal (partial; null clears). stageId (with pipelineId to switch pipelines) moves it like /move */
    patch: operations['updateDeal'];
    trace?: never;
  };
  '/api/v1/deals/{id}/move': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move a deal on the board: to a stage of its pipeline and/or a position (the midpoint between the two neighbouring cards). Won/lost stages close the deal (lost needs closeReason); an open stage reopens it */
    post: operations['moveDeal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{id}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Bring a deleted deal back as it was. 409 CONFLICT naming the field: not deleted (deletedAt), pipeline deleted (pipelineId), stage gone (stageId), externalId now held by another live deal */
    post: operations['restoreDeal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{id}/stage-history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every stage change of a deal, oldest first, with the seconds spent in the stage left */
    get: operations['getDealStageHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/board': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The kanban board of a pipeline (default: the first): one column per stage with its cards in order, the column's count and amount */
    get: operations['getDealBoard'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/count': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many deals the list filters and q select (the same as GET /deals); counting stops at 10000 */
    get: operations['getDealsCount'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/deleted': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Deleted deals ("Recently deleted"), newest deletion first, keyset-paginated */
    get: operations['listDeletedDeals'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Export the deals list view as a background job (same query parameters as GET /deals/export.csv); 202 with the job and its download link */
    post: operations['startDealsExport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/export.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The deals list view as CSV (same filters and sort as GET /deals; UTF-8 with BOM) */
    get: operations['exportDealsCsv'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/event-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Event rules (block or rename tracked events at ingest) */
    get: operations['listEventRules'];
    put?: never;
    /** Block a tracked event (acknowledged, not stored) or rename it (stored under renameTo, extra.originalEvent keeps the name); one rule per event name */
    post: operations['createEventRule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/event-rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete an event rule */
    delete: operations['deleteEventRule'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest events, newest first (the live debugger polls with `after` = the newest id it has) */
    get: operations['listEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/exports/{id}/download': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The CSV file of a completed export job (kept 7 days); 409 while it runs */
    get: operations['downloadExport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/feedback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Analysed feedback from tickets, surveys and mentions, newest first */
    get: operations['getFeedback'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/imports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Imports, newest first */
    get: operations['listImports'];
    put?: never;
    /**
     * Upload a CSV (multipart: `entity` = people|companies|deals, then `file`); returns columns, a preview and a suggested mapping
     * @description UTF-8 (with or without BOM) and Windows-1251 are detected; other encodings are refused with 400 UNSUPPORTED_ENCODING. Delimiter `,` `;` or tab is detected. A malformed CSV gives 400 MALFORMED_CSV naming the line; a file over the size limit (KARTOTEKA_IMPORT_MAX_BYTES) gives 413. `entity` may also be given as a query parameter.
     */
    post: operations['uploadImport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/imports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An import: status, counts (created, updated, failed) and progress */
    get: operations['getImport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/imports/{id}/errors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The rows that were not imported, a page at a time: row (line in the file), field, a stable code and a message in the reader's language
     * @description The message is in `lang` (en, ru) or else the Accept-Language language; English otherwise.
     */
    get: operations['listImportErrors'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/imports/{id}/errors.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The rows that were not imported: their original columns plus `error` (UTF-8 CSV with BOM)
     * @description The last column, its name and its messages, are in the reader's language: `lang` (en, ru) or else Accept-Language.
     */
    get: operations['downloadImportErrors'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/imports/{id}/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start an uploaded import with a column mapping: runs as a job; poll GET /imports/{id} for progress */
    post: operations['startImport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/inboxes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List inboxes */
    get: operations['listInboxes'];
    put?: never;
    /** Create an inbox (409 ALREADY_EXISTS for an email address another inbox has) */
    post: operations['createInbox'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/inboxes/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One inbox */
    get: operations['getInbox'];
    put?: never;
    post?: never;
    /** Delete an inbox (its conversations stay; its address is free again) */
    delete: operations['deleteInbox'];
    options?: never;
    head?: never;
    /** Change an inbox (its channel type stays) */
    patch: operations['updateInbox'];
    trace?: never;
  };
  '/api/v1/inboxes/{id}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The API channel: a client's message from your own system into this inbox (the person found or created by email, phone or userId; idempotent by externalId) */
    post: operations['createInboxMessage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/insights/at-risk': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** At-risk valuable customers: churnProbability ≥ minChurn, by predictedLtv (highest first) */
    get: operations['listAtRisk'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/insights/distributions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A histogram of each score (churnProbability, predictedLtv, paymentRisk) over the scored people */
    get: operations['getScoreDistributions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Invitations to other workspaces waiting for me */
    get: operations['listInvitations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations/{id}/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accept an invitation: join that workspace with the role offered */
    post: operations['acceptInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations/{id}/decline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Decline an invitation */
    post: operations['declineInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Background jobs of this workspace, newest first */
    get: operations['listJobs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/jobs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One job */
    get: operations['getJob'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/jobs/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a queued or running job */
    post: operations['cancelJob'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/jobs/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a failed, cancelled or dead job again */
    post: operations['retryJob'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List journeys, newest first, with their counts */
    get: operations['listJourneys'];
    put?: never;
    /**
     * Create a journey (a draft): 400 naming the field when the definition is malformed
     * @description The definition's shape is checked here; the graph and references at publish. entry: {event, where?} | {segment} | {dateTrait, offsetDays?, at?} | {api: true}; steps: wait (duration | until {time, timezone?} | for {event, where?} or {segment, entered?} with timeout, timeoutNext?), branch {rule, yes, no}, split {branches: [{key, share, next}]}, send {channelId, templateId, data?}, update_trait {trait, value}, give_points {points, reason?}, create_task {title, dueIn?, note?}, webhook {url, secret?}, exit. A step without `next` goes to the following one; the last (or next "end") completes the run. Durations: "5s", "30m", "2h", "3d". Optional: goal {event, where?, within?}, controlPercent (0–50), reentry {mode: never|after|always, after?}, cap {max, within}, consent {channel, purpose?}; steps may carry ui {x, y} and the definition layout {entry: {x, y}} for the editor.
     */
    post: operations['createJourney'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a journey */
    get: operations['getJourney'];
    put?: never;
    post?: never;
    /** Delete a draft or archived journey with its runs (409 otherwise: archive it first) */
    delete: operations['deleteJourney'];
    options?: never;
    head?: never;
    /** Change the draft (an active journey keeps running its published version until the next publish) */
    patch: operations['updateJourney'];
    trace?: never;
  };
  '/api/v1/journeys/{id}/archive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Archive for good: everyone in flight exits (exit reason 'archived') */
    post: operations['archiveJourney'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys/{id}/enter': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Enter a person into an active journey whose entry is {"api": true}
     * @description 202 with the run, or runId null and the reason (re-entry, in flight, cap, consent). 409 when the journey is not active or not entered by API; 400 when the person is not in this workspace.
     */
    post: operations['enterJourney'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys/{id}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause: no steps run (no sends), positions and timers kept; nobody enters */
    post: operations['pauseJourney'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys/{id}/publish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Publish the draft as the next version; the journey becomes active (a paused one stays paused)
     * @description 422 JOURNEY_INVALID naming the first step at fault (`definition.steps.<i>`, its id in the message; every problem in `details`): a dead end, an unreachable step, a cycle with no wait, split shares not adding up to 100, a channel, template or segment that does not exist (any more), a template of another family than its channel, an entry date trait nobody has; 422 OUTBOUND_BLOCKED for a webhook URL the outbound policy refuses. People in flight stay on their version unless `migrate` moves them.
     */
    post: operations['publishJourney'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resume a paused journey: runs whose time came run now */
    post: operations['resumeJourney'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys/{id}/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Per step entered, waiting, completed, exited, converted; conversion vs the hold-out; per branch */
    get: operations['listJourneyStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys/{id}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Published versions, newest first, with the runs on each */
    get: operations['listJourneyVersions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/journeys/validate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Check a definition as publishing would: every problem, each naming its field and step */
    post: operations['validateJourneys'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/kb/articles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List or search articles (q: best match first, each in its own language; else newest change first) */
    get: operations['listKbArticles'];
    put?: never;
    /** Create an article */
    post: operations['createKbArticle'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/kb/articles/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One article */
    get: operations['getKbArticle'];
    put?: never;
    post?: never;
    /** Delete an article */
    delete: operations['deleteKbArticle'];
    options?: never;
    head?: never;
    /** Change an article */
    patch: operations['updateKbArticle'];
    trace?: never;
  };
  '/api/v1/macros': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List macros */
    get: operations['listMacros'];
    put?: never;
    /** Create a macro */
    post: operations['createMacro'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/macros/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One macro */
    get: operations['getMacro'];
    put?: never;
    post?: never;
    /** Delete a macro */
    delete: operations['deleteMacro'];
    options?: never;
    head?: never;
    /** Change a macro */
    patch: operations['updateMacro'];
    trace?: never;
  };
  '/api/v1/mention-alert-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List alert rules */
    get: operations['listMentionAlertRules'];
    put?: never;
    /** Add an alert rule */
    post: operations['createMentionAlertRule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mention-alert-rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One alert rule */
    get: operations['getMentionAlertRule'];
    put?: never;
    post?: never;
    /** Delete an alert rule and its alerts */
    delete: operations['deleteMentionAlertRule'];
    options?: never;
    head?: never;
    /** Change an alert rule */
    patch: operations['updateMentionAlertRule'];
    trace?: never;
  };
  '/api/v1/mention-alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Alerts raised, newest first */
    get: operations['listMentionAlerts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mention-alerts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One alert */
    get: operations['getMentionAlert'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mention-alerts/{id}/acknowledge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark an alert as seen to */
    post: operations['acknowledgeMentionAlert'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mention-sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List mention sources */
    get: operations['listMentionSources'];
    put?: never;
    /** Add a mention source */
    post: operations['createMentionSource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mention-sources/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One mention source */
    get: operations['getMentionSource'];
    put?: never;
    post?: never;
    /** Delete a mention source (its mentions stay) */
    delete: operations['deleteMentionSource'];
    options?: never;
    head?: never;
    /** Change a mention source */
    patch: operations['updateMentionSource'];
    trace?: never;
  };
  '/api/v1/mention-sources/{id}/poll': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Poll the source now (stores new mentions, records the outcome); 409 while another poll holds it */
    post: operations['pollMentionSource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mention-sources/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Read the source now without storing anything: what it gives, or why it fails */
    post: operations['testMentionSource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mentions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List mentions with their analysis, newest first */
    get: operations['listMentions'];
    put?: never;
    /**
     * Receive a mention (the generic webhook connector); a duplicate answers 200 with the stored one
     * @description Deduplicated by (source, externalId), else by the normalised URL, else by author and text. HTML in `text` is removed. The author is linked to a person when authorEmail, authorTelegramId or authorVkId matches an identity.
     */
    post: operations['createMention'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mentions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One mention */
    get: operations['getMention'];
    put?: never;
    post?: never;
    /** Delete a mention */
    delete: operations['deleteMention'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/merges': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Merge history, newest first */
    get: operations['listMerges'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/merges/{id}/undo': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Undo a merge: identifiers and events go back to the original person */
    post: operations['undoMerge'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The message log, newest first */
    get: operations['listMessages'];
    put?: never;
    /** Queue a message to a person over a channel from a template (202: the sender takes it from here) */
    post: operations['createMessage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/messages/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A message: its status and history */
    get: operations['getMessage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/messages/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue a failed message again (the same message: its attempts are kept) */
    post: operations['retryMessage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/messaging/policy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The delivery policy: frequency caps, quiet hours, default time zone */
    get: operations['getMessagingPolicy'];
    /** Replace the delivery policy (marketing messages only; transactional ones skip it) */
    put: operations['replaceMessagingPolicy'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/messaging/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Delivery analytics over a period: totals and a daily series, by channel, template or broadcast
     * @description Counts the messages created in [from, to) (UTC; both optional), each with everything that happened to it so far.
     *
     *     sent = handed to the provider; delivered = delivered, opened or clicked; opened and clicked are unique per message; bounced, unsubscribed, complained, failed, suppressed as their statuses and times.
     *
     *     deliveryRate = delivered / sent; openRate = opened / delivered; clickRate = clicked / delivered; clickToOpenRate = clicked / opened; null when the denominator is 0.
     *
     *     The series has one entry per UTC day (every day of the period when both from and to are given).
     */
    get: operations['listMessagingStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The five kinds of model: status, last training, metrics vs baseline */
    get: operations['listModels'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{kind}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A kind of model: the version in use, its held-out metrics and the baseline’s, feature importance, history */
    get: operations['getModel'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/models/{kind}/train': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queues a training (a new version); its progress is at GET /jobs/{jobId}. Too little data ends it as insufficient_data and keeps the model in use */
    post: operations['trainModel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** My notifications, newest first; unread=true keeps the unread ones. The unread count is GET /notifications/unread-count */
    get: operations['listNotifications'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notifications/{id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark one of my notifications read (a read one stays as it is) */
    post: operations['markNotificationRead'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notifications/read-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark all my notifications read */
    post: operations['markAllNotificationsRead'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notifications/unread-count': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many of my notifications are unread (what the bell shows) */
    get: operations['countUnreadNotifications'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/offers/evaluate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The promotions that apply to a person's cart and their reward (nothing is recorded)
     * @description For tills and web shops. Geography: the cart's region, city and store (a web shop may leave region and city to the person's traits). 404 naming person for an unknown person; 422 naming cart.lines.<i>.sku for a product not in the catalogue.
     */
    post: operations['evaluateOffers'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/offers/redeem': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record a redemption once per redemptionId: 201 the first time, 200 with the same body on a retry
     * @description Counts the applied promotions toward their limits, spends pointsToSpend (422 INSUFFICIENT_POINTS naming pointsToSpend beyond the balance), earns points on what is paid, and appends the `Offer Redeemed` timeline event. All or nothing.
     */
    post: operations['redeemOffer'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** People: search (q), filters (incl. cf.KEY=value), sort and keyset pagination */
    get: operations['listPeople'];
    put?: never;
    /** Create a person. Emails and phones that identify a tracked-only person adopt that person (same id); ones on another CRM person → 409 with details[0].existingId */
    post: operations['createPerson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The unified person: CRM fields, identities, traits, computed traits and consents (a merged-away id gives the survivor) */
    get: operations['getPerson'];
    put?: never;
    post?: never;
    /** Remove a person from the CRM (the CDP person, identities and events stay) */
    delete: operations['deletePerson'];
    options?: never;
    head?: never;
    /** Change a person (partial; null clears). Emails and phones given replace the lists and the identities follow */
    patch: operations['updatePerson'];
    trace?: never;
  };
  '/api/v1/people/{id}/consents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a consent change for a channel and purpose (history is kept; the latest change is the current state) */
    post: operations['createPersonConsent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/consents/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A person's consent changes, newest first */
    get: operations['listPersonConsentHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/journeys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A person's journeys: each run (newest first, at most 100) with the steps taken */
    get: operations['listPersonJourneys'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Merge otherId into this person: fields chosen per field (default: this, or other where this is empty), emails/phones/tags united, activities, deals and consents moved */
    post: operations['mergePerson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/merges': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** CRM merges this person took part in, newest first */
    get: operations['listPersonMerges'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/push-subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A person's Web Push subscriptions (browsers), newest first */
    get: operations['listPersonPushSubscriptions'];
    put?: never;
    /** Add a Web Push subscription to a person (an endpoint already stored moves to this person) */
    post: operations['createPersonPushSubscription'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/recommendations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A person's product recommendations: co-purchases of what they bought, then popular products; never what they bought in the last 30 days; none before the model is trained */
    get: operations['getPersonRecommendations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Bring a deleted person back into the CRM. 409 CONFLICT naming the field: not deleted (deletedAt), an email/phone or the externalId now held by another live person (details[0].existingId), merged into another person (id) */
    post: operations['restorePerson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/scores': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A person's scores with their top factors; a person never scored has none (unknown) */
    get: operations['getPersonScores'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/{id}/timeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A person's timeline, newest first: tracked events and every module's entries (CRM changes, activities, deals, consents) */
    get: operations['getPersonTimeline'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/count': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many people the list filters select (the same filters as GET /people, without q); counting stops at 10000 */
    get: operations['getPeopleCount'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/deleted': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** People deleted from the CRM ("Recently deleted"), newest deletion first, keyset-paginated; merged-away people are not listed */
    get: operations['listDeletedPeople'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/duplicates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Likely duplicates: same email or phone, the same or a similar name at the same company; most likely first
     * @description Candidates come from small blocks only (a shared email or phone; a company's people in name order, each compared with the next 5; at most 20 people per shared value or identical name), in three passes — shared contacts (score 1), the same name at a company (0.9), a similar name (0.8 × trigram similarity) — most likely first within each scanned chunk. A request reads at most 40000 people, 1000 per statement: a page may hold fewer than `limit` pairs, even none, with a nextCursor to scan on; `scan` says what this request looked at.
     */
    get: operations['listDuplicatePeople'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/duplicates/dismiss': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark two people as not duplicates (no longer suggested) */
    post: operations['dismissDuplicatePeople'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Export the people list view as a background job (same query parameters as GET /people/export.csv); 202 with the job and its download link */
    post: operations['startPeopleExport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/export.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The people list view as CSV (same search, filters and sort as GET /people; all pages; UTF-8 with BOM). With `Prefer: respond-async` on a workspace over the sync limit: 202 and a job instead */
    get: operations['exportPeopleCsv'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/people/lookup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Find a person by an identifier */
    get: operations['lookupPerson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/persons/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A person (a merged-away id gives the person it was merged into) */
    get: operations['getProfile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/persons/{id}/erase': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** GDPR erase: deletes the person (and persons merged into it) with their events, identities and merges, in every module; audited without personal data */
    post: operations['eraseProfile'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/persons/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GDPR export: everything stored about the person (profile, traits, identities, events, merges, audit entries, other modules) as a JSON attachment */
    get: operations['exportProfile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/persons/{id}/points': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A person's bonus points: balance, what expires soon, the ledger newest first */
    get: operations['getPersonPoints'];
    put?: never;
    /**
     * Earn, spend or adjust bonus points (422 INSUFFICIENT_POINTS beyond the balance)
     * @description earn and spend take positive points; adjust either sign. With idempotencyKey a retry returns the entry made the first time (200).
     */
    post: operations['changePersonPoints'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/pipelines': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Pipelines with their ordered stages (a workspace without one gets the default "Sales" pipeline) */
    get: operations['listPipelines'];
    put?: never;
    /** Create a pipeline with its stages in order (kind open, won or lost; probability in %) */
    post: operations['createPipeline'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/pipelines/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One pipeline */
    get: operations['getPipeline'];
    put?: never;
    post?: never;
    /** Delete a pipeline (409 while it has open deals) */
    delete: operations['deletePipeline'];
    options?: never;
    head?: never;
    /** Rename a pipeline, or rename/reorder/add/remove stages: `stages` is the full new list (kept ones with id). Removing a stage with deals → 409 */
    patch: operations['updatePipeline'];
    trace?: never;
  };
  '/api/v1/products': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List catalogue products by sku */
    get: operations['listProducts'];
    /** Add or change catalogue products by sku (1–1000 per request) */
    put: operations['upsertProducts'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/promotions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List promotions, newest first */
    get: operations['listPromotions'];
    put?: never;
    /**
     * Create a promotion (a draft: activate it to apply)
     * @description 422 UNPROCESSABLE naming the field for a contradiction: endsAt not after startsAt, params the mechanic cannot have (n or m below 1, percent outside 1..100…), an unknown sku or category, an unknown segmentId.
     */
    post: operations['createPromotion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/promotions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a promotion */
    get: operations['getPromotion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change a promotion (409 when archived; the mechanic only while a draft)
     * @description The same checks as create; an active percent_off is checked again for overlaps (422 PROMOTION_OVERLAP).
     */
    patch: operations['updatePromotion'];
    trace?: never;
  };
  '/api/v1/promotions/{id}/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Activate a draft or paused promotion (422 when ended; 422 PROMOTION_OVERLAP when a percent_off overlaps an active one) */
    post: operations['activatePromotion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/promotions/{id}/archive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Archive a promotion: it never applies again, its history stays */
    post: operations['archivePromotion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/promotions/{id}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause an active promotion (409 otherwise) */
    post: operations['pausePromotion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/push-subscriptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a Web Push subscription */
    delete: operations['deletePushSubscription'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/activity': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Managers' activity in the period: calls (in/out), meetings, visits, tasks done, emails, notes per owner */
    get: operations['getActivityReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/funnel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Funnel of a pipeline (default: the first) for deals created in the period: reached count and amount per stage, conversion to the next stage, average time in stage */
    get: operations['getFunnelReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/reasons': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Why deals closed in the period were won or lost */
    get: operations['getReasonsReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/sales': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Won deals (count and amount) by close period, per region, per owner or in total */
    get: operations['getSalesReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Sources and campaigns of the deals won in the period */
    get: operations['getSourcesReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/roles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Roles and their permissions */
    get: operations['listRoles'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/routing-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List routing rules in order */
    get: operations['listRoutingRules'];
    put?: never;
    /** Create a routing rule */
    post: operations['createRoutingRule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/routing-rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One routing rule */
    get: operations['getRoutingRule'];
    put?: never;
    post?: never;
    /** Delete a routing rule */
    delete: operations['deleteRoutingRule'];
    options?: never;
    head?: never;
    /** Change a routing rule */
    patch: operations['updateRoutingRule'];
    trace?: never;
  };
  '/api/v1/segments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Segments, by name */
    get: operations['listSegments'];
    put?: never;
    /** Create a segment (its membership computed by a job: recompute) or a list (kind "list", no rule: add members to it) */
    post: operations['createSegment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A segment with its size */
    get: operations['getSegment'];
    put?: never;
    post?: never;
    /** Delete a segment and its membership (refused while another segment refers to it) */
    delete: operations['deleteSegment'];
    options?: never;
    head?: never;
    /** Rename or describe a segment, or give it a new rule (a new version, recomputed by a job; not for a list) */
    patch: operations['updateSegment'];
    trace?: never;
  };
  '/api/v1/segments/{id}/destinations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A segment's audience destinations (without their secrets) */
    get: operations['listSegmentDestinations'];
    put?: never;
    /**
     * Sync a segment to a URL: signed POSTs of added/removed members (`audience.delta`), a full sync first, then deltas as membership changes
     * @description Each POST carries `Kartoteka-Signature: t=UNIX,v1=HEX`, HEX = HMAC-SHA256(secret, "t.body"), as webhooks. The URL must reach a public address (422 OUTBOUND_BLOCKED otherwise, checked again at each connection); an operator opens private ranges with KARTOTEKA_OUTBOUND_ALLOW. Failed syncs are retried with backoff; the destination moves on only when every page got a 2xx.
     */
    post: operations['createSegmentDestination'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/destinations/{destId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Stop syncing to a destination */
    delete: operations['deleteSegmentDestination'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/destinations/{destId}/sync': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a destination every current member again (a full sync, as a job) */
    post: operations['syncSegmentDestination'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/export.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The current members of a segment or list as CSV, streamed (personId, enteredAt, email, phone, userId, firstName, lastName)
     * @description Oldest member first. Cells a spreadsheet would read as a formula are written with a leading apostrophe.
     */
    get: operations['exportSegmentMembersCsv'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A segment's size per UTC day, oldest first, from the day it was created */
    get: operations['getSegmentHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Current members, newest first */
    get: operations['listSegmentMembers'];
    put?: never;
    /** Add persons to a list (each entry is a timeline event); 409 NOT_A_LIST for a rule segment */
    post: operations['addListMembers'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/members/remove': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Remove persons from a list (each exit is a timeline event); 409 NOT_A_LIST for a rule segment */
    post: operations['removeListMembers'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/recompute': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Recompute the membership now (a job: follow it at GET /jobs/{jobId}); 409 for a list */
    post: operations['recomputeSegment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/uploads': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Upload a CSV of identifiers into a list (multipart: `identifier`, optional `column` and `mode`, then `file`); a job matches the rows: poll GET /segments/{id}/uploads/{uploadId}
     * @description `identifier`: email | phone | user_id | external:<type>: each row is matched to a person by that identifier as the identity graph stores it (emails lower-cased, phones E.164; Russian numbers without a country code are read as +7).
     *
     *     `column`: the header of the column holding it (default: the first column). `mode`: add (default) or replace (members not in the file leave the list).
     *
     *     The file must be UTF-8 (with or without BOM; another encoding: 400 UNSUPPORTED_ENCODING), at most 33554432 bytes and 500000 rows (413), with a header row and at least one row (400 MALFORMED_CSV). Delimiter , ; or tab is detected.
     *
     *     Nothing changes in the list until the job has read the whole file; the list then changes in one transaction.
     */
    post: operations['uploadListMembers'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/uploads/{uploadId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A list upload: status, counts and the first row errors */
    get: operations['getListUpload'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/uploads/{uploadId}/rejected.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The rows of an upload that matched nobody: the file's columns plus `code` and `reason` (UTF-8 CSV) */
    get: operations['downloadListUploadRejected'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/{id}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A segment's rule versions, newest first */
    get: operations['listSegmentVersions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/segments/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Size of a draft rule and a sample of its members, computed now (nothing is stored) */
    post: operations['previewSegments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/service/holds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** When marketing to a person is held because of their tickets */
    get: operations['getServiceHolds'];
    /** Change the holds: a held marketing message is dropped (suppressed) with the reason held_open_ticket, held_sla_breach or held_low_csat */
    put: operations['putServiceHolds'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/service/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Service desk report over a period (metrics defined in src/service/sla/metrics.ts) */
    get: operations['getServiceReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sla-policies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List SLA policies in the order they are tried */
    get: operations['listSlaPolicies'];
    put?: never;
    /** Add an SLA policy (at least one target; 400 naming the field) */
    post: operations['createSlaPolicy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sla-policies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An SLA policy */
    get: operations['getSlaPolicy'];
    put?: never;
    post?: never;
    /** Delete an SLA policy */
    delete: operations['deleteSlaPolicy'];
    options?: never;
    head?: never;
    /** Change an SLA policy (running clocks keep their targets until the conversation changes) */
    patch: operations['updateSlaPolicy'];
    trace?: never;
  };
  '/api/v1/sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Sources */
    get: operations['listSources'];
    put?: never;
    /** Create a source; its write key authenticates the tracking API (/v1/track …) as HTTP Basic user name */
    post: operations['createSource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sources/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One source */
    get: operations['getSource'];
    put?: never;
    post?: never;
    /** Delete a source (its events stay) */
    delete: operations['deleteSource'];
    options?: never;
    head?: never;
    /** Rename, disable/enable or re-classify a source */
    patch: operations['updateSource'];
    trace?: never;
  };
  '/api/v1/sources/{id}/rotate-write-key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replace the write key (the old one stops working at once) */
    post: operations['rotateSourceWriteKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/subscription-groups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List subscription groups, by name */
    get: operations['listSubscriptionGroups'];
    put?: never;
    /** Create a subscription group */
    post: operations['createSubscriptionGroup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/subscription-groups/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a subscription group */
    get: operations['getSubscriptionGroup'];
    put?: never;
    post?: never;
    /** Delete a subscription group and its opt-outs (its templates then belong to no group) */
    delete: operations['deleteSubscriptionGroup'];
    options?: never;
    head?: never;
    /** Rename or re-describe a subscription group */
    patch: operations['updateSubscriptionGroup'];
    trace?: never;
  };
  '/api/v1/suppressions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Suppressed addresses, newest first */
    get: operations['listSuppressions'];
    put?: never;
    /** Suppress an address on a channel (reason manual) */
    post: operations['createSuppression'];
    /** Take an address off the suppression list */
    delete: operations['deleteSuppressions'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/survey-settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspace's re-contact limit across all surveys */
    get: operations['listSurveySettings'];
    /** Set the re-contact limit: no one is surveyed more than once per this many days (0: no limit) */
    put: operations['replaceSurveySettings'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/surveys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List surveys, newest first */
    get: operations['listSurveys'];
    put?: never;
    /** Create a survey (a draft unless `status`); `question` is one text or { ru, en } */
    post: operations['createSurvey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/surveys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One survey */
    get: operations['getSurvey'];
    put?: never;
    post?: never;
    /** Delete a survey and its answers */
    delete: operations['deleteSurvey'];
    options?: never;
    head?: never;
    /** Change a survey (status draft → active → closed; the type is kept once answered) */
    patch: operations['updateSurvey'];
    trace?: never;
  };
  '/api/v1/surveys/{id}/links': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A signed link to the hosted page for one person (the web widget, anywhere); `channel: chat` also posts the question and the link into their chat conversation (400 personId without one); 409 RECONTACT_LIMIT within the limit */
    post: operations['createSurveyLink'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/surveys/{id}/responses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The answers (verbatims), newest first, with the person and the comment’s sentiment */
    get: operations['listSurveyResponses'];
    put?: never;
    /** Record an answer (NPS 0–10, CSAT 1–5, CES 1–7; a custom survey's `answers`); 409 RECONTACT_LIMIT within the limit, SURVEY_CLOSED when closed */
    post: operations['createSurveyResponse'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/surveys/{id}/results': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Results: NPS (or CSAT, CES), over time by week or month, by segment, response rate, sentiment */
    get: operations['listSurveyResults'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/surveys/{id}/send': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the survey to a segment (the survey's or `segmentId`) on email, SMS, Telegram or the web chat (posted into each person's chat conversation), in batches; people surveyed within the limit, or without a chat conversation, are skipped with the reason */
    post: operations['sendSurvey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/team/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The team's day: open tasks due today (per assignee) and overdue, calls and meetings today, new people this week, deals won this month; each count stops at 10000 */
    get: operations['getTeamSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/teams': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List teams */
    get: operations['listTeams'];
    put?: never;
    /** Create a team */
    post: operations['createTeam'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/teams/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One team */
    get: operations['getTeam'];
    put?: never;
    post?: never;
    /** Delete a team */
    delete: operations['deleteTeam'];
    options?: never;
    head?: never;
    /** Change a team (memberIds replaces the members) */
    patch: operations['updateTeam'];
    trace?: never;
  };
  '/api/v1/telephony/calls': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Report a finished call from a PBX: it is stored as a call activity of the customer
     * @description For PBX and virtual-telephony integrations (Asterisk, Mango, Zadarma, Sipuni, UIS, …): send one request per finished call,
     *     authenticated with an API key of a role that may change the CRM (manager, agent or admin): `Authorization: Bearer KEY`.
     *
     *     - The customer's number is `from` for inbound calls and `to` for outbound ones; any format is accepted
     *       (`+7 912 345-67-89`, `89123456789`, `9123456789` — Russian by default) and stored as E.164.
     *     - The call is attached to the person with that phone; an unknown number creates a new lead (source `phone`).
     *     - `operatorEmail` is the email of the operator's user in this workspace: the call is theirs (ownerId). Unknown → unassigned.
     *     - `answered: false` records a missed (inbound) or unanswered (outbound) call with duration 0.
     *     - Idempotent on `callId`: sending the same call again (a retry) returns **200** with the activity already stored;
     *       the first time gives **201**. Retry on 5xx and network errors.
     *
     *     Example:
     *     ```json
     *     {
     *       "callId": "pbx-2031-000123",
     *       "direction": "in",
     *       "from": "+7 912 345-67-89",
     *       "to": "+7 495 000-00-00",
     *       "startedAt": "2031-05-10T09:15:00+03:00",
     *       "durationSeconds": 184,
     *       "answered": true,
     *       "recordingUrl": "https://pbx.example.ru/records/pbx-2031-000123.mp3",
     *       "operatorEmail": "anna.kuznetsova@tekhnosnab.ru"
     *     }
     *     ```
     */
    post: operations['recordTelephonyCall'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/templates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List templates, newest first (archived ones with archived=true) */
    get: operations['listTemplates'];
    put?: never;
    /**
     * Create a template (400 naming body, subject or variants.<locale>.body when it does not compile)
     * @description Liquid: person, data, message, unsubscribe_url, preferences_url (person.firstName, lastName, email, phone, locale, traits.*, computed.*; data.* from the sender); filters: Liquid's own plus money. A missing data.* variable fails the send (400 naming it) unless the template gives | default:
     *
     *     format: email → mjml when the body starts with <mjml, else html; other channels → text. MJML is validated strictly; a Liquid tag between MJML components must sit in <mj-raw>.
     *
     *     Email needs a subject; an SMS text may take at most 10 parts.
     */
    post: operations['createTemplate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/templates/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A template (current version) */
    get: operations['getTemplate'];
    put?: never;
    post?: never;
    /** Archive a template (messages already queued still render) */
    delete: operations['deleteTemplate'];
    options?: never;
    head?: never;
    /** Change a template: a content change (subject, body, text, format, variants) is a new version */
    patch: operations['updateTemplate'];
    trace?: never;
  };
  '/api/v1/templates/{id}/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Render for a person (or nobody) without sending; missing variables are listed, not refused */
    post: operations['previewTemplate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/templates/{id}/restore/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Restore a version: a new version with its content */
    post: operations['postTemplateRestore'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/templates/{id}/test-send': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the template now as a transactional message to a person (or the person an email/phone belongs to) */
    post: operations['testTemplateSend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/templates/{id}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A template's versions, newest first */
    get: operations['listTemplateVersions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/templates/{id}/versions/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One version of a template */
    get: operations['getTemplateVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/text/analyze': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Language, sentiment, topics and complaint flag of a text (RU, EN; HTML stripped; at most 20000 characters) */
    post: operations['analyzeText'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/text/clusters': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Topic discovery: group up to 1000 texts by what they are about (k-means on word stems) */
    post: operations['clusterTexts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/text/lexicon': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspace's lexicon entries, by term */
    get: operations['listTextLexicon'];
    put?: never;
    /** Add a word or phrase (409 ALREADY_USED when the term is there) */
    post: operations['createTextLexiconEntry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/text/lexicon/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A lexicon entry */
    get: operations['getTextLexiconEntry'];
    put?: never;
    post?: never;
    /** Remove a lexicon entry */
    delete: operations['deleteTextLexiconEntry'];
    options?: never;
    head?: never;
    /** Change a lexicon entry */
    patch: operations['updateTextLexiconEntry'];
    trace?: never;
  };
  '/api/v1/text/topics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspace's topic rules and the built-in topics */
    get: operations['listTextTopics'];
    put?: never;
    /** Add a topic rule (409 ALREADY_USED when the key is there) */
    post: operations['createTextTopic'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/text/topics/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A topic rule */
    get: operations['getTextTopic'];
    put?: never;
    post?: never;
    /** Remove a topic rule */
    delete: operations['deleteTextTopic'];
    options?: never;
    head?: never;
    /** Change a topic rule (its key stays) */
    patch: operations['updateTextTopic'];
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Members of this workspace */
    get: operations['listUsers'];
    put?: never;
    /**
     * Invite someone to this workspace by email
     * @description Always answers 201 with an invitation carrying only what was sent, whether or not a login with this email exists. A new email gets a login with this name and password, and joins when it first signs in; an existing login keeps its own name and password, and the person accepts from their session (GET /api/v1/invitations).
     */
    post: operations['createUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One member */
    get: operations['getUser'];
    put?: never;
    post?: never;
    /** Remove a member from this workspace */
    delete: operations['deleteUser'];
    options?: never;
    head?: never;
    /** Change a membership: the role here, or disable it in this workspace (the person's login and other workspaces are untouched) */
    patch: operations['updateUser'];
    trace?: never;
  };
  '/api/v1/views': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** My saved views */
    get: operations['listViews'];
    put?: never;
    /** Save a list view (filters, sort, columns) */
    post: operations['createView'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/views/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a saved view */
    delete: operations['deleteView'];
    options?: never;
    head?: never;
    /** Rename a saved view or change its query or columns */
    patch: operations['updateView'];
    trace?: never;
  };
  '/api/v1/webhook-deliveries/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One delivery with payload and every attempt (status code, timing, error; never the response body) */
    get: operations['getWebhookDelivery'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhook-deliveries/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a delivery again (a new delivery of the same event) */
    post: operations['replayWebhookDelivery'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Webhook subscriptions */
    get: operations['listWebhooks'];
    put?: never;
    /**
     * Subscribe a URL to record events. Each delivery is signed: header `Kartoteka-Signature: t=UNIX,v1=HEX` where HEX = HMAC-SHA256(secret, "t.body")
     * @description The URL must reach a public address (422 OUTBOUND_BLOCKED otherwise, checked again at every delivery on the resolved address); an operator opens private ranges or host names with KARTOTEKA_OUTBOUND_ALLOW. Redirects are not followed.
     */
    post: operations['createWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One subscription, with its signing secret */
    get: operations['getWebhook'];
    put?: never;
    post?: never;
    /** Delete a subscription and its delivery log */
    delete: operations['deleteWebhook'];
    options?: never;
    head?: never;
    /** Change a subscription (or rotate its secret) */
    patch: operations['updateWebhook'];
    trace?: never;
  };
  '/api/v1/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Delivery log of a subscription, newest first */
    get: operations['listWebhookDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a webhook.ping event now */
    post: operations['testWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/event-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Event types a webhook can subscribe to (also `*` and `entity.*`) */
    get: operations['listWebhookEventTypes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspace': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The current workspace */
    get: operations['getWorkspace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Rename the workspace or change its settings */
    patch: operations['updateWorkspace'];
    trace?: never;
  };
  '/api/v1/workspace/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Invitations to this workspace not yet accepted */
    get: operations['listWorkspaceInvitations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspace/invitations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Cancel an invitation */
    delete: operations['deleteWorkspaceInvitation'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alias': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send one alias message
     * @description Segment-compatible: point a Segment or RudderStack SDK at this server by its host option. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. Bodies may be gzip- or deflate-encoded; at most 32 KB per message and 500 KB per request. Browsers may post cross-origin (CORS, no credentials).
     */
    post: operations['alias'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send up to 2500 messages of any type (what the SDKs use); malformed messages are listed in `rejected`, the rest are stored
     * @description Segment-compatible: point a Segment or RudderStack SDK at this server by its host option. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. Bodies may be gzip- or deflate-encoded; at most 32 KB per message and 500 KB per request. Browsers may post cross-origin (CORS, no credentials).
     */
    post: operations['batch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/group': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send one group message
     * @description Segment-compatible: point a Segment or RudderStack SDK at this server by its host option. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. Bodies may be gzip- or deflate-encoded; at most 32 KB per message and 500 KB per request. Browsers may post cross-origin (CORS, no credentials).
     */
    post: operations['group'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/identify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send one identify message
     * @description Segment-compatible: point a Segment or RudderStack SDK at this server by its host option. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. Bodies may be gzip- or deflate-encoded; at most 32 KB per message and 500 KB per request. Browsers may post cross-origin (CORS, no credentials).
     */
    post: operations['identify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/page': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send one page message
     * @description Segment-compatible: point a Segment or RudderStack SDK at this server by its host option. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. Bodies may be gzip- or deflate-encoded; at most 32 KB per message and 500 KB per request. Browsers may post cross-origin (CORS, no credentials).
     */
    post: operations['page'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/push/subscribe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Store a browser's Web Push subscription for the person of userId or anonymousId
     * @description Call it after `registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: <the push channel's vapidPublicKey> })` with `subscription.toJSON()`. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. A person not seen before is created (an identify). Subscribing the same endpoint again replaces its keys and owner.
     */
    post: operations['subscribePush'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/screen': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send one screen message
     * @description Segment-compatible: point a Segment or RudderStack SDK at this server by its host option. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. Bodies may be gzip- or deflate-encoded; at most 32 KB per message and 500 KB per request. Browsers may post cross-origin (CORS, no credentials).
     */
    post: operations['screen'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/track': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send one track message
     * @description Segment-compatible: point a Segment or RudderStack SDK at this server by its host option. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. Bodies may be gzip- or deflate-encoded; at most 32 KB per message and 500 KB per request. Browsers may post cross-origin (CORS, no credentials).
     */
    post: operations['track'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description A call, meeting, email, note or task */
    Activity: {
      assignee: {
        id: string;
        name: string;
      } | null;
      assigneeId: string | null;
      body: string | null;
      cadenceId: string | null;
      company: {
        id: string;
        name: string;
      } | null;
      companyId: string | null;
      /** Format: date-time */
      createdAt: string;
      deal: {
        id: string;
        title: string;
      } | null;
      dealId: string | null;
      /** @enum {string|null} */
      direction: 'in' | 'out' | null;
      done: boolean | null;
      /** Format: date-time */
      doneAt: string | null;
      /** Format: date-time */
      dueAt: string | null;
      durationSeconds: number | null;
      externalId: string | null;
      id: string;
      /** @enum {string} */
      kind: 'call' | 'email' | 'meeting' | 'visit' | 'task' | 'note';
      location: string | null;
      /** Format: date-time */
      occurredAt: string;
      outcome: string | null;
      overdue: boolean;
      owner: {
        id: string;
        name: string;
      } | null;
      ownerId: string | null;
      person: {
        id: string;
        name: string;
      } | null;
      personId: string | null;
      phone: string | null;
      recordingUrl: string | null;
      /**
       * Format: date-time
       * @description When the reminder was sent (in-app notification and activity.reminder webhook); null until then, and again after dueAt or reminderAt changes
       */
      remindedAt: string | null;
      /** Format: date-time */
      reminderAt: string | null;
      scriptId: string | null;
      subject: string | null;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A page of Activity records; `nextCursor` (null on the last page) fetches the next one */
    ActivityPage: {
      data: components['schemas']['Activity'][];
      nextCursor: string | null;
    };
    /** @description A promotion applied to a cart and what it gives */
    AppliedPromotion: {
      /** @enum {string} */
      mechanic: 'buy_n_get_m' | 'points_multiplier' | 'percent_off' | 'gift' | 'birthday_points';
      name: string;
      promotionId: string;
      reward: {
        /** @description Roubles off */
        discount: number;
        /** @description Units of the cart that are free */
        freeItems: {
          quantity: number;
          sku: string;
        }[];
        /** @description Lines to add at price 0 */
        gifts: {
          quantity: number;
          sku: string;
        }[];
        /** @description Bonus points it adds to the base points */
        points: number;
      };
    };
    /** @description On created / message / updated, or on time (conditions.time: a state held for long enough, fired once per entry into it): when the conditions hold, its actions run */
    AutomationRule: {
      actions: {
        assign?: {
          /** @enum {string} */
          how?: 'round_robin' | 'least_busy';
          /** Format: uuid */
          teamId: string;
        };
        notify?: string[];
        reply?: string;
        set?: {
          addTags?: string[];
          /** Format: uuid */
          assigneeId?: string | null;
          /** @enum {string} */
          priority?: 'low' | 'normal' | 'high' | 'urgent';
          /** @enum {string} */
          status?: 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
          /** Format: uuid */
          teamId?: string | null;
          topic?: string | null;
        };
        webhook?: {
          secret?: string;
          /** Format: uri */
          url: string;
        };
      };
      conditions: {
        channels?: ('email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api')[];
        inboxIds?: string[];
        keywords?: string[];
        languages?: string[];
        priorities?: ('low' | 'normal' | 'high' | 'urgent')[];
        /** @description Required by trigger 'time', refused by the others */
        time?: {
          /** @enum {string} */
          event: 'status' | 'unassigned' | 'no_agent_reply';
          /** @description At least this long (1 minute … 365 days) */
          minutes: number;
          statuses?: ('new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'reopened')[];
        };
        topics?: string[];
        trait?: {
          equals: unknown;
          key: string;
        };
        vip?: boolean;
      };
      /** Format: date-time */
      createdAt: string;
      enabled: boolean;
      id: string;
      name: string;
      position: number;
      /** @enum {string} */
      trigger: 'created' | 'message' | 'updated' | 'time';
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A one-off mailing: one template over one channel to a segment or list */
    Broadcast: {
      /** @description Every member has its ledger message: later members are not added */
      audienceFrozen: boolean;
      channelId: string;
      /** Format: date-time */
      createdAt: string;
      createdBy: string | null;
      error: string | null;
      /** Format: date-time */
      finishedAt: string | null;
      id: string;
      name: string;
      /** @description Messages created in the ledger so far */
      queued: number;
      /** @description Throttle: messages per minute (null: as fast as the channel allows) */
      ratePerMinute: number | null;
      /** Format: date-time */
      scheduledAt: string | null;
      /** @description The rule segment or list whose members receive it */
      segmentId: string;
      /** Format: date-time */
      startedAt: string | null;
      /** @enum {string} */
      status: 'draft' | 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished' | 'failed';
      templateId: string;
      /** @description Audience size: the segment size when it started, the frozen audience once enumerated */
      total: number | null;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A page of Broadcast records; `nextCursor` (null on the last page) fetches the next one */
    BroadcastPage: {
      data: components['schemas']['Broadcast'][];
      nextCursor: string | null;
    };
    /** @description A broadcast's ledger counts: the progress bar */
    BroadcastProgress: {
      audienceFrozen: boolean;
      byStatus: {
        [key: string]: number;
      };
      /** @description Ledger messages created */
      created: number;
      /** @description In a final state: sent, delivered, opened, clicked, bounced, failed, complained, suppressed */
      final: number;
      /** @description final / total (0–1) */
      fraction: number;
      /** @description Queued or being sent */
      pending: number;
      /** @enum {string} */
      status: 'draft' | 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished' | 'failed';
      /** @description Audience size (estimate until the audience is frozen) */
      total: number;
    };
    /** @description Business hours per weekday in a time zone, holidays and extra working days (SLA clocks count these) */
    BusinessCalendar: {
      /** Format: date-time */
      createdAt: string;
      holidays: string[];
      hours: {
        [key: string]: {
          /** @description HH:MM */
          end: string;
          /** @description HH:MM */
          start: string;
        }[];
      };
      id: string;
      name: string;
      timezone: string;
      /** Format: date-time */
      updatedAt: string;
      workingDays: string[];
    };
    /** @description A campaign: audience with a control group, waves of messages, conversion and attribution */
    Campaign: {
      /** @description An A/B test of the variants of one step */
      abTest: {
        /** @description Choose and send the winner automatically after decideAfter */
        auto: boolean;
        /** @description After the launch, when the winner is chosen (if auto) */
        decideAfter: string;
        /**
         * @description What decides the winner: opens, clicks or conversions per message sent
         * @enum {string}
         */
        metric: 'clicked' | 'opened' | 'responded';
        /** @description Percent of the treatment that gets the variants first */
        testPercent: number;
      } | null;
      /** Format: date-time */
      approvedAt: string | null;
      approvedBy: string | null;
      attributionWindow: string;
      /** @description Members frozen at launch (null before) */
      audience: number | null;
      budget: number | null;
      /** @description Held-out percent (null when a control segment is chosen) */
      controlPercent: number | null;
      controlSegmentId: string | null;
      conversionEvent: string;
      costPerMessage: number | null;
      /** Format: date-time */
      createdAt: string;
      createdBy: string | null;
      /** Format: date-time */
      endsAt: string | null;
      /** @description Why the last launch was refused or a scheduled start given up: a code, then words */
      error: string | null;
      /** Format: date-time */
      finishedAt: string | null;
      geography: {
        regions: string[];
      };
      goal: string | null;
      id: string;
      /** Format: date-time */
      launchedAt: string | null;
      launchedBy: string | null;
      name: string;
      ownerId: string | null;
      promotionId: string | null;
      revenueProperty: string;
      segmentId: string;
      /** Format: date-time */
      startsAt: string | null;
      /** @enum {string} */
      status: 'draft' | 'approved' | 'scheduled' | 'running' | 'finished' | 'cancelled';
      steps: {
        channelId: string;
        delay: string | null;
        index: number;
        templateId: string;
        variants:
          | {
              /** @description "A", "B", … */
              key: string;
              /** @description Percent of the step's recipients; a step's shares add up to 100 */
              share: number;
              /** Format: uuid */
              templateId: string;
            }[]
          | null;
      }[];
      /** Format: date-time */
      updatedAt: string;
      /** @description The A/B winner, once chosen */
      winner: string | null;
    };
    /** @description The audience a launch would freeze now, with its control group */
    CampaignEstimate: {
      audience: number;
      control: number;
      /** @description Per step channel: treatment members with consent and an address on it */
      reachable: {
        [key: string]: number;
      };
      treatment: number;
    };
    /** @description A page of Campaign records; `nextCursor` (null on the last page) fetches the next one */
    CampaignPage: {
      data: components['schemas']['Campaign'][];
      nextCursor: string | null;
    };
    /** @description Response and attribution: conversions within the window after the first message (treatment) or after the launch (control); rates are fractions; null when a group is empty */
    CampaignResults: {
      abDecision: {
        /** @description The top two variants by rate, two-proportion z-test */
        comparison: {
          ci: number[];
          diff: number;
          first: string;
          pValue: number;
          second: string;
        } | null;
        decidedAt: string;
        decidedBy: string;
        /** @enum {string} */
        how: 'auto' | 'manual';
        /** @enum {string} */
        metric: 'clicked' | 'opened' | 'responded';
        variants: {
          hits: number;
          key: string;
          rate: number | null;
          sent: number;
        }[];
        winner: string;
      } | null;
      audience: number;
      byRegion: {
        control: number;
        controlResponders: number;
        controlResponseRate: number | null;
        region: string | null;
        responders: number;
        responseRate: number | null;
        treatment: number;
        uplift: number | null;
      }[];
      byVariant: {
        clicked: number;
        key: string;
        opened: number;
        /** @description The A/B metric's hits per message sent (responders when there is no A/B test) */
        rate: number | null;
        responders: number;
        sent: number;
        templateId: string;
      }[];
      byWave: {
        clicked: number;
        delivered: number;
        index: number;
        opened: number;
        responders: number;
        sent: number;
      }[];
      clicked: number;
      clickRate: number | null;
      /** Format: date-time */
      computedAt: string;
      control: number;
      controlResponders: number;
      controlResponseRate: number | null;
      controlRevenuePerPerson: number | null;
      /** @description sent × costPerMessage */
      cost: number | null;
      delivered: number;
      deliveryRate: number | null;
      method: {
        response: string;
        revenue: string;
      };
      opened: number;
      openRate: number | null;
      /** @description Two-proportion z-test (pooled), two-sided */
      pValue: number | null;
      relativeUplift: number | null;
      responders: number;
      responseRate: number | null;
      revenue: number;
      revenuePerPerson: number | null;
      revenuePValue: number | null;
      revenueUplift: number | null;
      revenueUpliftCI: number[] | null;
      /** @description ((revenuePerPerson − controlRevenuePerPerson) × treatment − cost) / cost */
      roi: number | null;
      sent: number;
      treatment: number;
      /** @description responseRate − controlResponseRate (absolute) */
      uplift: number | null;
      /** @description 95 % Wald interval of the uplift (unpooled standard error) */
      upliftCI: number[] | null;
      winner: string | null;
    };
    /** @description A text an agent inserts into a reply */
    CannedResponse: {
      body: string;
      /** Format: date-time */
      createdAt: string;
      id: string;
      language: string | null;
      shortcut: string | null;
      title: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A configured channel: a provider account messages are sent through */
    Channel: {
      /** @description The public fields of the config (never a secret) */
      config: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      createdAt: string;
      id: string;
      name: string;
      /** @description Throughput limit, messages per second (null: the default) */
      ratePerSecond: number | null;
      /** @description Secret fields that have a value (password, token, key…) */
      secretsSet: string[];
      /** @enum {string} */
      type: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk' | 'webhook';
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A page of Channel records; `nextCursor` (null on the last page) fetches the next one */
    ChannelPage: {
      data: components['schemas']['Channel'][];
      nextCursor: string | null;
    };
    /**
     * @description A company in the CRM
     * @example {
     *       "id": "0193a1b2-7c4d-7e5f-8a9b-000000000001",
     *       "name": "ООО «Ромашка»",
     *       "domain": "romashka.ru",
     *       "industry": "Розничная торговля",
     *       "size": "50-200",
     *       "phone": "+74951234567",
     *       "website": "https://romashka.ru",
     *       "street": null,
     *       "city": "Москва",
     *       "region": null,
     *       "country": "RU",
     *       "postalCode": null,
     *       "ownerId": null,
     *       "owner": null,
     *       "tags": [],
     *       "customFields": {},
     *       "externalId": null,
     *       "createdAt": "2026-01-10T08:00:00.000Z",
     *       "updatedAt": "2026-01-10T08:00:00.000Z"
     *     }
     */
    Company: {
      city: string | null;
      country: string | null;
      /** Format: date-time */
      createdAt: string;
      customFields: {
        [key: string]: unknown;
      };
      domain: string | null;
      externalId: string | null;
      id: string;
      industry: string | null;
      name: string;
      owner: {
        id: string;
        name: string;
      } | null;
      ownerId: string | null;
      phone: string | null;
      postalCode: string | null;
      region: string | null;
      size: string | null;
      street: string | null;
      tags: string[];
      /** Format: date-time */
      updatedAt: string;
      website: string | null;
    };
    /** @description A page of Company records; `nextCursor` (null on the last page) fetches the next one */
    CompanyPage: {
      data: components['schemas']['Company'][];
      nextCursor: string | null;
    };
    /** @description A conversation with a client: the ticket (status, priority, assignee) and its messages */
    Conversation: {
      assigneeId: string | null;
      /**
       * @description The last channel the client used (replies go there unless switched)
       * @enum {string}
       */
      channel: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description The first human reply
       */
      firstResponseAt: string | null;
      id: string;
      inboxId: string;
      language: string | null;
      /** Format: date-time */
      lastMessageAt: string | null;
      mergedInto: string | null;
      /** @description Per workspace, for people (#1042) */
      number: number;
      personId: string;
      /** @description The person's display name (CRM, else CDP traits); null when unknown */
      personName: string | null;
      /** @enum {string} */
      priority: 'low' | 'normal' | 'high' | 'urgent';
      /** @description The SLA targets and their state; null when no policy applies */
      sla: {
        [key: string]: unknown;
      } | null;
      /** @enum {string} */
      status: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
      subject: string;
      tags: string[];
      teamId: string | null;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A conversation's client messages analysed, and overall */
    ConversationAnalysis: {
      conversationId: string;
      messages: components['schemas']['TicketMessageAnalysis'][];
      /** @description The client's messages together: their scores' mean weighted by order (the i-th message, oldest first, weighs i), negative below −0.2, positive above 0.2; null before any is analysed */
      overall: {
        complaint: boolean;
        /** @enum {string} */
        label: 'negative' | 'neutral' | 'positive';
        messages: number;
        negative: number;
        score: number;
      } | null;
    };
    /** @description A conversation with its topic, custom fields and person */
    ConversationDetail: {
      assigneeId: string | null;
      /**
       * @description The last channel the client used (replies go there unless switched)
       * @enum {string}
       */
      channel: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
      /** Format: date-time */
      createdAt: string;
      custom: {
        [key: string]: unknown;
      };
      /**
       * Format: date-time
       * @description The first human reply
       */
      firstResponseAt: string | null;
      id: string;
      inboxId: string;
      language: string | null;
      /** Format: date-time */
      lastMessageAt: string | null;
      mergedInto: string | null;
      /** @description Per workspace, for people (#1042) */
      number: number;
      person: {
        email: string | null;
        id: string;
        name: string | null;
      };
      personId: string;
      /** @description The person's display name (CRM, else CDP traits); null when unknown */
      personName: string | null;
      /** @enum {string} */
      priority: 'low' | 'normal' | 'high' | 'urgent';
      reopenedCount: number;
      /** @description The SLA targets and their state; null when no policy applies */
      sla: {
        [key: string]: unknown;
      } | null;
      /** Format: date-time */
      solvedAt: string | null;
      /** @enum {string} */
      status: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
      subject: string;
      tags: string[];
      teamId: string | null;
      topic: string | null;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description One move of a conversation's status */
    ConversationStatusChange: {
      /** Format: date-time */
      at: string;
      /**
       * @description system: automation, merge, a CSAT follow-up
       * @enum {string}
       */
      byKind: 'client' | 'agent' | 'bot' | 'system';
      byUserId: string | null;
      /**
       * @description null: the conversation was created
       * @enum {string|null}
       */
      from: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened' | null;
      /** @enum {string} */
      to: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
    };
    /** @description A CSAT survey and its answer */
    CsatAnswer: {
      /** Format: date-time */
      answeredAt: string | null;
      comment: string | null;
      conversationId: string;
      /** @enum {string} */
      locale: 'ru' | 'en';
      number: number;
      score: number | null;
    };
    /**
     * @description A deal on a pipeline stage
     * @example {
     *       "id": "0193a1b2-7c4d-7e5f-8a9b-000000000010",
     *       "title": "Поставка 200 кофемашин",
     *       "pipelineId": "0193a1b2-7c4d-7e5f-8a9b-000000000020",
     *       "stageId": "0193a1b2-7c4d-7e5f-8a9b-000000000021",
     *       "stage": {
     *         "id": "0193a1b2-7c4d-7e5f-8a9b-000000000021",
     *         "name": "Переговоры",
     *         "kind": "open",
     *         "probability": 50
     *       },
     *       "status": "open",
     *       "amount": 1250000,
     *       "currency": "RUB",
     *       "probability": null,
     *       "expectedClose": "2026-03-31",
     *       "ownerId": null,
     *       "owner": null,
     *       "personId": null,
     *       "person": null,
     *       "companyId": "0193a1b2-7c4d-7e5f-8a9b-000000000001",
     *       "company": {
     *         "id": "0193a1b2-7c4d-7e5f-8a9b-000000000001",
     *         "name": "ООО «Ромашка»"
     *       },
     *       "source": "Выставка",
     *       "campaign": null,
     *       "region": "Москва",
     *       "closeReason": null,
     *       "closedAt": null,
     *       "stageEnteredAt": "2026-02-01T10:00:00.000Z",
     *       "position": 0,
     *       "tags": [],
     *       "customFields": {},
     *       "externalId": null,
     *       "createdAt": "2026-01-20T10:00:00.000Z",
     *       "updatedAt": "2026-02-01T10:00:00.000Z"
     *     }
     */
    Deal: {
      amount: number;
      campaign: string | null;
      /** Format: date-time */
      closedAt: string | null;
      closeReason: string | null;
      company: {
        id: string;
        name: string;
      } | null;
      companyId: string | null;
      /** Format: date-time */
      createdAt: string;
      currency: string;
      customFields: {
        [key: string]: unknown;
      };
      expectedClose: string | null;
      externalId: string | null;
      id: string;
      owner: {
        id: string;
        name: string;
      } | null;
      ownerId: string | null;
      person: {
        id: string;
        name: string;
      } | null;
      personId: string | null;
      pipelineId: string;
      position: number;
      probability: number | null;
      region: string | null;
      source: string | null;
      stage: {
        id: string;
        kind: string;
        name: string;
        probability: number;
      } | null;
      /** Format: date-time */
      stageEnteredAt: string;
      stageId: string;
      /** @enum {string} */
      status: 'open' | 'won' | 'lost';
      tags: string[];
      title: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A page of Deal records; `nextCursor` (null on the last page) fetches the next one */
    DealPage: {
      data: components['schemas']['Deal'][];
      nextCursor: string | null;
    };
    /**
     * @description The one error shape of every endpoint
     * @example {
     *       "error": {
     *         "code": "VALIDATION_FAILED",
     *         "message": "email: Invalid email address",
     *         "details": [
     *           {
     *             "path": "email",
     *             "message": "Invalid email address",
     *             "code": "INVALID_EMAIL"
     *           }
     *         ]
     *       }
     *     }
     */
    Error: {
      error: {
        /**
         * @description Stable error code (src/core/errors.ts); the HTTP status follows from it
         * @enum {string}
         */
        code:
          | 'VALIDATION_FAILED'
          | 'BAD_REQUEST'
          | 'UNSUPPORTED_ENCODING'
          | 'MALFORMED_CSV'
          | 'UNAUTHENTICATED'
          | 'INVALID_CREDENTIALS'
          | 'API_KEY_EXPIRED'
          | 'CSRF_REJECTED'
          | 'OUTBOUND_BLOCKED'
          | 'LOGIN_THROTTLED'
          | 'QUERY_TIMEOUT'
          | 'FORBIDDEN'
          | 'NOT_FOUND'
          | 'METHOD_NOT_ALLOWED'
          | 'CONFLICT'
          | 'ALREADY_EXISTS'
          | 'NOT_A_LIST'
          | 'PAYLOAD_TOO_LARGE'
          | 'UNSUPPORTED_MEDIA_TYPE'
          | 'UNPROCESSABLE'
          | 'TEMPLATE_UNAVAILABLE'
          | 'NO_REACHABLE_AUDIENCE'
          | 'PROMOTION_OVERLAP'
          | 'INSUFFICIENT_POINTS'
          | 'JOURNEY_INVALID'
          | 'RECONTACT_LIMIT'
          | 'SURVEY_CLOSED'
          | 'RATE_LIMITED'
          | 'DATA_DIR_LOCKED'
          | 'INTERNAL'
          | 'UNAVAILABLE';
        /** @description One entry per invalid field; may be empty */
        details: {
          /**
           * @description Stable code of the problem (src/core/errors.ts): translate by it
           * @enum {string}
           */
          code:
            | 'REQUIRED'
            | 'INVALID_TYPE'
            | 'TOO_SHORT'
            | 'TOO_LONG'
            | 'TOO_SMALL'
            | 'TOO_LARGE'
            | 'TOO_FEW'
            | 'TOO_MANY'
            | 'INVALID_EMAIL'
            | 'INVALID_PHONE'
            | 'INVALID_URL'
            | 'URL_NOT_HTTP'
            | 'URL_BLOCKED'
            | 'INVALID_UUID'
            | 'INVALID_DATE'
            | 'INVALID_FORMAT'
            | 'INVALID_OPTION'
            | 'INVALID_SLUG'
            | 'UNKNOWN_FIELD'
            | 'UNKNOWN_EVENT_TYPE'
            | 'ALREADY_MEMBER'
            | 'ALREADY_USED'
            | 'WRONG_PASSWORD'
            | 'UNKNOWN_PRODUCT'
            | 'OVERLAPS'
            | 'INSUFFICIENT_POINTS'
            | 'RECONTACT_LIMIT'
            | 'SURVEY_CLOSED'
            | 'UNKNOWN_PERSON'
            | 'MALFORMED'
            | 'INVALID';
          /** @description ALREADY_USED: the record that holds the value */
          existingId?: string;
          /** @description The bound of TOO_SHORT, TOO_LONG, TOO_SMALL, TOO_LARGE, TOO_FEW, TOO_MANY */
          limit?: number;
          /** @description What is wrong with it, for people (English; may change) */
          message: string;
          /** @description The field: `email`, `query.limit`, `params.id`, `(body)` */
          path: string;
          /** @description The offending value, where the text names it */
          value?: string;
        }[];
        /** @description What went wrong, for people */
        message: string;
      };
    };
    /** @description One stored tracking message */
    Event: {
      anonymousId: string | null;
      context: {
        [key: string]: unknown;
      };
      event: string | null;
      extra: {
        [key: string]: unknown;
      } | null;
      id: string;
      messageId: string;
      /** Format: date-time */
      occurredAt: string;
      origin: string;
      /** Format: date-time */
      originalTimestamp: string | null;
      personId: string | null;
      properties: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      receivedAt: string;
      /** Format: date-time */
      sentAt: string | null;
      sourceId: string;
      traits: {
        [key: string]: unknown;
      } | null;
      type: string;
      userId: string | null;
    };
    /** @description A page of Event records; `nextCursor` (null on the last page) fetches the next one */
    EventPage: {
      data: components['schemas']['Event'][];
      nextCursor: string | null;
    };
    /** @description One piece of analysed feedback: a client's ticket message, a survey comment or a mention */
    FeedbackItem: {
      /**
       * Format: date-time
       * @description When it was written, answered or published
       */
      at: string;
      complaint: boolean;
      /** @description The text (its first 500 characters) */
      excerpt: string;
      /** @description The ticket message, the survey response or the mention */
      id: string;
      language: string;
      link: {
        conversationId: string | null;
        mentionId: string | null;
        /** @description The web app's page of it */
        path: string;
        surveyId: string | null;
        /** @description A mention's public URL */
        url: string | null;
      };
      personId: string | null;
      sentiment: {
        /** @enum {string} */
        label: 'negative' | 'neutral' | 'positive';
        score: number;
      };
      /** @enum {string} */
      source: 'ticket' | 'survey' | 'mention';
      topics: string[];
    };
    /** @description A page of FeedbackItem records; `nextCursor` (null on the last page) fetches the next one */
    FeedbackItemPage: {
      data: components['schemas']['FeedbackItem'][];
      nextCursor: string | null;
    };
    /** @description Where requests land: one channel (email, chat, telegram, vk, whatsapp, sms, api) */
    Inbox: {
      /** @description An email inbox: the address its mail comes to (lower-cased) */
      address: string | null;
      /** @enum {string} */
      channel: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
      /** @description The messaging channel that sends replies (and whose inbound lands here) */
      channelId: string | null;
      /** Format: date-time */
      createdAt: string;
      id: string;
      name: string;
      settings: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A kind of model: the version in use, its evaluation and its history */
    InsightsModel: {
      /** @description The same metrics of the baseline (recency-only, popularity …) */
      baseline: {
        [key: string]: unknown;
      };
      featureImportance: {
        feature: string;
        weight: number;
      }[];
      /** @description The latest versions, newest first */
      history: {
        baseline: {
          [key: string]: unknown;
        };
        /** Format: date-time */
        createdAt: string;
        /** @description Why it is not ready: the reason of insufficient_data, or the failure */
        error: string | null;
        featureImportance: {
          feature: string;
          weight: number;
        }[];
        jobId: string | null;
        metrics: {
          [key: string]: unknown;
        };
        /** @enum {string} */
        status: 'training' | 'ready' | 'failed' | 'insufficient_data';
        /** Format: date-time */
        trainedAt: string | null;
        version: number;
      }[];
      /** @enum {string} */
      kind: 'churn' | 'propensity' | 'recommendations' | 'payment-risk' | 'ltv' | 'customer-types';
      /** @description The latest training when it is not the version in use */
      lastAttempt: {
        baseline: {
          [key: string]: unknown;
        };
        /** Format: date-time */
        createdAt: string;
        /** @description Why it is not ready: the reason of insufficient_data, or the failure */
        error: string | null;
        featureImportance: {
          feature: string;
          weight: number;
        }[];
        jobId: string | null;
        metrics: {
          [key: string]: unknown;
        };
        /** @enum {string} */
        status: 'training' | 'ready' | 'failed' | 'insufficient_data';
        /** Format: date-time */
        trainedAt: string | null;
        version: number;
      } | null;
      /** @description Held-out metrics of the version in use (auc, topDecileLift …) */
      metrics: {
        [key: string]: unknown;
      };
      /**
       * @description ready when a model is in use (the latest ready version); else the latest attempt’s status
       * @enum {string}
       */
      status: 'training' | 'ready' | 'failed' | 'insufficient_data' | 'untrained';
      /** Format: date-time */
      trainedAt: string | null;
      /** @description The version in use */
      version: number | null;
    };
    /** @description A customer journey: a draft definition and its published versions */
    Journey: {
      /** @description Runs in flight (active or waiting) and ever entered, every version */
      counts?: {
        active: number;
        total: number;
      };
      /** Format: date-time */
      createdAt: string;
      createdBy: string | null;
      /** @description The draft (publishing copies it into a new version) */
      definition: {
        cap?: {
          max: number;
          within: string;
        };
        consent?: {
          /** @enum {string} */
          channel: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk';
          /** @enum {string} */
          purpose?: 'marketing' | 'transactional';
        };
        controlPercent?: number;
        entry:
          | {
              event: string;
              where?: {
                /** @enum {string} */
                op:
                  | 'eq'
                  | 'neq'
                  | 'gt'
                  | 'gte'
                  | 'lt'
                  | 'lte'
                  | 'in'
                  | 'contains'
                  | 'startsWith'
                  | 'exists'
                  | 'notExists'
                  | 'before'
                  | 'after'
                  | 'withinLast';
                property: string;
                value?: unknown;
              }[];
            }
          | {
              /** Format: uuid */
              segment: string;
            }
          | {
              at?: string;
              dateTrait: string;
              offsetDays?: number;
            }
          | {
              /** @enum {boolean} */
              api: true;
            };
        goal?: {
          event: string;
          where?: {
            /** @enum {string} */
            op:
              | 'eq'
              | 'neq'
              | 'gt'
              | 'gte'
              | 'lt'
              | 'lte'
              | 'in'
              | 'contains'
              | 'startsWith'
              | 'exists'
              | 'notExists'
              | 'before'
              | 'after'
              | 'withinLast';
            property: string;
            value?: unknown;
          }[];
          within?: string;
        };
        layout?: {
          entry?: {
            x: number;
            y: number;
          };
        };
        reentry?: {
          after?: string;
          /** @enum {string} */
          mode: 'never' | 'after' | 'always';
        };
        steps: (
          | {
              duration?: string;
              for?:
                | {
                    event: string;
                    where?: {
                      /** @enum {string} */
                      op:
                        | 'eq'
                        | 'neq'
                        | 'gt'
                        | 'gte'
                        | 'lt'
                        | 'lte'
                        | 'in'
                        | 'contains'
                        | 'startsWith'
                        | 'exists'
                        | 'notExists'
                        | 'before'
                        | 'after'
                        | 'withinLast';
                      property: string;
                      value?: unknown;
                    }[];
                  }
                | {
                    entered?: boolean;
                    /** Format: uuid */
                    segment: string;
                  };
              id: string;
              label?: string;
              next?: string;
              timeout?: string;
              timeoutNext?: string;
              /** @enum {string} */
              type: 'wait';
              ui?: {
                x: number;
                y: number;
              };
              until?: {
                time: string;
                timezone?: string;
              };
            }
          | {
              id: string;
              label?: string;
              next?: string;
              no: string;
              rule: {
                [key: string]: unknown;
              };
              /** @enum {string} */
              type: 'branch';
              ui?: {
                x: number;
                y: number;
              };
              yes: string;
            }
          | {
              branches: {
                key: string;
                next: string;
                share: number;
              }[];
              id: string;
              label?: string;
              next?: string;
              /** @enum {string} */
              type: 'split';
              ui?: {
                x: number;
                y: number;
              };
            }
          | {
              /** Format: uuid */
              channelId: string;
              data?: {
                [key: string]: unknown;
              };
              id: string;
              label?: string;
              next?: string;
              /** Format: uuid */
              templateId: string;
              /** @enum {string} */
              type: 'send';
              ui?: {
                x: number;
                y: number;
              };
            }
          | {
              id: string;
              label?: string;
              next?: string;
              trait: string;
              /** @enum {string} */
              type: 'update_trait';
              ui?: {
                x: number;
                y: number;
              };
              value: unknown;
            }
          | {
              id: string;
              label?: string;
              next?: string;
              points: number;
              reason?: string;
              /** @enum {string} */
              type: 'give_points';
              ui?: {
                x: number;
                y: number;
              };
            }
          | {
              dueIn?: string;
              id: string;
              label?: string;
              next?: string;
              note?: string;
              title: string;
              /** @enum {string} */
              type: 'create_task';
              ui?: {
                x: number;
                y: number;
              };
            }
          | {
              id: string;
              label?: string;
              next?: string;
              secret?: string;
              /** @enum {string} */
              type: 'webhook';
              ui?: {
                x: number;
                y: number;
              };
              /** Format: uri */
              url: string;
            }
          | {
              id: string;
              label?: string;
              next?: string;
              /** @enum {string} */
              type: 'exit';
              ui?: {
                x: number;
                y: number;
              };
            }
        )[];
      };
      description: string | null;
      id: string;
      name: string;
      /** Format: date-time */
      publishedAt: string | null;
      /** @enum {string} */
      status: 'draft' | 'active' | 'paused' | 'archived';
      /** Format: date-time */
      updatedAt: string;
      /** @description The latest published version (null: never published) */
      version: number | null;
    };
    /** @description A page of Journey records; `nextCursor` (null on the last page) fetches the next one */
    JourneyPage: {
      data: components['schemas']['Journey'][];
      nextCursor: string | null;
    };
    /** @description Per step and for the journey, from the runs and the step log; rates are fractions, null when a group is empty */
    JourneyStats: {
      branches: {
        conversionRate: number | null;
        converted: number;
        entered: number;
        /** @description yes / no, or a split key */
        outcome: string;
        stepId: string;
      }[];
      data: {
        /** @description Left the step onward */
        completed: number;
        /** @description Distinct runs that passed the step and reached the goal */
        converted: number;
        /** @description Times a person entered the step */
        entered: number;
        /** @description Left the journey at the step (outcome 'exited' or 'error') */
        exited: number;
        stepId: string;
        /** @enum {string|null} */
        type:
          | 'wait'
          | 'branch'
          | 'split'
          | 'send'
          | 'update_trait'
          | 'give_points'
          | 'create_task'
          | 'webhook'
          | 'exit'
          | null;
        /** @description Runs at the step now (active or waiting) */
        waiting: number;
      }[];
      journey: {
        active: number;
        completed: number;
        controlConversionRate: number | null;
        controlConverted: number;
        /** @description Hold-out runs (they take no steps) */
        controlEntered: number;
        conversionRate: number | null;
        converted: number;
        /** @description Treatment runs */
        entered: number;
        exited: number;
        /** @description conversionRate − controlConversionRate (absolute) */
        uplift: number | null;
      };
    };
    /** @description The problems that would refuse a publish */
    JourneyValidation: {
      errors: {
        message: string;
        path: string;
        stepId: string | null;
      }[];
      ok: boolean;
    };
    /** @description A published version of a journey */
    JourneyVersion: {
      counts: {
        active: number;
        total: number;
      };
      /** @description A journey definition. entry: {event, where?} | {segment} | {dateTrait, offsetDays?, at?} | {api: true}; steps: wait (duration | until {time, timezone?} | for {event, where?} or {segment, entered?} with timeout, timeoutNext?), branch {rule, yes, no}, split {branches: [{key, share, next}]}, send {channelId, templateId, data?}, update_trait {trait, value}, give_points {points, reason?}, create_task {title, dueIn?, note?}, webhook {url, secret?}, exit. A step without `next` goes to the following one; the last (or next "end") completes the run. Durations: "5s", "30m", "2h", "3d". Optional: goal {event, where?, within?}, controlPercent (0–50), reentry {mode: never|after|always, after?}, cap {max, within}, consent {channel, purpose?}; steps may carry ui {x, y} and the definition layout {entry: {x, y}} for the editor. */
      definition: {
        cap?: {
          max: number;
          within: string;
        };
        consent?: {
          /** @enum {string} */
          channel: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk';
          /** @enum {string} */
          purpose?: 'marketing' | 'transactional';
        };
        controlPercent?: number;
        entry:
          | {
              event: string;
              where?: {
                /** @enum {string} */
                op:
                  | 'eq'
                  | 'neq'
                  | 'gt'
                  | 'gte'
                  | 'lt'
                  | 'lte'
                  | 'in'
                  | 'contains'
                  | 'startsWith'
                  | 'exists'
                  | 'notExists'
                  | 'before'
                  | 'after'
                  | 'withinLast';
                property: string;
                value?: unknown;
              }[];
            }
          | {
              /** Format: uuid */
              segment: string;
            }
          | {
              at?: string;
              dateTrait: string;
              offsetDays?: number;
            }
          | {
              /** @enum {boolean} */
              api: true;
            };
        goal?: {
          event: string;
          where?: {
            /** @enum {string} */
            op:
              | 'eq'
              | 'neq'
              | 'gt'
              | 'gte'
              | 'lt'
              | 'lte'
              | 'in'
              | 'contains'
              | 'startsWith'
              | 'exists'
              | 'notExists'
              | 'before'
              | 'after'
              | 'withinLast';
            property: string;
            value?: unknown;
          }[];
          within?: string;
        };
        layout?: {
          entry?: {
            x: number;
            y: number;
          };
        };
        reentry?: {
          after?: string;
          /** @enum {string} */
          mode: 'never' | 'after' | 'always';
        };
        steps: (
          | {
              duration?: string;
              for?:
                | {
                    event: string;
                    where?: {
                      /** @enum {string} */
                      op:
                        | 'eq'
                        | 'neq'
                        | 'gt'
                        | 'gte'
                        | 'lt'
                        | 'lte'
                        | 'in'
                        | 'contains'
                        | 'startsWith'
                        | 'exists'
                        | 'notExists'
                        | 'before'
                        | 'after'
                        | 'withinLast';
                      property: string;
                      value?: unknown;
                    }[];
                  }
                | {
                    entered?: boolean;
                    /** Format: uuid */
                    segment: string;
                  };
              id: string;
              label?: string;
              next?: string;
              timeout?: string;
              timeoutNext?: string;
              /** @enum {string} */
              type: 'wait';
              ui?: {
                x: number;
                y: number;
              };
              until?: {
                time: string;
                timezone?: string;
              };
            }
          | {
              id: string;
              label?: string;
              next?: string;
              no: string;
              rule: {
                [key: string]: unknown;
              };
              /** @enum {string} */
              type: 'branch';
              ui?: {
                x: number;
                y: number;
              };
              yes: string;
            }
          | {
              branches: {
                key: string;
                next: string;
                share: number;
              }[];
              id: string;
              label?: string;
              next?: string;
              /** @enum {string} */
              type: 'split';
              ui?: {
                x: number;
                y: number;
              };
            }
          | {
              /** Format: uuid */
              channelId: string;
              data?: {
                [key: string]: unknown;
              };
              id: string;
              label?: string;
              next?: string;
              /** Format: uuid */
              templateId: string;
              /** @enum {string} */
              type: 'send';
              ui?: {
                x: number;
                y: number;
              };
            }
          | {
              id: string;
              label?: string;
              next?: string;
              trait: string;
              /** @enum {string} */
              type: 'update_trait';
              ui?: {
                x: number;
                y: number;
              };
              value: unknown;
            }
          | {
              id: string;
              label?: string;
              next?: string;
              points: number;
              reason?: string;
              /** @enum {string} */
              type: 'give_points';
              ui?: {
                x: number;
                y: number;
              };
            }
          | {
              dueIn?: string;
              id: string;
              label?: string;
              next?: string;
              note?: string;
              title: string;
              /** @enum {string} */
              type: 'create_task';
              ui?: {
                x: number;
                y: number;
              };
            }
          | {
              id: string;
              label?: string;
              next?: string;
              secret?: string;
              /** @enum {string} */
              type: 'webhook';
              ui?: {
                x: number;
                y: number;
              };
              /** Format: uri */
              url: string;
            }
          | {
              id: string;
              label?: string;
              next?: string;
              /** @enum {string} */
              type: 'exit';
              ui?: {
                x: number;
                y: number;
              };
            }
        )[];
      };
      /** Format: date-time */
      publishedAt: string;
      publishedBy: string | null;
      version: number;
    };
    /** @description A knowledge-base article (agents search it; the bot answers from it) */
    KbArticle: {
      /** @description Plain text or Markdown (shown without HTML) */
      body: string;
      /** Format: date-time */
      createdAt: string;
      id: string;
      /** @enum {string} */
      locale: 'ru' | 'en';
      /** @enum {string} */
      status: 'draft' | 'published';
      tags: string[];
      title: string;
      /** Format: date-time */
      updatedAt: string;
      updatedBy: {
        id: string | null;
        label: string | null;
      } | null;
    };
    /** @description A page of KbArticle records; `nextCursor` (null on the last page) fetches the next one */
    KbArticlePage: {
      data: components['schemas']['KbArticle'][];
      nextCursor: string | null;
    };
    /**
     * @description How many records a list selects, counted up to 10000
     * @example {
     *       "count": 42,
     *       "exact": true
     *     }
     */
    ListCount: {
      count: number;
      /** @description false: there are more than `count` */
      exact: boolean;
    };
    /** @description One click: a reply and/or note, then fields set */
    Macro: {
      actions: {
        addTags?: string[];
        /** Format: uuid */
        assigneeId?: string | null;
        note?: string;
        /** @enum {string} */
        priority?: 'low' | 'normal' | 'high' | 'urgent';
        removeTags?: string[];
        reply?: string;
        /** @enum {string} */
        status?: 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
        /** Format: uuid */
        teamId?: string | null;
        topic?: string | null;
      };
      /** Format: date-time */
      createdAt: string;
      id: string;
      name: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A public mention of the brand with its text analysis */
    Mention: {
      analysis: {
        complaint: boolean;
        language: string;
        sentiment: {
          /** @enum {string} */
          label: 'negative' | 'neutral' | 'positive';
          score: number;
        };
        topics: string[];
      };
      author: components['schemas']['MentionAuthor'] | null;
      authorName: string | null;
      externalId: string | null;
      id: string;
      personId: string | null;
      /** Format: date-time */
      publishedAt: string;
      /** Format: date-time */
      receivedAt: string;
      /** @description The source's kind (rss, telegram, vk, reviews) or the webhook's `source` */
      source: string;
      sourceId: string | null;
      text: string;
      title: string | null;
      url: string | null;
    };
    /** @description A spike of negative feedback an alert rule raised (one per rule and window) */
    MentionAlert: {
      /** Format: date-time */
      acknowledgedAt: string | null;
      baselineMean: number;
      baselineSd: number;
      /** @description The window's negative items per source */
      bySource: {
        mention: number;
        survey: number;
        ticket: number;
      };
      count: number;
      /** Format: date-time */
      createdAt: string;
      id: string;
      mentionIds: string[];
      ruleId: string;
      ruleName: string;
      /** @description Up to 20 of the window's items, newest first (a mention, a survey response, a ticket message) */
      sample: {
        id: string;
        /** @enum {string} */
        source: 'mention' | 'survey' | 'ticket';
      }[];
      /** @enum {string} */
      scope: 'all' | 'topic' | 'store' | 'keyword' | 'product';
      scopeValue: string | null;
      /** @description The sources the rule counted */
      sources: ('mention' | 'survey' | 'ticket')[];
      threshold: number;
      /** Format: date-time */
      windowEnd: string;
      /** Format: date-time */
      windowStart: string;
    };
    /** @description A page of MentionAlert records; `nextCursor` (null on the last page) fetches the next one */
    MentionAlertPage: {
      data: components['schemas']['MentionAlert'][];
      nextCursor: string | null;
    };
    /** @description Raise an alert when the negative feedback (of its sources) of a scope in the current window (windowMinutes, aligned to UTC) reach minCount and exceed the mean + sigma·SD of the baselineWindows windows before it */
    MentionAlertRule: {
      baselineWindows: number;
      /** Format: date-time */
      createdAt: string;
      emailChannelId: string | null;
      emails: string[];
      enabled: boolean;
      id: string;
      /** @enum {string} */
      metric: 'negative_mentions';
      minCount: number;
      name: string;
      /** @enum {string} */
      scope: 'all' | 'topic' | 'store' | 'keyword' | 'product';
      scopeValue: string | null;
      sigma: number;
      /** @description The feedback counted: mentions, survey comments, ticket messages */
      sources: ('mention' | 'survey' | 'ticket')[];
      /** Format: date-time */
      updatedAt: string;
      windowMinutes: number;
    };
    /** @description A mention's author on a network, with their reach */
    MentionAuthor: {
      followers: number | null;
      handle: string;
      id: string;
      /** @description A key opinion leader: followers at or above KARTOTEKA_MENTIONS_KOL_FOLLOWERS */
      kol: boolean;
      name: string | null;
      network: string;
      /** @description The CDP person an identity of the author matched */
      personId: string | null;
      profileUrl: string | null;
    };
    /** @description A page of Mention records; `nextCursor` (null on the last page) fetches the next one */
    MentionPage: {
      data: components['schemas']['Mention'][];
      nextCursor: string | null;
    };
    /** @description Where mentions are read from: a feed, a Telegram bridge, VK search, a review site */
    MentionSource: {
      /** Format: date-time */
      createdAt: string;
      enabled: boolean;
      id: string;
      /** @enum {string} */
      kind: 'rss' | 'telegram' | 'vk' | 'reviews' | 'webhook';
      name: string;
      pollMinutes: number;
      settings: {
        /** @description VK: a token is stored (sealed; never shown) */
        accessTokenSet?: boolean;
        apiVersion?: string;
        channel?: string;
        /** @enum {string} */
        format?: 'auto' | 'rss' | 'json';
        /** @enum {string} */
        method?: 'newsfeed.search' | 'wall.search';
        ownerId?: number;
        query?: string;
      };
      status: {
        fetchedTotal: number;
        lastError: string | null;
        lastFetched: number;
        /** Format: date-time */
        lastOkAt: string | null;
        /** Format: date-time */
        polledAt: string | null;
      };
      /** Format: date-time */
      updatedAt: string;
      url: string | null;
    };
    /** @description A message in the send ledger */
    Message: {
      address: string | null;
      attempts: number;
      broadcastId: string | null;
      channelId: string;
      /** @enum {string} */
      channelType: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk' | 'webhook';
      /** Format: date-time */
      clickedAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      deliveredAt: string | null;
      id: string;
      /** @enum {string} */
      kind: 'marketing' | 'transactional';
      /** Format: date-time */
      openedAt: string | null;
      personId: string;
      providerId: string | null;
      /** @description Why it was not sent, bounced or failed: no_consent, suppressed, frequency_cap, no_address, interrupted, render_error, a provider code… */
      reason: string | null;
      /**
       * Format: date-time
       * @description Waits until then (quiet hours, a retry backoff, throttling)
       */
      sendAfter: string | null;
      /** Format: date-time */
      sentAt: string | null;
      /** @enum {string} */
      status:
        | 'queued'
        | 'sending'
        | 'sent'
        | 'delivered'
        | 'opened'
        | 'clicked'
        | 'bounced'
        | 'failed'
        | 'complained'
        | 'suppressed';
      subject: string | null;
      templateId: string | null;
      templateVersion: number | null;
    };
    MessageAccepted: {
      id: string;
      /** @enum {string} */
      status:
        | 'queued'
        | 'sending'
        | 'sent'
        | 'delivered'
        | 'opened'
        | 'clicked'
        | 'bounced'
        | 'failed'
        | 'complained'
        | 'suppressed';
    };
    /** @description A message with its history */
    MessageDetail: {
      address: string | null;
      attempts: number;
      broadcastId: string | null;
      channelId: string;
      /** @enum {string} */
      channelType: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk' | 'webhook';
      /** Format: date-time */
      clickedAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      deliveredAt: string | null;
      history: {
        detail: {
          [key: string]: unknown;
        };
        /** Format: date-time */
        occurredAt: string;
        /** @description queued, sent, delivered, opened, clicked, bounced, failed, suppressed, deferred, retry… */
        type: string;
      }[];
      id: string;
      /** @enum {string} */
      kind: 'marketing' | 'transactional';
      /** Format: date-time */
      openedAt: string | null;
      personId: string;
      providerId: string | null;
      /** @description Why it was not sent, bounced or failed: no_consent, suppressed, frequency_cap, no_address, interrupted, render_error, a provider code… */
      reason: string | null;
      /**
       * Format: date-time
       * @description Waits until then (quiet hours, a retry backoff, throttling)
       */
      sendAfter: string | null;
      /** Format: date-time */
      sentAt: string | null;
      /** @enum {string} */
      status:
        | 'queued'
        | 'sending'
        | 'sent'
        | 'delivered'
        | 'opened'
        | 'clicked'
        | 'bounced'
        | 'failed'
        | 'complained'
        | 'suppressed';
      subject: string | null;
      templateId: string | null;
      templateVersion: number | null;
    };
    /** @description A page of Message records; `nextCursor` (null on the last page) fetches the next one */
    MessagePage: {
      data: components['schemas']['Message'][];
      nextCursor: string | null;
    };
    /** @description Delivery analytics of a set of messages. deliveryRate = delivered/sent, openRate = opened/delivered, clickRate = clicked/delivered, clickToOpenRate = clicked/opened (opens and clicks unique per message); a rate is null when its denominator is 0 */
    MessageStats: {
      /** @description Messages that bounced (soft or hard) */
      bounced: number;
      /** @description Unique clicks: messages with at least one tracked link clicked */
      clicked: number;
      /** @description clicked / delivered (unique clicks, CTR); null when the denominator is 0 */
      clickRate: number | null;
      /** @description clicked / opened; null when the denominator is 0 */
      clickToOpenRate: number | null;
      /** @description Messages marked as spam by the recipient */
      complained: number;
      /** @description Messages that reached the person: delivered, opened or clicked (an open or a click implies delivery) */
      delivered: number;
      /** @description delivered / sent; null when the denominator is 0 */
      deliveryRate: number | null;
      /** @description Messages that could not be sent (status failed) */
      failed: number;
      /** @description Unique opens: messages opened at least once (a click implies an open) */
      opened: number;
      /** @description opened / delivered (unique opens); null when the denominator is 0 */
      openRate: number | null;
      /** @description Messages still queued or being sent */
      pending: number;
      /** @description Messages handed to the provider (sent_at set, or a later status: delivered, opened, clicked, bounced, complained) */
      sent: number;
      /** @description Messages not sent by policy: no consent, opted out, suppressed address, frequency cap, cancelled */
      suppressed: number;
      /** @description Messages in the ledger */
      total: number;
      /** @description Messages whose unsubscribe or preference link was used to withdraw */
      unsubscribed: number;
    };
    MessagingPolicy: {
      /**
       * @default {
       *       "perChannelPerDay": null,
       *       "perChannelPerWeek": null,
       *       "allChannelsPerDay": null,
       *       "allChannelsPerWeek": null
       *     }
       */
      frequencyCaps: {
        /**
         * @description … over all channels in 24 hours
         * @default null
         */
        allChannelsPerDay: number | null;
        /**
         * @description … over all channels in 7 days
         * @default null
         */
        allChannelsPerWeek: number | null;
        /**
         * @description Marketing messages a person gets per channel type in 24 hours at most
         * @default null
         */
        perChannelPerDay: number | null;
        /**
         * @description … per channel type in 7 days
         * @default null
         */
        perChannelPerWeek: number | null;
      };
      /**
       * @description No marketing message goes out between start and end in the person's time zone: it waits
       * @default null
       */
      quietHours: {
        end: string;
        start: string;
      } | null;
      /**
       * @description IANA time zone of persons without a `timezone` / `time_zone` trait
       * @default UTC
       */
      timezone: string;
    };
    /** @description Totals of the period and its daily series */
    MessagingStats: {
      /** @description Messages that bounced (soft or hard) */
      bounced: number;
      /** @description Unique clicks: messages with at least one tracked link clicked */
      clicked: number;
      /** @description clicked / delivered (unique clicks, CTR); null when the denominator is 0 */
      clickRate: number | null;
      /** @description clicked / opened; null when the denominator is 0 */
      clickToOpenRate: number | null;
      /** @description Messages marked as spam by the recipient */
      complained: number;
      /** @description Messages that reached the person: delivered, opened or clicked (an open or a click implies delivery) */
      delivered: number;
      /** @description delivered / sent; null when the denominator is 0 */
      deliveryRate: number | null;
      /** @description Messages that could not be sent (status failed) */
      failed: number;
      /** @description Unique opens: messages opened at least once (a click implies an open) */
      opened: number;
      /** @description opened / delivered (unique opens); null when the denominator is 0 */
      openRate: number | null;
      /** @description Messages still queued or being sent */
      pending: number;
      /** @description Messages handed to the provider (sent_at set, or a later status: delivered, opened, clicked, bounced, complained) */
      sent: number;
      series: {
        /** @description Messages that bounced (soft or hard) */
        bounced: number;
        /** @description Unique clicks: messages with at least one tracked link clicked */
        clicked: number;
        /** @description clicked / delivered (unique clicks, CTR); null when the denominator is 0 */
        clickRate: number | null;
        /** @description clicked / opened; null when the denominator is 0 */
        clickToOpenRate: number | null;
        /** @description Messages marked as spam by the recipient */
        complained: number;
        /** @description UTC day (YYYY-MM-DD) the messages were created */
        date: string;
        /** @description Messages that reached the person: delivered, opened or clicked (an open or a click implies delivery) */
        delivered: number;
        /** @description delivered / sent; null when the denominator is 0 */
        deliveryRate: number | null;
        /** @description Messages that could not be sent (status failed) */
        failed: number;
        /** @description Unique opens: messages opened at least once (a click implies an open) */
        opened: number;
        /** @description opened / delivered (unique opens); null when the denominator is 0 */
        openRate: number | null;
        /** @description Messages still queued or being sent */
        pending: number;
        /** @description Messages handed to the provider (sent_at set, or a later status: delivered, opened, clicked, bounced, complained) */
        sent: number;
        /** @description Messages not sent by policy: no consent, opted out, suppressed address, frequency cap, cancelled */
        suppressed: number;
        /** @description Messages in the ledger */
        total: number;
        /** @description Messages whose unsubscribe or preference link was used to withdraw */
        unsubscribed: number;
      }[];
      /** @description Messages not sent by policy: no consent, opted out, suppressed address, frequency cap, cancelled */
      suppressed: number;
      /** @description Messages in the ledger */
      total: number;
      /** @description Messages whose unsubscribe or preference link was used to withdraw */
      unsubscribed: number;
    };
    /** @description The promotions that apply to a person's cart and their reward */
    OfferEvaluation: {
      /** @description Bonus points balance now */
      balance: number;
      personId: string;
      /** @description Points the order would earn (base × the best multiplier) */
      pointsEarned: number;
      promotions: components['schemas']['AppliedPromotion'][];
      subtotal: number;
      /** @description subtotal − totalDiscount */
      total: number;
      totalDiscount: number;
    };
    /** @description A recorded redemption (the same body on every retry) */
    OfferRedemption: {
      /** @description Balance after the spend and the earn */
      balance: number;
      personId: string;
      pointsEarned: number;
      pointsSpent: number;
      promotions: components['schemas']['AppliedPromotion'][];
      redemptionId: string;
      /** @description To pay: subtotal − totalDiscount − pointsSpent (one point = one rouble) */
      total: number;
      totalDiscount: number;
    };
    /**
     * @description A person in the CRM
     * @example {
     *       "id": "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b",
     *       "firstName": "Анна",
     *       "lastName": "Смирнова",
     *       "name": "Анна Смирнова",
     *       "emails": [
     *         "anna@example.ru"
     *       ],
     *       "phones": [
     *         "+79161234567"
     *       ],
     *       "companyId": "0193a1b2-7c4d-7e5f-8a9b-000000000001",
     *       "company": {
     *         "id": "0193a1b2-7c4d-7e5f-8a9b-000000000001",
     *         "name": "ООО «Ромашка»"
     *       },
     *       "position": "Закупки",
     *       "ownerId": null,
     *       "owner": null,
     *       "lifecycleStage": "customer",
     *       "source": "web_form",
     *       "street": null,
     *       "city": "Москва",
     *       "region": null,
     *       "country": "RU",
     *       "postalCode": null,
     *       "birthday": null,
     *       "tags": [
     *         "vip"
     *       ],
     *       "customFields": {},
     *       "externalId": null,
     *       "createdAt": "2026-01-15T09:30:00.000Z",
     *       "updatedAt": "2026-02-01T12:00:00.000Z"
     *     }
     */
    Person: {
      birthday: string | null;
      city: string | null;
      company: {
        id: string;
        name: string;
      } | null;
      companyId: string | null;
      country: string | null;
      /** Format: date-time */
      createdAt: string;
      customFields: {
        [key: string]: unknown;
      };
      emails: string[];
      externalId: string | null;
      firstName: string | null;
      id: string;
      lastName: string | null;
      /** @enum {string|null} */
      lifecycleStage: 'lead' | 'prospect' | 'customer' | 'churned' | null;
      name: string;
      owner: {
        id: string;
        name: string;
      } | null;
      ownerId: string | null;
      phones: string[];
      position: string | null;
      postalCode: string | null;
      region: string | null;
      source: string | null;
      street: string | null;
      tags: string[];
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A person with identities, traits, computed traits and consents (the unified profile) */
    PersonDetail: {
      birthday: string | null;
      city: string | null;
      company: {
        id: string;
        name: string;
      } | null;
      companyId: string | null;
      computedTraits: {
        averageCheck: number | null;
        /** @description Probability (0–1) of no order in the next 90 days, from the insights churn model; null = unknown */
        churnProbability?: number | null;
        /** @description The workspace's currency (setting `currency`, RUB by default): revenue, averageCheck, ltv and predictedLtv12m are in it; an order that names no currency counts as it */
        currency: string;
        custom: {
          [key: string]: unknown;
        };
        /** @description The customer type (insights customer-types clusters: champions, loyal, new, at_risk, hibernating, bargain_hunters, browsers); null = unknown */
        customerType?: string | null;
        daysSinceLastActivity: number | null;
        eventCount: number;
        /** Format: date-time */
        firstOrderAt: string | null;
        /** Format: date-time */
        firstSeenAt: string | null;
        /** Format: date-time */
        lastOrderAt: string | null;
        /** Format: date-time */
        lastSeenAt: string | null;
        ltv: number;
        orderCount: number;
        /** @description Probability (0–1) that the person defaults on an invoice (insights payment-risk model); null = unknown */
        paymentRisk?: number | null;
        /** @description Predicted revenue over the next 12 months (insights LTV model), in the currency; null = unknown */
        predictedLtv?: number | null;
        /** @description Null until the person has enough order history for a 12-month prediction: see predictedLtv12mBasis */
        predictedLtv12m: number | null;
        /** @description The history the prediction stands on (orders, days from the first to the last) and the least it needs */
        predictedLtv12mBasis: {
          minOrders: number;
          minSpanDays: number;
          orders: number;
          /** @description Why there is no prediction, e.g. "not enough history: 2 orders over 6 days …"; null when there is one */
          reason: string | null;
          spanDays: number;
        };
        purchaseFrequencyDays: number | null;
        revenue: number;
        /** @description Order revenue per currency the person paid in, e.g. {"RUB": 1500, "USD": 20} */
        revenueByCurrency: {
          [key: string]: number;
        };
        rfm: {
          f: number;
          m: number;
          r: number;
          /** @enum {string} */
          segment:
            | 'champions'
            | 'loyal'
            | 'potential_loyalist'
            | 'new'
            | 'promising'
            | 'need_attention'
            | 'about_to_sleep'
            | 'at_risk'
            | 'cant_lose'
            | 'hibernating'
            | 'lost';
        } | null;
        sessions: number;
      };
      consents: {
        /** Format: date-time */
        changedAt: string | null;
        /** @enum {string} */
        channel: 'email' | 'sms' | 'push' | 'messenger' | 'calls';
        granted: boolean | null;
        /** @enum {string} */
        purpose: 'marketing' | 'service';
        source: string | null;
        /** @enum {string} */
        status: 'granted' | 'withdrawn' | 'unknown';
      }[];
      country: string | null;
      /** Format: date-time */
      createdAt: string;
      customFields: {
        [key: string]: unknown;
      };
      emails: string[];
      externalId: string | null;
      firstName: string | null;
      id: string;
      identities: {
        kind: string;
        value: string;
      }[];
      /** @description false for a person only tracked so far: CRM fields are empty until the first save */
      inCrm: boolean;
      lastName: string | null;
      /** @enum {string|null} */
      lifecycleStage: 'lead' | 'prospect' | 'customer' | 'churned' | null;
      name: string;
      owner: {
        id: string;
        name: string;
      } | null;
      ownerId: string | null;
      phones: string[];
      position: string | null;
      postalCode: string | null;
      region: string | null;
      /** @description Ids of the segments and lists the person is in now */
      segments: string[];
      source: string | null;
      street: string | null;
      tags: string[];
      traits: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A person's run through a journey with its steps */
    PersonJourney: {
      /** Format: date-time */
      enteredAt: string;
      exitReason: string | null;
      /** Format: date-time */
      finishedAt: string | null;
      /** @enum {string} */
      group: 'treatment' | 'control';
      journeyId: string;
      journeyName: string;
      runId: string;
      /** @enum {string} */
      state: 'active' | 'waiting' | 'completed' | 'exited' | 'converted';
      stepId: string | null;
      steps: {
        /** Format: date-time */
        enteredAt: string;
        /** Format: date-time */
        leftAt: string | null;
        outcome: string | null;
        stepId: string;
        /** @enum {string|null} */
        type:
          | 'wait'
          | 'branch'
          | 'split'
          | 'send'
          | 'update_trait'
          | 'give_points'
          | 'create_task'
          | 'webhook'
          | 'exit'
          | null;
      }[];
      version: number;
    };
    /** @description A page of Person records; `nextCursor` (null on the last page) fetches the next one */
    PersonPage: {
      data: components['schemas']['Person'][];
      nextCursor: string | null;
    };
    /** @description A person's score of one kind and what drove it */
    PersonScore: {
      /** @description The top factors, largest effect first */
      factors: {
        /** @description Its share of the score (log-odds for probabilities, currency for LTV) */
        contribution: number;
        feature: string;
        /** @description The person's value of the feature */
        value: number;
      }[];
      /** @enum {string} */
      kind: 'churn' | 'propensity' | 'recommendations' | 'payment-risk' | 'ltv' | 'customer-types';
      modelVersion: number;
      score: number;
      /** Format: date-time */
      scoredAt: string;
    };
    /** @description A sales pipeline with its ordered stages */
    Pipeline: {
      /** Format: date-time */
      createdAt: string;
      currency: string;
      id: string;
      name: string;
      position: number;
      stages: {
        id: string;
        /** @enum {string} */
        kind: 'open' | 'won' | 'lost';
        name: string;
        pipelineId: string;
        position: number;
        probability: number;
      }[];
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description One entry of the bonus points ledger */
    PointsEntry: {
      balanceAfter: number;
      /** Format: date-time */
      createdAt: string;
      createdBy: string | null;
      /**
       * Format: date-time
       * @description When what is left of an earn expires
       */
      expiresAt: string | null;
      id: string;
      orderId: string | null;
      /** @description Signed: spend and expire are negative */
      points: number;
      promotionId: string | null;
      reason: string;
      /** @enum {string} */
      type: 'earn' | 'spend' | 'expire' | 'adjust';
    };
    /** @description A person's balance and ledger, newest first */
    PointsHistory: {
      balance: number;
      data: components['schemas']['PointsEntry'][];
      /** @description Points that expire within 30 days, and the first expiry */
      expiringSoon: {
        /** Format: date-time */
        at: string;
        points: number;
      } | null;
      nextCursor: string | null;
    };
    /** @description A catalogue product: cart lines and promotions name products by sku */
    Product: {
      category: string | null;
      /** Format: date-time */
      createdAt: string;
      name: string;
      /** @description Unit price in the workspace currency (roubles) */
      price: number | null;
      sku: string;
    };
    /** @description A CDP person: identities, traits (with the source of each) and computed traits */
    Profile: {
      computedTraits: {
        averageCheck: number | null;
        /** @description Probability (0–1) of no order in the next 90 days, from the insights churn model; null = unknown */
        churnProbability?: number | null;
        /** @description The workspace's currency (setting `currency`, RUB by default): revenue, averageCheck, ltv and predictedLtv12m are in it; an order that names no currency counts as it */
        currency: string;
        custom: {
          [key: string]: unknown;
        };
        /** @description The customer type (insights customer-types clusters: champions, loyal, new, at_risk, hibernating, bargain_hunters, browsers); null = unknown */
        customerType?: string | null;
        daysSinceLastActivity: number | null;
        eventCount: number;
        /** Format: date-time */
        firstOrderAt: string | null;
        /** Format: date-time */
        firstSeenAt: string | null;
        /** Format: date-time */
        lastOrderAt: string | null;
        /** Format: date-time */
        lastSeenAt: string | null;
        ltv: number;
        orderCount: number;
        /** @description Probability (0–1) that the person defaults on an invoice (insights payment-risk model); null = unknown */
        paymentRisk?: number | null;
        /** @description Predicted revenue over the next 12 months (insights LTV model), in the currency; null = unknown */
        predictedLtv?: number | null;
        /** @description Null until the person has enough order history for a 12-month prediction: see predictedLtv12mBasis */
        predictedLtv12m: number | null;
        /** @description The history the prediction stands on (orders, days from the first to the last) and the least it needs */
        predictedLtv12mBasis: {
          minOrders: number;
          minSpanDays: number;
          orders: number;
          /** @description Why there is no prediction, e.g. "not enough history: 2 orders over 6 days …"; null when there is one */
          reason: string | null;
          spanDays: number;
        };
        purchaseFrequencyDays: number | null;
        revenue: number;
        /** @description Order revenue per currency the person paid in, e.g. {"RUB": 1500, "USD": 20} */
        revenueByCurrency: {
          [key: string]: number;
        };
        rfm: {
          f: number;
          m: number;
          r: number;
          /** @enum {string} */
          segment:
            | 'champions'
            | 'loyal'
            | 'potential_loyalist'
            | 'new'
            | 'promising'
            | 'need_attention'
            | 'about_to_sleep'
            | 'at_risk'
            | 'cant_lose'
            | 'hibernating'
            | 'lost';
        } | null;
        sessions: number;
      };
      /** Format: date-time */
      createdAt: string;
      id: string;
      identities: {
        kind: string;
        value: string;
      }[];
      traits: {
        [key: string]: unknown;
      };
      traitSources: {
        [key: string]: {
          at: string | null;
          kind: string | null;
          origin: string | null;
          sourceId: string;
          sourceName: string | null;
        };
      };
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A promotion: a mechanic, its rules, validity, geography, audience and limits */
    Promotion: {
      /** Format: date-time */
      createdAt: string;
      createdBy: string | null;
      description: string;
      /** Format: date-time */
      endsAt: string | null;
      /** @description Where it applies; empty arrays = everywhere */
      geography: {
        cities: string[];
        regions: string[];
        stores: string[];
      };
      id: string;
      limitPerPerson: number | null;
      limitTotal: number | null;
      /** @enum {string} */
      mechanic: 'buy_n_get_m' | 'points_multiplier' | 'percent_off' | 'gift' | 'birthday_points';
      name: string;
      /** @description The mechanic's params (see createPromotion) */
      params: {
        [key: string]: unknown;
      };
      /** @description Redemptions (or birthday grants) that applied it */
      redemptions: number;
      segmentId: string | null;
      /** Format: date-time */
      startsAt: string | null;
      /** @enum {string} */
      status: 'draft' | 'active' | 'paused' | 'ended' | 'archived';
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A browser's Web Push subscription, of one person */
    PushSubscription: {
      /** Format: date-time */
      createdAt: string;
      endpoint: string;
      id: string;
      keys: {
        auth: string;
        p256dh: string;
      };
      personId: string;
    };
    /** @description A product recommended to a person */
    Recommendation: {
      /** @description The product id (sku) of the catalogue and the orders */
      productId: string;
      /** @description Co-purchase score (higher first); popular products filling the list score below 0.001 */
      score: number;
    };
    /** @description A new conversation meets the rules in order; the first match routes it */
    RoutingRule: {
      actions: {
        /** @enum {string} */
        assign?: 'round_robin' | 'least_busy' | 'none';
        /** Format: uuid */
        assigneeId?: string | null;
        /** @enum {string} */
        priority?: 'low' | 'normal' | 'high' | 'urgent';
        tags?: string[];
        /** Format: uuid */
        teamId?: string | null;
        topic?: string;
      };
      conditions: {
        channels?: ('email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api')[];
        inboxIds?: string[];
        keywords?: string[];
        languages?: string[];
        priorities?: ('low' | 'normal' | 'high' | 'urgent')[];
        topics?: string[];
        trait?: {
          equals: unknown;
          key: string;
        };
        vip?: boolean;
      };
      /** Format: date-time */
      createdAt: string;
      enabled: boolean;
      id: string;
      name: string;
      position: number;
      /** Format: date-time */
      updatedAt: string;
    };
    /**
     * @description A segment: a rule over people, its size and version
     * @example {
     *       "id": "0193a1b2-7c4d-7e5f-8a9b-000000000010",
     *       "name": "Москва, 2+ заказа за 30 дней",
     *       "description": null,
     *       "kind": "rule",
     *       "rule": {
     *         "all": [
     *           {
     *             "trait": "city",
     *             "op": "eq",
     *             "value": "Москва"
     *           },
     *           {
     *             "event": "Order Completed",
     *             "count": {
     *               "gte": 2
     *             },
     *             "within": "30d"
     *           }
     *         ]
     *       },
     *       "version": 1,
     *       "size": 1250,
     *       "computedVersion": 1,
     *       "computedAt": "2026-12-05T10:00:00.000Z",
     *       "createdAt": "2026-12-05T09:59:00.000Z",
     *       "updatedAt": "2026-12-05T09:59:00.000Z"
     *     }
     */
    Segment: {
      /** Format: date-time */
      computedAt: string | null;
      /** @description The version the membership was last fully computed from (null: not yet) */
      computedVersion: number | null;
      /** Format: date-time */
      createdAt: string;
      description: string | null;
      id: string;
      /**
       * @description rule: members follow the rule; list: members are added by hand or by CSV upload
       * @enum {string}
       */
      kind: 'rule' | 'list';
      name: string;
      /**
       * @description The rule; null for a list
       * @example {
       *       "all": [
       *         {
       *           "trait": "city",
       *           "op": "eq",
       *           "value": "Москва"
       *         },
       *         {
       *           "event": "Order Completed",
       *           "count": {
       *             "gte": 2
       *           },
       *           "within": "30d"
       *         }
       *       ]
       *     }
       */
      rule: {
        [key: string]: unknown;
      } | null;
      /** @description Current members */
      size: number;
      /** Format: date-time */
      updatedAt: string;
      /** @description Rule version: each new rule adds one */
      version: number;
    };
    /** @description A URL that receives a segment's added/removed members */
    SegmentDestination: {
      active: boolean;
      /** Format: date-time */
      createdAt: string;
      description: string;
      id: string;
      /** @description Why the last sync failed: `HTTP 500`, `timeout after 10000 ms`, … */
      lastError: string | null;
      /** @enum {string|null} */
      lastStatus: 'succeeded' | 'failed' | null;
      /**
       * Format: date-time
       * @description The last sync every page of which was acknowledged
       */
      lastSyncAt: string | null;
      /** @description The signing secret: in the answer to its creation only */
      secret?: string;
      segmentId: string;
      url: string;
    };
    /** @description A day of a segment's size history */
    SegmentHistoryDay: {
      /** @description A UTC day, YYYY-MM-DD */
      day: string;
      entered: number;
      exited: number;
      /** @description Members at the end of the day */
      size: number;
    };
    /** @description A current member of a segment and since when */
    SegmentMember: {
      /** Format: date-time */
      enteredAt: string;
      personId: string;
    };
    /** @description A page of SegmentMember records; `nextCursor` (null on the last page) fetches the next one */
    SegmentMemberPage: {
      data: components['schemas']['SegmentMember'][];
      nextCursor: string | null;
    };
    /** @description A CSV uploaded into a list: the job state and its per-row report */
    SegmentUpload: {
      /** @description Persons who entered the list */
      added: number;
      /** @description The header of the column read */
      column: string;
      /** Format: date-time */
      createdAt: string;
      /** @description Why the upload failed (status failed) */
      error: string | null;
      /** @description The first 100 rows that matched nobody (all of them: rejected.csv) */
      errors: {
        /** @enum {string} */
        code: 'EMPTY' | 'INVALID_EMAIL' | 'INVALID_PHONE' | 'INVALID_VALUE' | 'NOT_FOUND';
        message: string;
        /** @description The row in the file, the header being 1 */
        row: number;
        value: string;
      }[];
      fileName: string;
      /** Format: date-time */
      finishedAt: string | null;
      id: string;
      /** @description email, phone, user_id or external:<type> */
      identifier: string;
      /** @description Rows whose value is a known person */
      matched: number;
      /** @enum {string} */
      mode: 'add' | 'replace';
      /** @description Persons who left it (mode replace: members not in the file) */
      removed: number;
      /** @description Rows below the header */
      rows: number;
      segmentId: string;
      /** @enum {string} */
      status: 'queued' | 'running' | 'done' | 'failed';
      /** @description Rows that matched nobody (empty, invalid or unknown value) */
      unmatched: number;
    };
    /** @description When marketing sends to a person are held because of their service tickets */
    ServiceHoldPolicy: {
      /**
       * @description Hold when the person answered a CSAT survey with maxScore or less in the last `days` days
       * @default {
       *       "enabled": true,
       *       "maxScore": 2,
       *       "days": 14
       *     }
       */
      lowCsat: {
        /** @default 14 */
        days: number;
        /** @default true */
        enabled: boolean;
        /** @default 2 */
        maxScore: number;
      };
      /**
       * @description Hold while the person has a conversation still being worked on with one of these priorities
       * @default {
       *       "enabled": true,
       *       "priorities": [
       *         "high",
       *         "urgent"
       *       ]
       *     }
       */
      openTicket: {
        /** @default true */
        enabled: boolean;
        /**
         * @default [
         *       "high",
         *       "urgent"
         *     ]
         */
        priorities: ('low' | 'normal' | 'high' | 'urgent')[];
      };
      /**
       * @description Hold while a conversation of the person breached an SLA target in the last `days` days
       * @default {
       *       "enabled": true,
       *       "days": 7
       *     }
       */
      slaBreach: {
        /** @default 7 */
        days: number;
        /** @default true */
        enabled: boolean;
      };
    };
    /** @description One message of a conversation */
    ServiceMessage: {
      attachments: {
        contentType: string;
        filename: string;
        id: string;
        size: number;
      }[];
      /** @enum {string} */
      authorKind: 'client' | 'agent' | 'bot' | 'system';
      authorUserId: string | null;
      /** @description Plain text */
      body: string;
      /** @enum {string} */
      channel: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
      conversationId: string;
      /** Format: date-time */
      createdAt: string;
      /**
       * @description in: from the client; out: a reply; note: internal, never sent
       * @enum {string}
       */
      direction: 'in' | 'out' | 'note';
      /** @description The send in the message log (GET /messages/{id}) */
      engageMessageId: string | null;
      /** @description Sanitised HTML (email), or null */
      html: string | null;
      id: string;
      mentions: string[];
    };
    /** @description Volume, first response and resolution times (median, p90), SLA hit rate, CSAT and backlog over a period */
    ServiceReport: {
      /** @description Open conversations (new, open, pending, on hold, reopened) at each boundary, from the status history */
      backlog: {
        at: string;
        open: number;
      }[];
      /** @enum {string} */
      backlogStep: 'day' | 'hour';
      from: string;
      /** @enum {string} */
      groupBy: 'channel' | 'topic' | 'priority' | 'agent' | 'team' | 'hour' | 'day';
      groups: {
        csat: {
          answered: number;
          average: number | null;
          satisfiedShare: number | null;
        };
        /** @description First human reply − first inbound message (minutes), by when the reply came */
        firstResponse: {
          count: number;
          medianMinutes: number | null;
          p90Minutes: number | null;
        };
        key: string | null;
        /** @description Solved − created (minutes, pending/on hold included), by when it was solved */
        resolution: {
          count: number;
          medianMinutes: number | null;
          p90Minutes: number | null;
        };
        sla: {
          breached: number;
          hitRate: number | null;
          met: number;
        };
        /** @description Conversations created in the period */
        volume: number;
      }[];
      timezone: string;
      to: string;
      total: {
        csat: {
          answered: number;
          average: number | null;
          satisfiedShare: number | null;
        };
        /** @description First human reply − first inbound message (minutes), by when the reply came */
        firstResponse: {
          count: number;
          medianMinutes: number | null;
          p90Minutes: number | null;
        };
        key: string | null;
        /** @description Solved − created (minutes, pending/on hold included), by when it was solved */
        resolution: {
          count: number;
          medianMinutes: number | null;
          p90Minutes: number | null;
        };
        sla: {
          breached: number;
          hitRate: number | null;
          met: number;
        };
        /** @description Conversations created in the period */
        volume: number;
      };
    };
    /** @description A team of agents: a routing target with its assignment mode */
    ServiceTeam: {
      /** @enum {string} */
      assignment: 'round_robin' | 'least_busy' | 'none';
      /** @description The business-hours calendar of its SLA clocks */
      calendarId: string | null;
      /** Format: date-time */
      createdAt: string;
      id: string;
      memberIds: string[];
      name: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description Targets in business minutes for the conversations its conditions match; the first enabled policy by position applies */
    SlaPolicy: {
      calendarId: string | null;
      conditions: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      createdAt: string;
      enabled: boolean;
      firstResponseMinutes: number | null;
      id: string;
      name: string;
      nextResponseMinutes: number | null;
      position: number;
      resolutionMinutes: number | null;
      /** Format: date-time */
      updatedAt: string;
      warnPercent: number;
    };
    /** @description Where events come from; `writeKey` authenticates the tracking API */
    Source: {
      /** Format: date-time */
      createdAt: string;
      disabled: boolean;
      /** Format: date-time */
      disabledAt: string | null;
      id: string;
      /** @enum {string} */
      kind: 'web' | 'mobile' | 'server' | 'pos' | 'crm' | 'import';
      name: string;
      /** @enum {string} */
      origin: 'first' | 'second' | 'third';
      /** Format: date-time */
      updatedAt: string;
      writeKey: string;
    };
    /** @description A preference-centre topic: a marketing template may belong to one; a person who opts out of it gets none of its messages and keeps the channel's other marketing */
    SubscriptionGroup: {
      /** Format: date-time */
      createdAt: string;
      description: string | null;
      id: string;
      name: string;
      /** @description Persons who opted out of this group */
      optOuts: number;
    };
    /** @description An address never sent to again on a channel */
    Suppression: {
      address: string;
      /** @enum {string} */
      channel: 'email' | 'sms' | 'push' | 'messenger';
      /** Format: date-time */
      createdAt: string;
      detail: string | null;
      /** @enum {string} */
      reason: 'hard_bounce' | 'complaint' | 'manual' | 'unsubscribed';
    };
    /** @description A page of Suppression records; `nextCursor` (null on the last page) fetches the next one */
    SuppressionPage: {
      data: components['schemas']['Suppression'][];
      nextCursor: string | null;
    };
    /** @description An NPS, CSAT, CES or custom survey */
    Survey: {
      channels: ('email' | 'sms' | 'telegram' | 'chat' | 'link')[];
      /** Format: date-time */
      createdAt: string;
      id: string;
      name: string;
      /** @description A text in Russian and/or English */
      question: {
        en?: string;
        ru?: string;
      };
      questions: {
        /** @description Names the answer in `answers` */
        key: string;
        /** @enum {string} */
        kind: 'scale' | 'choice' | 'text';
        max?: number;
        min?: number;
        options?: {
          en?: string;
          ru?: string;
        }[];
        /** @description A text in Russian and/or English */
        text: {
          en?: string;
          ru?: string;
        };
      }[];
      scale: {
        max: number;
        min: number;
      } | null;
      segmentId: string | null;
      /** @enum {string} */
      status: 'draft' | 'active' | 'closed';
      /** @description A text in Russian and/or English */
      thanks: {
        en?: string;
        ru?: string;
      };
      /** @enum {string} */
      type: 'nps' | 'csat' | 'ces' | 'custom';
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description An answer to a survey */
    SurveyResponse: {
      /** @description The comment's language, sentiment and topics */
      analysis: {
        [key: string]: unknown;
      } | null;
      /** Format: date-time */
      answeredAt: string;
      answers: {
        [key: string]: unknown;
      };
      /** @description NPS: promoter, passive or detractor */
      category: string | null;
      channel: string | null;
      comment: string | null;
      /** @description A low answer: the ticket (or CRM task) opened and its outcome (open, solved, closed, reopened) */
      followUp: {
        conversationId: string | null;
        kind: string;
        status: string | null;
      } | null;
      id: string;
      /** @enum {string} */
      locale: 'ru' | 'en';
      personId: string;
      score: number | null;
      sentiment: string | null;
      surveyId: string;
    };
    /** @description NPS = % promoters (9–10) − % detractors (0–6); CSAT = % of 4–5 */
    SurveyResults: {
      average: number | null;
      bySegment: {
        detractors: number;
        name: string;
        nps: number | null;
        passives: number;
        promoters: number;
        responses: number;
        /** @description The type's headline: NPS, CSAT %, CES average */
        score: number | null;
        segmentId: string;
      }[];
      ces: number | null;
      comments: number;
      csat: number | null;
      delivered: number;
      detractors: number;
      followUps: {
        [key: string]: number;
      };
      /** @enum {string} */
      interval: 'week' | 'month';
      nps: number | null;
      overTime: {
        detractors: number;
        nps: number | null;
        passives: number;
        period: string;
        promoters: number;
        responses: number;
        /** @description The type's headline: NPS, CSAT %, CES average */
        score: number | null;
      }[];
      passives: number;
      promoters: number;
      /** @description Answers to the waves / requests delivered (%) */
      responseRate: number | null;
      responses: number;
      /** @description The type's headline: NPS, CSAT %, CES average */
      score: number | null;
      sentiment: {
        [key: string]: number;
      };
      /** @description Skipped requests by reason (recontact_limit, no_channel, no_chat_conversation, no_consent) */
      skipped: {
        [key: string]: number;
      };
      surveyId: string;
      /** @enum {string} */
      type: 'nps' | 'csat' | 'ces' | 'custom';
    };
    /** @description The team's day: the counts the admin's home page shows */
    TeamSummary: {
      /** @description Calls logged or planned today */
      callsToday: components['schemas']['ListCount'];
      /** @description The day counted (YYYY-MM-DD in tz) */
      day: string;
      /**
       * Format: date-time
       * @description The day's start
       */
      from: string;
      /** @description Meetings and visits today */
      meetingsToday: components['schemas']['ListCount'];
      /** @description People created since Monday */
      newPeopleThisWeek: components['schemas']['ListCount'];
      /** @description Open tasks due before today */
      overdueTasks: components['schemas']['ListCount'];
      /** @description Open tasks due today */
      tasksToday: components['schemas']['ListCount'];
      /** @description Open tasks due today per assignee, most first (userId null: unassigned) */
      tasksTodayByAssignee: {
        count: number;
        name: string | null;
        userId: string | null;
      }[];
      /**
       * Format: date-time
       * @description The next day's start
       */
      to: string;
      tz: string;
      wonThisMonth: {
        /** @description One total per currency, most deals first */
        byCurrency: {
          amount: number;
          count: number;
          currency: string;
        }[];
        count: number;
      };
    };
    /** @description A message template (current version). Liquid: person, data, message, unsubscribe_url, preferences_url (person.firstName, lastName, email, phone, locale, traits.*, computed.*; data.* from the sender); filters: Liquid's own plus money. A missing data.* variable fails the send (400 naming it) unless the template gives | default: */
    Template: {
      /** Format: date-time */
      archivedAt: string | null;
      body: string;
      /** @enum {string} */
      channel: 'email' | 'sms' | 'push' | 'messenger' | 'webhook';
      /** Format: date-time */
      createdAt: string;
      /** @enum {string} */
      format: 'mjml' | 'html' | 'text';
      /** @description The preference-centre group its marketing messages belong to */
      groupId: string | null;
      id: string;
      /** @enum {string} */
      kind: 'marketing' | 'transactional';
      name: string;
      subject: string | null;
      /** @description An email's plain-text part; null = derived from the HTML */
      text: string | null;
      /** Format: date-time */
      updatedAt: string;
      variants: {
        [key: string]: {
          body: string;
          subject?: string | null;
          text?: string | null;
        };
      };
      /** @description The current version */
      version: number;
    };
    /** @description A page of Template records; `nextCursor` (null on the last page) fetches the next one */
    TemplatePage: {
      data: components['schemas']['Template'][];
      nextCursor: string | null;
    };
    /** @description A template rendered for one person, without sending */
    TemplatePreview: {
      html: string | null;
      /** @description The variant used; null = the default content */
      locale: string | null;
      /** @description Variables the data lacks (shown as [data.x] in the preview) */
      missing: string[];
      /** @description SMS templates: the rendered text’s encoding, length and parts */
      sms: {
        /** @enum {string} */
        encoding: 'gsm7' | 'ucs2';
        length: number;
        perSegment: number;
        segments: number;
      } | null;
      subject: string | null;
      templateId: string;
      text: string;
      version: number;
    };
    /** @description One saved version of a template */
    TemplateVersion: {
      actor: string | null;
      body: string;
      /** Format: date-time */
      createdAt: string;
      /** @enum {string} */
      format: 'mjml' | 'html' | 'text';
      subject: string | null;
      /** @description An email's plain-text part; null = derived from the HTML */
      text: string | null;
      variants: {
        [key: string]: {
          body: string;
          subject?: string | null;
          text?: string | null;
        };
      };
      version: number;
    };
    /** @description Language, sentiment, topics and complaint flag of one text */
    TextAnalysis: {
      /** @description A complaint phrase was found ("верните деньги", "не работает", "refund", …) */
      complaint: boolean;
      /** @description refund, not-working, waiting, not-delivered, charged, escalation, fraud, rude; lexicon:<term> */
      complaintReasons: string[];
      /** @description ISO 639-1 (ru, en, uk, de, fr, es, it) or `und` (emoji or symbols only, too short) */
      language: string;
      /** @description What scored: words (¬ = negated), phrases, emoji, with their contribution */
      matches: {
        score: number;
        term: string;
      }[];
      /**
       * @description no-words: emoji or symbols only, so neutral whatever they say
       * @enum {string}
       */
      note?: 'no-words';
      sentiment: {
        /** @enum {string} */
        label: 'negative' | 'neutral' | 'positive';
        /** @description −1 (negative) … 1 (positive); labels at ±0.2 */
        score: number;
      };
      /** @description Topic keys (built-in and the workspace’s rules), in order of first mention */
      topics: string[];
    };
    /** @description A workspace word or phrase over the built-in sentiment lexicons */
    TextLexiconEntry: {
      complaint: boolean;
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      id: string;
      score: number;
      term: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description A workspace topic: keywords; a built-in key replaces that topic */
    TextTopicRule: {
      /** Format: date-time */
      createdAt: string;
      enabled: boolean;
      /** Format: uuid */
      id: string;
      key: string;
      keywords: string[];
      name: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description The text analysis of one client's message to the desk */
    TicketMessageAnalysis: {
      /** Format: date-time */
      at: string;
      channel: string;
      complaint: boolean;
      conversationId: string;
      excerpt: string;
      language: string;
      messageId: string;
      personId: string | null;
      sentiment: {
        /** @enum {string} */
        label: 'negative' | 'neutral' | 'positive';
        score: number;
      };
      topics: string[];
    };
    /** @description A P-256 key pair in URL-safe base64 */
    VapidKeys: {
      privateKey: string;
      publicKey: string;
    };
  };
  responses: {
    /** @description The request is invalid: a body field, query or path parameter fails validation (VALIDATION_FAILED, `details` names each field), or the body is malformed (BAD_REQUEST, MALFORMED_CSV, UNSUPPORTED_ENCODING) */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "VALIDATION_FAILED",
         *         "message": "email: Invalid email address",
         *         "details": [
         *           {
         *             "path": "email",
         *             "message": "Invalid email address",
         *             "code": "INVALID_EMAIL"
         *           }
         *         ]
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Conflicts with the current state: a duplicate of a unique value (ALREADY_EXISTS), a record still in use (CONFLICT), or a list operation on a segment that is not a list (NOT_A_LIST) */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "ALREADY_EXISTS",
         *         "message": "Already exists",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The caller's role lacks the permission (FORBIDDEN), or a cookie-authenticated write came without the same-origin header (CSRF_REJECTED) */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "FORBIDDEN",
         *         "message": "Role \"viewer\" lacks permission \"crm:write\"",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description No such record in this workspace (NOT_FOUND) */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "NOT_FOUND",
         *         "message": "Person not found",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The request body is too large (PAYLOAD_TOO_LARGE) */
    PayloadTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "PAYLOAD_TOO_LARGE",
         *         "message": "The request body is too large",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Rate limited: too many requests per minute for this key or session (RATE_LIMITED), or too many failed logins (LOGIN_THROTTLED); retry after `Retry-After` seconds */
    TooManyRequests: {
      headers: {
        /** @description Seconds to wait */
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "RATE_LIMITED",
         *         "message": "Too many requests: at most 600 per minute; retry in 42 s",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Not authenticated: no, invalid, revoked or expired API key or session (UNAUTHENTICATED, API_KEY_EXPIRED, INVALID_CREDENTIALS) */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "UNAUTHENTICATED",
         *         "message": "Authentication required: send \"Authorization: Bearer KEY\" or log in",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The query took too long and was cancelled (QUERY_TIMEOUT: narrow it or export it as a job), or the service is unavailable (UNAVAILABLE) */
    Unavailable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "QUERY_TIMEOUT",
         *         "message": "The query took too long and was cancelled; narrow it or run it as an export job",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Well-formed but cannot be applied to the current data (UNPROCESSABLE), or an address the outbound requests policy refuses (OUTBOUND_BLOCKED) */
    Unprocessable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "UNPROCESSABLE",
         *         "message": "The request is well-formed but cannot be applied",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The body is not sent as application/json (or the content encoding is unsupported) (UNSUPPORTED_MEDIA_TYPE) */
    UnsupportedMediaType: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "code": "UNSUPPORTED_MEDIA_TYPE",
         *         "message": "Unsupported Content-Type: text/plain; send application/json",
         *         "details": []
         *       }
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listActivities: {
    parameters: {
      query?: {
        assigneeId?: string;
        companyId?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        dealId?: string;
        /** @description YYYY-MM-DD (UTC day, inclusive) or an ISO date-time */
        from?: string;
        kind?: 'call' | 'email' | 'meeting' | 'visit' | 'task' | 'note';
        /** @description Page size (1–500) */
        limit?: number;
        open?: 'true' | 'false';
        ownerId?: string;
        personId?: string;
        /** @description YYYY-MM-DD includes that whole day; a date-time is exclusive */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of activities (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ActivityPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createActivity: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          assigneeId?: string | null;
          body?: string | null;
          /** Format: uuid */
          companyId?: string | null;
          /** Format: uuid */
          dealId?: string | null;
          /** @enum {string|null} */
          direction?: 'in' | 'out' | null;
          /** Format: date-time */
          dueAt?: string | null;
          durationSeconds?: number | null;
          /** @enum {string} */
          kind: 'call' | 'email' | 'meeting' | 'visit' | 'task' | 'note';
          location?: string | null;
          /** Format: date-time */
          occurredAt?: string;
          outcome?: string | null;
          /** Format: uuid */
          ownerId?: string | null;
          /** Format: uuid */
          personId?: string | null;
          phone?: string | null;
          /** Format: uri */
          recordingUrl?: string | null;
          /** Format: date-time */
          reminderAt?: string | null;
          /** Format: uuid */
          scriptId?: string | null;
          subject?: string | null;
        };
      };
    };
    responses: {
      /** @description Created: the new activity */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Activity'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getActivity: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The activity */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Activity'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteActivity: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateActivity: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          assigneeId?: string | null;
          body?: string | null;
          /** Format: uuid */
          companyId?: string | null;
          /** Format: uuid */
          dealId?: string | null;
          /** @enum {string|null} */
          direction?: 'in' | 'out' | null;
          done?: boolean;
          /** Format: date-time */
          dueAt?: string | null;
          durationSeconds?: number | null;
          location?: string | null;
          /** Format: date-time */
          occurredAt?: string;
          outcome?: string | null;
          /** Format: uuid */
          ownerId?: string | null;
          /** Format: uuid */
          personId?: string | null;
          phone?: string | null;
          /** Format: uri */
          recordingUrl?: string | null;
          /** Format: date-time */
          reminderAt?: string | null;
          /** Format: uuid */
          scriptId?: string | null;
          subject?: string | null;
        };
      };
    };
    responses: {
      /** @description Updated: the activity as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Activity'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  completeActivity: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: complete activity */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Activity'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getAgenda: {
    parameters: {
      query?: {
        /** @description Default: today (in tz) */
        date?: string;
        /** @description IANA time zone the day is in, e.g. Europe/Moscow (default UTC) */
        tz?: string;
        /** @description Default: the signed-in user */
        userId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The agenda */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            cadences: {
              active: boolean;
              assignee: {
                id: string;
                name: string;
              } | null;
              assigneeId: string;
              company: {
                id: string;
                name: string;
              } | null;
              companyId: string | null;
              /** Format: date-time */
              createdAt: string;
              deal: {
                id: string;
                title: string;
              } | null;
              dealId: string | null;
              /** Format: date-time */
              endsAt: string | null;
              id: string;
              intervalDays: number;
              kind: string;
              /** Format: date-time */
              nextDueAt: string;
              person: {
                id: string;
                name: string;
              } | null;
              personId: string | null;
              subject: string;
              /** Format: date-time */
              updatedAt: string;
            }[];
            date: string;
            overdueCount: number;
            tasks: components['schemas']['Activity'][];
            tz: string;
            userId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listApiKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of api keys (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              createdBy: string | null;
              /** Format: date-time */
              expiresAt: string | null;
              id: string;
              /** Format: date-time */
              lastUsedAt: string | null;
              name: string;
              prefix: string;
              /** Format: date-time */
              revokedAt: string | null;
              /** @enum {string} */
              role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: date-time
           * @description When the key stops working (none: never)
           */
          expiresAt?: string | null;
          name: string;
          /** @enum {string} */
          role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
        };
      };
    };
    responses: {
      /** @description Created: the new api key */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            id: string;
            key: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted: the api key */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listAuditEntries: {
    parameters: {
      query?: {
        action?: string;
        actorId?: string;
        channel?: 'ui' | 'api' | 'import' | 'system';
        /** @description nextCursor of the previous page */
        cursor?: string;
        entityId?: string;
        entityType?: string;
        /** @description Page size (1–500) */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of audit entries (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              action: string;
              actorId: string | null;
              actorLabel: string;
              actorType: string;
              changes: {
                after: unknown;
                before: unknown;
                field: string;
              }[];
              channel: string;
              entityId: string;
              entityType: string;
              id: string;
              /** Format: date-time */
              occurredAt: string;
              requestId: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listAuthDemoAccounts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The auth demo accounts */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accounts: {
              email: string;
              locale: string;
              name: string;
              /** @enum {string} */
              role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            }[];
            password: string | null;
          };
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          password: string;
          workspace?: string;
        };
      };
    };
    responses: {
      /** @description Logged in: the session cookie is set; the body is the current user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            apiKey: {
              id: string | null;
              label: string;
            } | null;
            permissions: string[];
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            user: {
              email: string;
              id: string;
              locale: string;
              name: string;
            } | null;
            workspace: {
              /** Format: date-time */
              createdAt: string;
              id: string;
              name: string;
              settings: {
                [key: string]: unknown;
              };
              slug: string;
            };
            workspaces: {
              name: string;
              role: string;
              slug: string;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCurrentUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The current user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            apiKey: {
              id: string | null;
              label: string;
            } | null;
            permissions: string[];
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            user: {
              email: string;
              id: string;
              locale: string;
              name: string;
            } | null;
            workspace: {
              /** Format: date-time */
              createdAt: string;
              id: string;
              name: string;
              settings: {
                [key: string]: unknown;
              };
              slug: string;
            };
            workspaces: {
              name: string;
              role: string;
              slug: string;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateCurrentUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          currentPassword?: string;
          /** @enum {string} */
          locale?: 'ru' | 'en';
          name?: string;
          password?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the current user as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            apiKey: {
              id: string | null;
              label: string;
            } | null;
            permissions: string[];
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            user: {
              email: string;
              id: string;
              locale: string;
              name: string;
            } | null;
            workspace: {
              /** Format: date-time */
              createdAt: string;
              id: string;
              name: string;
              settings: {
                [key: string]: unknown;
              };
              slug: string;
            };
            workspaces: {
              name: string;
              role: string;
              slug: string;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  switchWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          slug: string;
        };
      };
    };
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listAutomationRules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The automation rules */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['AutomationRule'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createAutomationRule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          actions: {
            assign?: {
              /** @enum {string} */
              how?: 'round_robin' | 'least_busy';
              /** Format: uuid */
              teamId: string;
            };
            notify?: string[];
            reply?: string;
            set?: {
              addTags?: string[];
              /** Format: uuid */
              assigneeId?: string | null;
              /** @enum {string} */
              priority?: 'low' | 'normal' | 'high' | 'urgent';
              /** @enum {string} */
              status?: 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
              /** Format: uuid */
              teamId?: string | null;
              topic?: string | null;
            };
            webhook?: {
              secret?: string;
              /** Format: uri */
              url: string;
            };
          };
          conditions: {
            channels?: ('email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api')[];
            inboxIds?: string[];
            keywords?: string[];
            languages?: string[];
            priorities?: ('low' | 'normal' | 'high' | 'urgent')[];
            /** @description Required by trigger 'time', refused by the others */
            time?: {
              /** @enum {string} */
              event: 'status' | 'unassigned' | 'no_agent_reply';
              /** @description At least this long (1 minute … 365 days) */
              minutes: number;
              statuses?: ('new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'reopened')[];
            };
            topics?: string[];
            trait?: {
              equals: unknown;
              key: string;
            };
            vip?: boolean;
          };
          enabled?: boolean;
          name: string;
          position?: number;
          /** @enum {string} */
          trigger: 'created' | 'message' | 'updated' | 'time';
        };
      };
    };
    responses: {
      /** @description Created: the new automation rule */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AutomationRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getAutomationRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The automation rule */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AutomationRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteAutomationRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateAutomationRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          actions?: {
            assign?: {
              /** @enum {string} */
              how?: 'round_robin' | 'least_busy';
              /** Format: uuid */
              teamId: string;
            };
            notify?: string[];
            reply?: string;
            set?: {
              addTags?: string[];
              /** Format: uuid */
              assigneeId?: string | null;
              /** @enum {string} */
              priority?: 'low' | 'normal' | 'high' | 'urgent';
              /** @enum {string} */
              status?: 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
              /** Format: uuid */
              teamId?: string | null;
              topic?: string | null;
            };
            webhook?: {
              secret?: string;
              /** Format: uri */
              url: string;
            };
          };
          conditions?: {
            channels?: ('email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api')[];
            inboxIds?: string[];
            keywords?: string[];
            languages?: string[];
            priorities?: ('low' | 'normal' | 'high' | 'urgent')[];
            /** @description Required by trigger 'time', refused by the others */
            time?: {
              /** @enum {string} */
              event: 'status' | 'unassigned' | 'no_agent_reply';
              /** @description At least this long (1 minute … 365 days) */
              minutes: number;
              statuses?: ('new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'reopened')[];
            };
            topics?: string[];
            trait?: {
              equals: unknown;
              key: string;
            };
            vip?: boolean;
          };
          enabled?: boolean;
          name?: string;
          position?: number;
          /** @enum {string} */
          trigger?: 'created' | 'message' | 'updated' | 'time';
        };
      };
    };
    responses: {
      /** @description Updated: the automation rule as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AutomationRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listBroadcasts: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        status?: 'draft' | 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished' | 'failed';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of broadcasts (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BroadcastPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createBroadcast: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          channelId: string;
          name: string;
          /** @description Throttle: messages per minute */
          ratePerMinute?: number | null;
          /**
           * Format: uuid
           * @description A rule segment or a list of this workspace
           */
          segmentId: string;
          /**
           * Format: uuid
           * @description A template whose channel fits the channel's type
           */
          templateId: string;
        };
      };
    };
    responses: {
      /** @description Created: the new broadcast */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Broadcast'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getBroadcast: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The broadcast */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Broadcast'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteBroadcast: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateBroadcast: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          channelId?: string;
          name?: string;
          /** @description Throttle: messages per minute */
          ratePerMinute?: number | null;
          /**
           * Format: uuid
           * @description A rule segment or a list of this workspace
           */
          segmentId?: string;
          /**
           * Format: uuid
           * @description A template whose channel fits the channel's type
           */
          templateId?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the broadcast as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Broadcast'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  cancelBroadcast: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: cancel broadcast */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Broadcast'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  pauseBroadcast: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: pause broadcast */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Broadcast'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getBroadcastProgress: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The broadcast progress */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BroadcastProgress'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  resumeBroadcast: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: resume broadcast */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Broadcast'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  sendBroadcast: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: date-time
           * @description When to start (ISO-8601); now if absent or past
           */
          at?: string;
        } | null;
      };
    };
    responses: {
      /** @description Done: send broadcast */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Broadcast'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listBroadcastStats: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The broadcast stats */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessageStats'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listBusinessCalendars: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The business calendars */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['BusinessCalendar'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createBusinessCalendar: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Closed dates */
          holidays?: string[];
          /** @description Working intervals per weekday (mon … sun); a missing or empty day is closed */
          hours: {
            fri?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            mon?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            sat?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            sun?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            thu?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            tue?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            wed?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
          };
          name: string;
          /** @description IANA time zone, e.g. Europe/Moscow (400 naming timezone otherwise) */
          timezone: string;
          /** @description Dates worked although their weekday is closed (Monday's hours) */
          workingDays?: string[];
        };
      };
    };
    responses: {
      /** @description Created: the new business calendar */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BusinessCalendar'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getBusinessCalendar: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The business calendar */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BusinessCalendar'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteBusinessCalendar: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateBusinessCalendar: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Closed dates */
          holidays?: string[];
          /** @description Working intervals per weekday (mon … sun); a missing or empty day is closed */
          hours?: {
            fri?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            mon?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            sat?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            sun?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            thu?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            tue?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
            wed?: {
              /** @description HH:MM */
              end: string;
              /** @description HH:MM */
              start: string;
            }[];
          };
          name?: string;
          /** @description IANA time zone, e.g. Europe/Moscow (400 naming timezone otherwise) */
          timezone?: string;
          /** @description Dates worked although their weekday is closed (Monday's hours) */
          workingDays?: string[];
        };
      };
    };
    responses: {
      /** @description Updated: the business calendar as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BusinessCalendar'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCadences: {
    parameters: {
      query?: {
        active?: 'true' | 'false';
        assigneeId?: string;
        companyId?: string;
        dealId?: string;
        personId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of cadences (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              active: boolean;
              assignee: {
                id: string;
                name: string;
              } | null;
              assigneeId: string;
              company: {
                id: string;
                name: string;
              } | null;
              companyId: string | null;
              /** Format: date-time */
              createdAt: string;
              deal: {
                id: string;
                title: string;
              } | null;
              dealId: string | null;
              /** Format: date-time */
              endsAt: string | null;
              id: string;
              intervalDays: number;
              kind: string;
              /** Format: date-time */
              nextDueAt: string;
              person: {
                id: string;
                name: string;
              } | null;
              personId: string | null;
              subject: string;
              /** Format: date-time */
              updatedAt: string;
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createCadence: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          active?: boolean;
          /** Format: uuid */
          assigneeId: string;
          /** Format: uuid */
          companyId?: string | null;
          /** Format: uuid */
          dealId?: string | null;
          /** Format: date-time */
          endsAt?: string | null;
          intervalDays: number;
          /** @enum {string} */
          kind: 'call' | 'email' | 'meeting' | 'visit' | 'task';
          /** Format: uuid */
          personId?: string | null;
          /** Format: date-time */
          startAt: string;
          subject: string;
        };
      };
    };
    responses: {
      /** @description Created: the new cadence */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            assigneeId: string;
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            dealId: string | null;
            /** Format: date-time */
            endsAt: string | null;
            id: string;
            intervalDays: number;
            kind: string;
            /** Format: date-time */
            nextDueAt: string;
            personId: string | null;
            subject: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCadence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The cadence */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            assignee: {
              id: string;
              name: string;
            } | null;
            assigneeId: string;
            company: {
              id: string;
              name: string;
            } | null;
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            deal: {
              id: string;
              title: string;
            } | null;
            dealId: string | null;
            /** Format: date-time */
            endsAt: string | null;
            id: string;
            intervalDays: number;
            kind: string;
            /** Format: date-time */
            nextDueAt: string;
            person: {
              id: string;
              name: string;
            } | null;
            personId: string | null;
            subject: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteCadence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateCadence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          active?: boolean;
          /** Format: uuid */
          assigneeId?: string;
          /** Format: uuid */
          companyId?: string | null;
          /** Format: uuid */
          dealId?: string | null;
          /** Format: date-time */
          endsAt?: string | null;
          intervalDays?: number;
          /** @enum {string} */
          kind?: 'call' | 'email' | 'meeting' | 'visit' | 'task';
          /** Format: uuid */
          personId?: string | null;
          /** Format: date-time */
          startAt?: string;
          subject?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the cadence as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            assigneeId: string;
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            dealId: string | null;
            /** Format: date-time */
            endsAt: string | null;
            id: string;
            intervalDays: number;
            kind: string;
            /** Format: date-time */
            nextDueAt: string;
            personId: string | null;
            subject: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCallScripts: {
    parameters: {
      query?: {
        active?: 'true' | 'false';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of call scripts (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              active: boolean;
              body: string;
              /** Format: date-time */
              createdAt: string;
              id: string;
              name: string;
              steps: {
                text: string;
                title: string;
              }[];
              /** Format: date-time */
              updatedAt: string;
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createCallScript: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          active?: boolean;
          body?: string;
          name: string;
          steps?: {
            text: string;
            title: string;
          }[];
        };
      };
    };
    responses: {
      /** @description Created: the new call script */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            body: string;
            /** Format: date-time */
            createdAt: string;
            id: string;
            name: string;
            steps: {
              text: string;
              title: string;
            }[];
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCallScript: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The call script */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            body: string;
            /** Format: date-time */
            createdAt: string;
            id: string;
            name: string;
            steps: {
              text: string;
              title: string;
            }[];
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteCallScript: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateCallScript: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          active?: boolean;
          body?: string;
          name?: string;
          steps?: {
            text: string;
            title: string;
          }[];
        };
      };
    };
    responses: {
      /** @description Updated: the call script as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            body: string;
            /** Format: date-time */
            createdAt: string;
            id: string;
            name: string;
            steps: {
              text: string;
              title: string;
            }[];
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCampaigns: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        /** @description Text in the name or goal */
        q?: string;
        status?: 'draft' | 'approved' | 'scheduled' | 'running' | 'finished' | 'cancelled';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of campaigns (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description An A/B test of the variants of one step */
          abTest?: {
            /** @description Choose and send the winner automatically after decideAfter */
            auto: boolean;
            /** @description After the launch, when the winner is chosen (if auto) */
            decideAfter: string;
            /**
             * @description What decides the winner: opens, clicks or conversions per message sent
             * @enum {string}
             */
            metric: 'clicked' | 'opened' | 'responded';
            /** @description Percent of the treatment that gets the variants first */
            testPercent: number;
          } | null;
          /** @description How long after the message a conversion counts */
          attributionWindow: string;
          budget?: number | null;
          /** @description Stable random hold-out, percent (default 10; absent with controlSegmentId) */
          controlPercent?: number | null;
          /**
           * Format: uuid
           * @description A control segment instead of a percent
           */
          controlSegmentId?: string | null;
          /** @description The event that counts as a response, e.g. "Order Completed" */
          conversionEvent: string;
          costPerMessage?: number | null;
          /** Format: date-time */
          endsAt?: string | null;
          /** @description Only people whose region (trait `region` or `address.region`) is one of these; empty: everyone */
          geography?: {
            regions: string[];
          } | null;
          goal?: string | null;
          name: string;
          ownerId?: string | null;
          /** Format: uuid */
          promotionId?: string | null;
          /** @description The conversion property holding revenue (default "revenue", falls back to "total") */
          revenueProperty?: string | null;
          /**
           * Format: uuid
           * @description The target segment or list
           */
          segmentId: string;
          /**
           * Format: date-time
           * @description A scheduled launch
           */
          startsAt?: string | null;
          /** @description Waves: each a channel and a template, optionally delayed */
          steps: {
            /** Format: uuid */
            channelId: string;
            /** @description After the launch (absent: at the launch) */
            delay?: string | null;
            /**
             * Format: uuid
             * @description A template whose family fits the channel's type
             */
            templateId: string;
            /** @description A/B variants of this step */
            variants?:
              | {
                  /** @description "A", "B", … */
                  key: string;
                  /** @description Percent of the step's recipients; a step's shares add up to 100 */
                  share: number;
                  /** Format: uuid */
                  templateId: string;
                }[]
              | null;
          }[];
        };
      };
    };
    responses: {
      /** @description Created: the new campaign */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The campaign */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description An A/B test of the variants of one step */
          abTest?: {
            /** @description Choose and send the winner automatically after decideAfter */
            auto: boolean;
            /** @description After the launch, when the winner is chosen (if auto) */
            decideAfter: string;
            /**
             * @description What decides the winner: opens, clicks or conversions per message sent
             * @enum {string}
             */
            metric: 'clicked' | 'opened' | 'responded';
            /** @description Percent of the treatment that gets the variants first */
            testPercent: number;
          } | null;
          /** @description How long after the message a conversion counts */
          attributionWindow?: string;
          budget?: number | null;
          /** @description Stable random hold-out, percent (default 10; absent with controlSegmentId) */
          controlPercent?: number | null;
          /**
           * Format: uuid
           * @description A control segment instead of a percent
           */
          controlSegmentId?: string | null;
          /** @description The event that counts as a response, e.g. "Order Completed" */
          conversionEvent?: string;
          costPerMessage?: number | null;
          /** Format: date-time */
          endsAt?: string | null;
          /** @description Only people whose region (trait `region` or `address.region`) is one of these; empty: everyone */
          geography?: {
            regions: string[];
          } | null;
          goal?: string | null;
          name?: string;
          ownerId?: string | null;
          /** Format: uuid */
          promotionId?: string | null;
          /** @description The conversion property holding revenue (default "revenue", falls back to "total") */
          revenueProperty?: string | null;
          /**
           * Format: uuid
           * @description The target segment or list
           */
          segmentId?: string;
          /**
           * Format: date-time
           * @description A scheduled launch
           */
          startsAt?: string | null;
          /** @description Waves: each a channel and a template, optionally delayed */
          steps?: {
            /** Format: uuid */
            channelId: string;
            /** @description After the launch (absent: at the launch) */
            delay?: string | null;
            /**
             * Format: uuid
             * @description A template whose family fits the channel's type
             */
            templateId: string;
            /** @description A/B variants of this step */
            variants?:
              | {
                  /** @description "A", "B", … */
                  key: string;
                  /** @description Percent of the step's recipients; a step's shares add up to 100 */
                  share: number;
                  /** Format: uuid */
                  templateId: string;
                }[]
              | null;
          }[];
        };
      };
    };
    responses: {
      /** @description Updated: the campaign as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  winnerCampaignAb: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Required: the winning variant key */
          variant?: string;
        };
      };
    };
    responses: {
      /** @description Done: winner campaign ab */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  approveCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: approve campaign */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  cancelCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: cancel campaign */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCampaignEstimate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The campaign estimate */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignEstimate'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  finishCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: finish campaign */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  launchCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: launch campaign */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCampaignResults: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The campaign results */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignResults'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCannedResponses: {
    parameters: {
      query?: {
        language?: string;
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The canned responses */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['CannedResponse'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createCannedResponse: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
          language?: string | null;
          shortcut?: string | null;
          title: string;
        };
      };
    };
    responses: {
      /** @description Created: the new canned response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CannedResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCannedResponse: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The canned response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CannedResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteCannedResponse: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateCannedResponse: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body?: string;
          language?: string | null;
          shortcut?: string | null;
          title?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the canned response as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CannedResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCatalogueEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The catalogue events */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              count: number;
              event: string | null;
              /** Format: date-time */
              firstSeen: string;
              /** Format: date-time */
              lastSeen: string;
              properties: {
                count: number;
                name: string;
                types: {
                  count: number;
                  type: string;
                }[];
              }[];
              sampled: number;
              sources: {
                count: number;
                id: string;
                name: string | null;
              }[];
              type: string;
            }[];
            sampleSize: number;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCatalogueTraits: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The catalogue traits */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              count: number;
              name: string;
              types: {
                count: number;
                type: string;
              }[];
            }[];
            persons: number;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listChannels: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        type?: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk' | 'webhook';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of channels (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChannelPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createChannel: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The channel's settings, by type (email: host, port, secure, from, user, password, pool, maxConnections, returnPath, dkimDomain, dkimSelector, dkimPrivateKey; webhook: url, secret; …). Secret fields are stored encrypted and never returned; `secretsSet` names the ones set */
          config: {
            [key: string]: unknown;
          };
          name: string;
          ratePerSecond?: number | null;
          /** @enum {string} */
          type: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk' | 'webhook';
        };
      };
    };
    responses: {
      /** @description Created: the new channel */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Channel'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The channel */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Channel'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The channel's settings, by type (email: host, port, secure, from, user, password, pool, maxConnections, returnPath, dkimDomain, dkimSelector, dkimPrivateKey; webhook: url, secret; …). Secret fields are stored encrypted and never returned; `secretsSet` names the ones set */
          config?: {
            [key: string]: unknown;
          };
          name?: string;
          ratePerSecond?: number | null;
        };
      };
    };
    responses: {
      /** @description Updated: the channel as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Channel'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  testChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: test channel */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {boolean} */
            ok: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createChannelsPushVapidKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: create channels push vapid key */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VapidKeys'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCompanies: {
    parameters: {
      query?: {
        city?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        industry?: string;
        /** @description Page size (1–500) */
        limit?: number;
        order?: 'asc' | 'desc';
        ownerId?: string;
        q?: string;
        sort?: 'name' | 'createdAt' | 'updatedAt';
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of companies (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CompanyPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createCompany: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          city?: string | null;
          country?: string | null;
          customFields?: {
            [key: string]: unknown;
          };
          domain?: string | null;
          externalId?: string | null;
          industry?: string | null;
          name: string;
          /** Format: uuid */
          ownerId?: string | null;
          phone?: string | null;
          postalCode?: string | null;
          region?: string | null;
          size?: string | null;
          street?: string | null;
          tags?: string[];
          website?: string | null;
        };
      };
    };
    responses: {
      /** @description Created: the new company */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Company'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCompany: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The company */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            city: string | null;
            country: string | null;
            /** Format: date-time */
            createdAt: string;
            customFields: {
              [key: string]: unknown;
            };
            domain: string | null;
            externalId: string | null;
            id: string;
            industry: string | null;
            /** Format: date-time */
            lastActivityAt: string | null;
            name: string;
            openDeals: {
              /** @description Sum of all amounts whatever their currency (kept for older clients; use byCurrency) */
              amount: number;
              /** @description One total per currency, largest first */
              byCurrency: {
                amount: number;
                count: number;
                currency: string;
              }[];
              count: number;
            };
            owner: {
              id: string;
              name: string;
            } | null;
            ownerId: string | null;
            peopleCount: number;
            phone: string | null;
            postalCode: string | null;
            region: string | null;
            size: string | null;
            street: string | null;
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
            website: string | null;
            wonDeals: {
              /** @description Sum of all amounts whatever their currency (kept for older clients; use byCurrency) */
              amount: number;
              /** @description One total per currency, largest first */
              byCurrency: {
                amount: number;
                count: number;
                currency: string;
              }[];
              count: number;
            };
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteCompany: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateCompany: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          city?: string | null;
          country?: string | null;
          customFields?: {
            [key: string]: unknown;
          };
          domain?: string | null;
          externalId?: string | null;
          industry?: string | null;
          name?: string;
          /** Format: uuid */
          ownerId?: string | null;
          phone?: string | null;
          postalCode?: string | null;
          region?: string | null;
          size?: string | null;
          street?: string | null;
          tags?: string[] | null;
          website?: string | null;
        };
      };
    };
    responses: {
      /** @description Updated: the company as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Company'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCompanyPeople: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of company people (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PersonPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  restoreCompany: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: restore company */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            city: string | null;
            country: string | null;
            /** Format: date-time */
            createdAt: string;
            customFields: {
              [key: string]: unknown;
            };
            domain: string | null;
            externalId: string | null;
            id: string;
            industry: string | null;
            /** Format: date-time */
            lastActivityAt: string | null;
            name: string;
            openDeals: {
              /** @description Sum of all amounts whatever their currency (kept for older clients; use byCurrency) */
              amount: number;
              /** @description One total per currency, largest first */
              byCurrency: {
                amount: number;
                count: number;
                currency: string;
              }[];
              count: number;
            };
            owner: {
              id: string;
              name: string;
            } | null;
            ownerId: string | null;
            peopleCount: number;
            phone: string | null;
            postalCode: string | null;
            region: string | null;
            size: string | null;
            street: string | null;
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
            website: string | null;
            wonDeals: {
              /** @description Sum of all amounts whatever their currency (kept for older clients; use byCurrency) */
              amount: number;
              /** @description One total per currency, largest first */
              byCurrency: {
                amount: number;
                count: number;
                currency: string;
              }[];
              count: number;
            };
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCompanyTimeline: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        /** @description Comma-separated: activity, deal */
        types?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of company timeline (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              dealId: string | null;
              event: string;
              id: string;
              /** Format: date-time */
              occurredAt: string;
              personId: string | null;
              properties: {
                [key: string]: unknown;
              };
              type: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getCompaniesCount: {
    parameters: {
      query?: {
        city?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        industry?: string;
        /** @description Page size (1–500) */
        limit?: number;
        order?: 'asc' | 'desc';
        ownerId?: string;
        q?: string;
        sort?: 'name' | 'createdAt' | 'updatedAt';
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The companies count */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ListCount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listDeletedCompanies: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        /** @description Words that must all appear (substring, case-insensitive; no typo fallback) */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of deleted companies (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              city: string | null;
              country: string | null;
              /** Format: date-time */
              createdAt: string;
              customFields: {
                [key: string]: unknown;
              };
              /** Format: date-time */
              deletedAt: string;
              domain: string | null;
              externalId: string | null;
              id: string;
              industry: string | null;
              name: string;
              owner: {
                id: string;
                name: string;
              } | null;
              ownerId: string | null;
              phone: string | null;
              postalCode: string | null;
              region: string | null;
              size: string | null;
              street: string | null;
              tags: string[];
              /** Format: date-time */
              updatedAt: string;
              website: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  startCompaniesExport: {
    parameters: {
      query?: {
        city?: string;
        industry?: string;
        order?: 'asc' | 'desc';
        ownerId?: string;
        q?: string;
        sort?: 'name' | 'createdAt' | 'updatedAt';
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the companies export runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description GET it when the job is completed */
            downloadUrl: string;
            fileName: string;
            jobId: string;
            /** @description GET it for state and progress (the jobs API) */
            statusUrl: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  exportCompaniesCsv: {
    parameters: {
      query?: {
        city?: string;
        industry?: string;
        order?: 'asc' | 'desc';
        ownerId?: string;
        q?: string;
        sort?: 'name' | 'createdAt' | 'updatedAt';
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The companies list view as CSV, streamed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      /** @description Accepted: the companies csv runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': {
            /** @description GET it when the job is completed */
            downloadUrl: string;
            fileName: string;
            jobId: string;
            /** @description GET it for state and progress (the jobs API) */
            statusUrl: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listComputedTraits: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of computed traits (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** @enum {string} */
              aggregation: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last';
              /** Format: date-time */
              createdAt: string;
              event: string;
              id: string;
              key: string;
              property: string | null;
              windowDays: number | null;
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createComputedTrait: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          aggregation: string;
          event: string;
          key: string;
          property?: string | null;
          windowDays?: number | null;
        };
      };
    };
    responses: {
      /** @description Created: the new computed trait */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            aggregation: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last';
            /** Format: date-time */
            createdAt: string;
            event: string;
            id: string;
            key: string;
            property: string | null;
            windowDays: number | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteComputedTrait: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listConversations: {
    parameters: {
      query?: {
        /** @description A user id, or 'none' for unassigned */
        assigneeId?: string | 'none';
        channel?: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
        /** @description nextCursor of the previous page */
        cursor?: string;
        inboxId?: string;
        /** @description Page size (1–500) */
        limit?: number;
        personId?: string;
        priority?: string;
        /** @description Text in the subject or messages, or a #number */
        q?: string;
        /** @description breached: an SLA clock still running (or paused) is past its due time; breaching: one is past its warning, none breached */
        sla?: 'breaching' | 'breached';
        /** @description Default -lastMessageAt */
        sort?: '-lastMessageAt' | 'lastMessageAt' | '-createdAt' | 'createdAt' | '-priority';
        /** @description e.g. new,open,reopened */
        status?: string;
        tag?: string;
        teamId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of conversations (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Conversation'][];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createConversation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: uuid
           * @description An active member; the ticket starts open
           */
          assigneeId?: string | null;
          /** @description Idempotency: the same key opens one ticket (200 with it, duplicate: true) */
          externalId?: string;
          /** Format: uuid */
          inboxId?: string | null;
          /** @description The internal note it starts with (default: the subject) */
          note?: string | null;
          /** Format: uuid */
          personId: string;
          /**
           * @description Default normal
           * @enum {string}
           */
          priority?: 'low' | 'normal' | 'high' | 'urgent';
          subject: string;
          tags?: string[];
          /** Format: uuid */
          teamId?: string | null;
        };
      };
    };
    responses: {
      /** @description Done: create conversation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assigneeId: string | null;
            /**
             * @description The last channel the client used (replies go there unless switched)
             * @enum {string}
             */
            channel: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
            /** Format: date-time */
            createdAt: string;
            custom: {
              [key: string]: unknown;
            };
            duplicate: boolean;
            /**
             * Format: date-time
             * @description The first human reply
             */
            firstResponseAt: string | null;
            id: string;
            inboxId: string;
            language: string | null;
            /** Format: date-time */
            lastMessageAt: string | null;
            mergedInto: string | null;
            /** @description Per workspace, for people (#1042) */
            number: number;
            person: {
              email: string | null;
              id: string;
              name: string | null;
            };
            personId: string;
            /** @description The person's display name (CRM, else CDP traits); null when unknown */
            personName: string | null;
            /** @enum {string} */
            priority: 'low' | 'normal' | 'high' | 'urgent';
            reopenedCount: number;
            /** @description The SLA targets and their state; null when no policy applies */
            sla: {
              [key: string]: unknown;
            } | null;
            /** Format: date-time */
            solvedAt: string | null;
            /** @enum {string} */
            status: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
            subject: string;
            tags: string[];
            teamId: string | null;
            topic: string | null;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Created: the new conversation */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assigneeId: string | null;
            /**
             * @description The last channel the client used (replies go there unless switched)
             * @enum {string}
             */
            channel: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
            /** Format: date-time */
            createdAt: string;
            custom: {
              [key: string]: unknown;
            };
            duplicate: boolean;
            /**
             * Format: date-time
             * @description The first human reply
             */
            firstResponseAt: string | null;
            id: string;
            inboxId: string;
            language: string | null;
            /** Format: date-time */
            lastMessageAt: string | null;
            mergedInto: string | null;
            /** @description Per workspace, for people (#1042) */
            number: number;
            person: {
              email: string | null;
              id: string;
              name: string | null;
            };
            personId: string;
            /** @description The person's display name (CRM, else CDP traits); null when unknown */
            personName: string | null;
            /** @enum {string} */
            priority: 'low' | 'normal' | 'high' | 'urgent';
            reopenedCount: number;
            /** @description The SLA targets and their state; null when no policy applies */
            sla: {
              [key: string]: unknown;
            } | null;
            /** Format: date-time */
            solvedAt: string | null;
            /** @enum {string} */
            status: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
            subject: string;
            tags: string[];
            teamId: string | null;
            topic: string | null;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getConversation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The conversation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConversationDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateConversation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          assigneeId?: string | null;
          /** @description Merged into the stored ones; null removes a key */
          custom?: {
            [key: string]: unknown;
          };
          language?: string | null;
          /** @enum {string} */
          priority?: 'low' | 'normal' | 'high' | 'urgent';
          /** @enum {string} */
          status?: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
          subject?: string;
          tags?: string[];
          /** Format: uuid */
          teamId?: string | null;
          topic?: string | null;
        };
      };
    };
    responses: {
      /** @description Updated: the conversation as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConversationDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getConversationAnalysis: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The conversation analysis */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConversationAnalysis'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getConversationAttachment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A malformed id is an attachment that does not exist (404) */
        attachmentId: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The attachment's bytes, as a download (active types such as HTML or SVG as octet-stream) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  postConversationMacro: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        /** @description A malformed id is a macro that does not exist (404) */
        macroId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: post conversation macro */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConversationDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  mergeConversation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          intoId: string;
        };
      };
    };
    responses: {
      /** @description Done: merge conversation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConversationDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listConversationMessages: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The conversation messages */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['ServiceMessage'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createConversationMessage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
          /** @enum {string} */
          channel?: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
          /**
           * Format: uuid
           * @description Reply through this inbox (of this workspace, on the reply's channel); default: the inbox the client last wrote from on that channel, else the oldest
           */
          inboxId?: string;
          internal?: boolean;
          mentions?: string[];
        };
      };
    };
    responses: {
      /** @description Created: the new conversation message */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceMessage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  splitConversation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          messageIds: string[];
        };
      };
    };
    responses: {
      /** @description Created: the new conversation */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConversationDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listConversationStatusChanges: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The conversation status changes */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['ConversationStatusChange'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  undoCrmMerge: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: undo crm merge */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            actor: string | null;
            cdpMergeId: string | null;
            choices: {
              [key: string]: 'this' | 'other';
            };
            /** Format: date-time */
            createdAt: string;
            from: components['schemas']['Person'];
            fromPerson: string;
            id: string;
            /** @description null when the survivor was not in the CRM before the merge (it had taken the other one's row over) */
            into: components['schemas']['Person'] | null;
            intoPerson: string;
            /** @description How many rows of each kind moved to the survivor */
            moved: {
              [key: string]: number;
            };
            /** Format: date-time */
            undoneAt: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  answerCsat: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          comment?: string | null;
          score: number;
        };
      };
    };
    responses: {
      /** @description Done: answer csat */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CsatAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listCustomFields: {
    parameters: {
      query?: {
        entity?: 'person' | 'company' | 'deal';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of custom fields (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              /** @enum {string} */
              entity: 'person' | 'company' | 'deal';
              id: string;
              key: string;
              label: string;
              options: string[];
              position: number;
              /** @enum {string} */
              type: 'text' | 'number' | 'date' | 'select' | 'multiselect' | 'boolean';
              /** Format: date-time */
              updatedAt: string;
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createCustomField: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          entity: 'person' | 'company' | 'deal';
          key: string;
          label: string;
          /** @description Required for select and multiselect */
          options?: string[];
          /** @enum {string} */
          type: 'text' | 'number' | 'date' | 'select' | 'multiselect' | 'boolean';
        };
      };
    };
    responses: {
      /** @description Created: the new custom field */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            entity: 'person' | 'company' | 'deal';
            id: string;
            key: string;
            label: string;
            options: string[];
            position: number;
            /** @enum {string} */
            type: 'text' | 'number' | 'date' | 'select' | 'multiselect' | 'boolean';
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteCustomField: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateCustomField: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          label?: string;
          options?: string[];
          position?: number;
        };
      };
    };
    responses: {
      /** @description Updated: the custom field as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            entity: 'person' | 'company' | 'deal';
            id: string;
            key: string;
            label: string;
            options: string[];
            position: number;
            /** @enum {string} */
            type: 'text' | 'number' | 'date' | 'select' | 'multiselect' | 'boolean';
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listDeals: {
    parameters: {
      query?: {
        companyId?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        order?: 'asc' | 'desc';
        ownerId?: string;
        personId?: string;
        pipelineId?: string;
        /** @description Title, company, source, campaign, region, tag */
        q?: string;
        sort?: 'createdAt' | 'updatedAt' | 'amount' | 'title' | 'expectedClose' | 'closedAt';
        stageId?: string;
        status?: 'open' | 'won' | 'lost';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of deals (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createDeal: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default 0 */
          amount?: number;
          campaign?: string | null;
          closeReason?: string | null;
          /** Format: uuid */
          companyId?: string | null;
          currency?: string;
          customFields?: {
            [key: string]: unknown;
          };
          /** Format: date */
          expectedClose?: string | null;
          externalId?: string | null;
          /** Format: uuid */
          ownerId?: string | null;
          /** Format: uuid */
          personId?: string | null;
          /** Format: uuid */
          pipelineId: string;
          probability?: number | null;
          region?: string | null;
          source?: string | null;
          /** Format: uuid */
          stageId: string;
          tags?: string[];
          title: string;
        };
      };
    };
    responses: {
      /** @description Created: the new deal */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deal'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getDeal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deal */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deal'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteDeal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateDeal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          amount?: number;
          campaign?: string | null;
          closeReason?: string | null;
          /** Format: uuid */
          companyId?: string | null;
          currency?: string;
          customFields?: {
            [key: string]: unknown;
          };
          /** Format: date */
          expectedClose?: string | null;
          externalId?: string | null;
          /** Format: uuid */
          ownerId?: string | null;
          /** Format: uuid */
          personId?: string | null;
          /** Format: uuid */
          pipelineId?: string;
          probability?: number | null;
          region?: string | null;
          source?: string | null;
          /** Format: uuid */
          stageId?: string;
          tags?: string[];
          title?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the deal as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deal'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  moveDeal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          closeReason?: string | null;
          position?: number;
          /**
           * Format: uuid
           * @description Required
           */
          stageId?: string;
        };
      };
    };
    responses: {
      /** @description Done: move deal */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deal'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  restoreDeal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: restore deal */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deal'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getDealStageHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deal stage history */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              actor: string | null;
              /** Format: date-time */
              changedAt: string;
              fromStage: string | null;
              fromStageId: string | null;
              id: string;
              secondsInFrom: number | null;
              toKind: string;
              toStage: string;
              toStageId: string;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getDealBoard: {
    parameters: {
      query?: {
        /** @description Cards per column (count and amount cover all) */
        limit?: number;
        ownerId?: string;
        pipelineId?: string;
        q?: string;
        status?: 'open' | 'won' | 'lost';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deal board */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            columns: {
              /** @description Sum of all amounts whatever their currency (kept for older clients; use byCurrency) */
              amount: number;
              /** @description One total per currency: the pipeline's first, then the largest */
              byCurrency: {
                amount: number;
                count: number;
                currency: string;
              }[];
              count: number;
              deals: components['schemas']['Deal'][];
              stage: {
                id: string;
                /** @enum {string} */
                kind: 'open' | 'won' | 'lost';
                name: string;
                pipelineId: string;
                position: number;
                probability: number;
              };
            }[];
            pipeline: components['schemas']['Pipeline'];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getDealsCount: {
    parameters: {
      query?: {
        companyId?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        order?: 'asc' | 'desc';
        ownerId?: string;
        personId?: string;
        pipelineId?: string;
        /** @description Title, company, source, campaign, region, tag */
        q?: string;
        sort?: 'createdAt' | 'updatedAt' | 'amount' | 'title' | 'expectedClose' | 'closedAt';
        stageId?: string;
        status?: 'open' | 'won' | 'lost';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deals count */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ListCount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listDeletedDeals: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        /** @description Words that must all appear (substring, case-insensitive; no typo fallback) */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of deleted deals (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              amount: number;
              campaign: string | null;
              /** Format: date-time */
              closedAt: string | null;
              closeReason: string | null;
              company: {
                id: string;
                name: string;
              } | null;
              companyId: string | null;
              /** Format: date-time */
              createdAt: string;
              currency: string;
              customFields: {
                [key: string]: unknown;
              };
              /** Format: date-time */
              deletedAt: string;
              expectedClose: string | null;
              externalId: string | null;
              id: string;
              owner: {
                id: string;
                name: string;
              } | null;
              ownerId: string | null;
              person: {
                id: string;
                name: string;
              } | null;
              personId: string | null;
              pipelineId: string;
              position: number;
              probability: number | null;
              region: string | null;
              source: string | null;
              stage: {
                id: string;
                kind: string;
                name: string;
                probability: number;
              } | null;
              /** Format: date-time */
              stageEnteredAt: string;
              stageId: string;
              /** @enum {string} */
              status: 'open' | 'won' | 'lost';
              tags: string[];
              title: string;
              /** Format: date-time */
              updatedAt: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  startDealsExport: {
    parameters: {
      query?: {
        companyId?: string;
        order?: 'asc' | 'desc';
        ownerId?: string;
        personId?: string;
        pipelineId?: string;
        q?: string;
        sort?: 'createdAt' | 'updatedAt' | 'amount' | 'title' | 'expectedClose' | 'closedAt';
        stageId?: string;
        status?: 'open' | 'won' | 'lost';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the deals export runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description GET it when the job is completed */
            downloadUrl: string;
            fileName: string;
            jobId: string;
            /** @description GET it for state and progress (the jobs API) */
            statusUrl: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  exportDealsCsv: {
    parameters: {
      query?: {
        companyId?: string;
        order?: 'asc' | 'desc';
        ownerId?: string;
        personId?: string;
        pipelineId?: string;
        q?: string;
        sort?: 'createdAt' | 'updatedAt' | 'amount' | 'title' | 'expectedClose' | 'closedAt';
        stageId?: string;
        status?: 'open' | 'won' | 'lost';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deals list view as CSV, streamed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      /** @description Accepted: the deals csv runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': {
            /** @description GET it when the job is completed */
            downloadUrl: string;
            fileName: string;
            jobId: string;
            /** @description GET it for state and progress (the jobs API) */
            statusUrl: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listEventRules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of event rules (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** @enum {string} */
              action: 'block' | 'rename';
              /** Format: date-time */
              createdAt: string;
              event: string;
              id: string;
              renameTo: string | null;
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createEventRule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          action: 'block' | 'rename';
          event: string;
          renameTo?: string | null;
        };
      };
    };
    responses: {
      /** @description Created: the new event rule */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            action: 'block' | 'rename';
            /** Format: date-time */
            createdAt: string;
            event: string;
            id: string;
            renameTo: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteEventRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listEvents: {
    parameters: {
      query?: {
        after?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        sourceId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of events (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  downloadExport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The export job's file (UTF-8 CSV), once the job is completed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getFeedback: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        personId?: string;
        sentiment?: 'negative' | 'neutral' | 'positive';
        source?: 'ticket' | 'survey' | 'mention';
        /** @description A topic key */
        topic?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of feedback (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FeedbackItemPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listImports: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        entity?: 'people' | 'companies' | 'deals';
        /** @description Page size (1–500) */
        limit?: number;
        status?: 'uploaded' | 'queued' | 'running' | 'done' | 'failed' | 'expired';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of imports (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              createdBy: string | null;
              createdRows: number;
              delimiter: string;
              encoding: string;
              entity: string;
              error: string | null;
              failedRows: number;
              fileName: string;
              /** Format: date-time */
              finishedAt: string | null;
              hasErrorsFile: boolean;
              id: string;
              jobId: string | null;
              mapping: {
                [key: string]: string;
              };
              processedRows: number;
              /** @description 0…1 */
              progress: number;
              /** @description uploaded | queued | running | done | failed | expired (uploaded and not started within 24 hours) */
              status: string;
              totalRows: number | null;
              /** Format: date-time */
              updatedAt: string;
              updatedRows: number;
              upsertBy: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  uploadImport: {
    parameters: {
      query?: {
        entity?: 'people' | 'companies' | 'deals';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Created: the new import */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            columns: string[];
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            createdRows: number;
            delimiter: string;
            encoding: string;
            entity: string;
            error: string | null;
            failedRows: number;
            fileName: string;
            /** Format: date-time */
            finishedAt: string | null;
            hasErrorsFile: boolean;
            id: string;
            jobId: string | null;
            mapping: {
              [key: string]: string;
            };
            preview: string[][];
            processedRows: number;
            /** @description 0…1 */
            progress: number;
            /** @description uploaded | queued | running | done | failed | expired (uploaded and not started within 24 hours) */
            status: string;
            suggestedMapping: {
              [key: string]: string;
            };
            totalRows: number | null;
            /** Format: date-time */
            updatedAt: string;
            updatedRows: number;
            upsertBy: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getImport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The import */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            createdRows: number;
            delimiter: string;
            encoding: string;
            entity: string;
            error: string | null;
            failedRows: number;
            fileName: string;
            /** Format: date-time */
            finishedAt: string | null;
            hasErrorsFile: boolean;
            id: string;
            jobId: string | null;
            mapping: {
              [key: string]: string;
            };
            processedRows: number;
            /** @description 0…1 */
            progress: number;
            /** @description uploaded | queued | running | done | failed | expired (uploaded and not started within 24 hours) */
            status: string;
            totalRows: number | null;
            /** Format: date-time */
            updatedAt: string;
            updatedRows: number;
            upsertBy: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listImportErrors: {
    parameters: {
      query?: {
        lang?: 'en' | 'ru';
        limit?: number;
        offset?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The import errors */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** @enum {string} */
              code:
                | 'too_long'
                | 'invalid_email'
                | 'invalid_phone'
                | 'invalid_date'
                | 'invalid_number'
                | 'invalid_boolean'
                | 'invalid_lifecycle'
                | 'invalid_option'
                | 'invalid_probability'
                | 'unknown_owner'
                | 'invalid_currency'
                | 'no_identity'
                | 'required'
                | 'identity_taken'
                | 'external_id_taken'
                | 'pipeline_not_found'
                | 'no_pipeline'
                | 'stage_not_found'
                | 'close_reason_required'
                | 'person_not_found';
              field: string | null;
              message: string;
              row: number;
            }[];
            offset: number;
            /** @description rows refused in all */
            total: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  downloadImportErrors: {
    parameters: {
      query?: {
        lang?: 'en' | 'ru';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The rows that were not imported, with their original columns plus `error` (UTF-8 CSV with BOM) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  startImport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description CSV column → field (see the fields of each entity; custom fields as cf.KEY; "" skips a column)
           * @default {}
           */
          mapping?: {
            [key: string]: string;
          };
          /**
           * @description Update existing records matched by this field instead of creating new ones
           * @default null
           * @enum {string|null}
           */
          upsertBy?: 'email' | 'phone' | 'externalId' | null;
        };
      };
    };
    responses: {
      /** @description Accepted: the import runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            createdRows: number;
            delimiter: string;
            encoding: string;
            entity: string;
            error: string | null;
            failedRows: number;
            fileName: string;
            /** Format: date-time */
            finishedAt: string | null;
            hasErrorsFile: boolean;
            id: string;
            jobId: string | null;
            mapping: {
              [key: string]: string;
            };
            processedRows: number;
            /** @description 0…1 */
            progress: number;
            /** @description uploaded | queued | running | done | failed | expired (uploaded and not started within 24 hours) */
            status: string;
            totalRows: number | null;
            /** Format: date-time */
            updatedAt: string;
            updatedRows: number;
            upsertBy: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listInboxes: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The inboxes */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Inbox'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createInbox: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          address?: string | null;
          /** @enum {string} */
          channel: 'email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api';
          /** Format: uuid */
          channelId?: string | null;
          name: string;
          settings?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Created: the new inbox */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Inbox'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getInbox: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The inbox */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Inbox'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteInbox: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateInbox: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          address?: string | null;
          /** Format: uuid */
          channelId?: string | null;
          name?: string;
          settings?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Updated: the inbox as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Inbox'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createInboxMessage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          externalId: string;
          from: {
            /** Format: email */
            email?: string;
            name?: string;
            phone?: string;
            userId?: string;
          };
          subject?: string;
          text: string;
        };
      };
    };
    responses: {
      /** @description Created: the new inbox message */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            conversationId: string;
            /** @description A new conversation was opened */
            created: boolean;
            /** @description This externalId was received before: nothing new was written */
            duplicate: boolean;
            messageId: string;
            personId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listAtRisk: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–200) */
        limit?: number;
        /** @description The least churnProbability (0–1) */
        minChurn?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of at risk (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              churnProbability: number;
              /** @description The churn score’s top factors */
              factors: {
                /** @description Its share of the score (log-odds for probabilities, currency for LTV) */
                contribution: number;
                feature: string;
                /** @description The person's value of the feature */
                value: number;
              }[];
              /**
               * Format: date-time
               * @description The last order (an "Order Completed" event); null when none
               */
              lastOrderAt: string | null;
              /** @description The CRM name (else the first email); null when the CRM has none */
              name: string | null;
              personId: string;
              predictedLtv: number | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getScoreDistributions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The score distributions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              buckets: {
                count: number;
                from: number;
                to: number;
              }[];
              count: number;
              /** @enum {string} */
              kind: 'churn' | 'propensity' | 'recommendations' | 'payment-risk' | 'ltv' | 'customer-types';
              max: number | null;
              min: number | null;
              trait: string;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listInvitations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of invitations (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              id: string;
              invitedBy: string;
              /** @enum {string} */
              role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
              workspace: {
                name: string;
                slug: string;
              };
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  acceptInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: accept invitation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            workspace: {
              name: string;
              slug: string;
            };
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  declineInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: decline invitation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            workspace: {
              name: string;
              slug: string;
            };
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listJobs: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        name?: string;
        state?: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed' | 'dead';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of jobs (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              attempts: number;
              /** Format: date-time */
              completedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              data: {
                [key: string]: unknown;
              };
              deadLettered: boolean;
              id: string;
              name: string;
              output: unknown;
              progress: number | null;
              progressMessage: string | null;
              retryLimit: number;
              /** Format: date-time */
              startAfter: string;
              /** Format: date-time */
              startedAt: string | null;
              /** @enum {string} */
              state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed' | 'dead';
            }[];
            names: string[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            data: {
              [key: string]: unknown;
            };
            deadLettered: boolean;
            id: string;
            name: string;
            output: unknown;
            progress: number | null;
            progressMessage: string | null;
            retryLimit: number;
            /** Format: date-time */
            startAfter: string;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed' | 'dead';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  cancelJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: cancel job */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            data: {
              [key: string]: unknown;
            };
            deadLettered: boolean;
            id: string;
            name: string;
            output: unknown;
            progress: number | null;
            progressMessage: string | null;
            retryLimit: number;
            /** Format: date-time */
            startAfter: string;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed' | 'dead';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  retryJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: retry job */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            data: {
              [key: string]: unknown;
            };
            deadLettered: boolean;
            id: string;
            name: string;
            output: unknown;
            progress: number | null;
            progressMessage: string | null;
            retryLimit: number;
            /** Format: date-time */
            startAfter: string;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed' | 'dead';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listJourneys: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        /** @description Text in the name or description */
        q?: string;
        status?: 'draft' | 'active' | 'paused' | 'archived';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of journeys (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JourneyPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createJourney: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A journey definition. entry: {event, where?} | {segment} | {dateTrait, offsetDays?, at?} | {api: true}; steps: wait (duration | until {time, timezone?} | for {event, where?} or {segment, entered?} with timeout, timeoutNext?), branch {rule, yes, no}, split {branches: [{key, share, next}]}, send {channelId, templateId, data?}, update_trait {trait, value}, give_points {points, reason?}, create_task {title, dueIn?, note?}, webhook {url, secret?}, exit. A step without `next` goes to the following one; the last (or next "end") completes the run. Durations: "5s", "30m", "2h", "3d". Optional: goal {event, where?, within?}, controlPercent (0–50), reentry {mode: never|after|always, after?}, cap {max, within}, consent {channel, purpose?}; steps may carry ui {x, y} and the definition layout {entry: {x, y}} for the editor. */
          definition: {
            cap?: {
              max: number;
              within: string;
            };
            consent?: {
              /** @enum {string} */
              channel: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk';
              /** @enum {string} */
              purpose?: 'marketing' | 'transactional';
            };
            controlPercent?: number;
            entry:
              | {
                  event: string;
                  where?: {
                    /** @enum {string} */
                    op:
                      | 'eq'
                      | 'neq'
                      | 'gt'
                      | 'gte'
                      | 'lt'
                      | 'lte'
                      | 'in'
                      | 'contains'
                      | 'startsWith'
                      | 'exists'
                      | 'notExists'
                      | 'before'
                      | 'after'
                      | 'withinLast';
                    property: string;
                    value?: unknown;
                  }[];
                }
              | {
                  /** Format: uuid */
                  segment: string;
                }
              | {
                  at?: string;
                  dateTrait: string;
                  offsetDays?: number;
                }
              | {
                  /** @enum {boolean} */
                  api: true;
                };
            goal?: {
              event: string;
              where?: {
                /** @enum {string} */
                op:
                  | 'eq'
                  | 'neq'
                  | 'gt'
                  | 'gte'
                  | 'lt'
                  | 'lte'
                  | 'in'
                  | 'contains'
                  | 'startsWith'
                  | 'exists'
                  | 'notExists'
                  | 'before'
                  | 'after'
                  | 'withinLast';
                property: string;
                value?: unknown;
              }[];
              within?: string;
            };
            layout?: {
              entry?: {
                x: number;
                y: number;
              };
            };
            reentry?: {
              after?: string;
              /** @enum {string} */
              mode: 'never' | 'after' | 'always';
            };
            steps: (
              | {
                  duration?: string;
                  for?:
                    | {
                        event: string;
                        where?: {
                          /** @enum {string} */
                          op:
                            | 'eq'
                            | 'neq'
                            | 'gt'
                            | 'gte'
                            | 'lt'
                            | 'lte'
                            | 'in'
                            | 'contains'
                            | 'startsWith'
                            | 'exists'
                            | 'notExists'
                            | 'before'
                            | 'after'
                            | 'withinLast';
                          property: string;
                          value?: unknown;
                        }[];
                      }
                    | {
                        entered?: boolean;
                        /** Format: uuid */
                        segment: string;
                      };
                  id: string;
                  label?: string;
                  next?: string;
                  timeout?: string;
                  timeoutNext?: string;
                  /** @enum {string} */
                  type: 'wait';
                  ui?: {
                    x: number;
                    y: number;
                  };
                  until?: {
                    time: string;
                    timezone?: string;
                  };
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  no: string;
                  rule: {
                    [key: string]: unknown;
                  };
                  /** @enum {string} */
                  type: 'branch';
                  ui?: {
                    x: number;
                    y: number;
                  };
                  yes: string;
                }
              | {
                  branches: {
                    key: string;
                    next: string;
                    share: number;
                  }[];
                  id: string;
                  label?: string;
                  next?: string;
                  /** @enum {string} */
                  type: 'split';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
              | {
                  /** Format: uuid */
                  channelId: string;
                  data?: {
                    [key: string]: unknown;
                  };
                  id: string;
                  label?: string;
                  next?: string;
                  /** Format: uuid */
                  templateId: string;
                  /** @enum {string} */
                  type: 'send';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  trait: string;
                  /** @enum {string} */
                  type: 'update_trait';
                  ui?: {
                    x: number;
                    y: number;
                  };
                  value: unknown;
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  points: number;
                  reason?: string;
                  /** @enum {string} */
                  type: 'give_points';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
              | {
                  dueIn?: string;
                  id: string;
                  label?: string;
                  next?: string;
                  note?: string;
                  title: string;
                  /** @enum {string} */
                  type: 'create_task';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  secret?: string;
                  /** @enum {string} */
                  type: 'webhook';
                  ui?: {
                    x: number;
                    y: number;
                  };
                  /** Format: uri */
                  url: string;
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  /** @enum {string} */
                  type: 'exit';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
            )[];
          };
          description?: string | null;
          name: string;
        };
      };
    };
    responses: {
      /** @description Created: the new journey */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Journey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getJourney: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The journey */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Journey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteJourney: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateJourney: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A journey definition. entry: {event, where?} | {segment} | {dateTrait, offsetDays?, at?} | {api: true}; steps: wait (duration | until {time, timezone?} | for {event, where?} or {segment, entered?} with timeout, timeoutNext?), branch {rule, yes, no}, split {branches: [{key, share, next}]}, send {channelId, templateId, data?}, update_trait {trait, value}, give_points {points, reason?}, create_task {title, dueIn?, note?}, webhook {url, secret?}, exit. A step without `next` goes to the following one; the last (or next "end") completes the run. Durations: "5s", "30m", "2h", "3d". Optional: goal {event, where?, within?}, controlPercent (0–50), reentry {mode: never|after|always, after?}, cap {max, within}, consent {channel, purpose?}; steps may carry ui {x, y} and the definition layout {entry: {x, y}} for the editor. */
          definition?: {
            cap?: {
              max: number;
              within: string;
            };
            consent?: {
              /** @enum {string} */
              channel: 'email' | 'sms' | 'push' | 'telegram' | 'whatsapp' | 'vk';
              /** @enum {string} */
              purpose?: 'marketing' | 'transactional';
            };
            controlPercent?: number;
            entry:
              | {
                  event: string;
                  where?: {
                    /** @enum {string} */
                    op:
                      | 'eq'
                      | 'neq'
                      | 'gt'
                      | 'gte'
                      | 'lt'
                      | 'lte'
                      | 'in'
                      | 'contains'
                      | 'startsWith'
                      | 'exists'
                      | 'notExists'
                      | 'before'
                      | 'after'
                      | 'withinLast';
                    property: string;
                    value?: unknown;
                  }[];
                }
              | {
                  /** Format: uuid */
                  segment: string;
                }
              | {
                  at?: string;
                  dateTrait: string;
                  offsetDays?: number;
                }
              | {
                  /** @enum {boolean} */
                  api: true;
                };
            goal?: {
              event: string;
              where?: {
                /** @enum {string} */
                op:
                  | 'eq'
                  | 'neq'
                  | 'gt'
                  | 'gte'
                  | 'lt'
                  | 'lte'
                  | 'in'
                  | 'contains'
                  | 'startsWith'
                  | 'exists'
                  | 'notExists'
                  | 'before'
                  | 'after'
                  | 'withinLast';
                property: string;
                value?: unknown;
              }[];
              within?: string;
            };
            layout?: {
              entry?: {
                x: number;
                y: number;
              };
            };
            reentry?: {
              after?: string;
              /** @enum {string} */
              mode: 'never' | 'after' | 'always';
            };
            steps: (
              | {
                  duration?: string;
                  for?:
                    | {
                        event: string;
                        where?: {
                          /** @enum {string} */
                          op:
                            | 'eq'
                            | 'neq'
                            | 'gt'
                            | 'gte'
                            | 'lt'
                            | 'lte'
                            | 'in'
                            | 'contains'
                            | 'startsWith'
                            | 'exists'
                            | 'notExists'
                            | 'before'
                            | 'after'
                            | 'withinLast';
                          property: string;
                          value?: unknown;
                        }[];
                      }
                    | {
                        entered?: boolean;
                        /** Format: uuid */
                        segment: string;
                      };
                  id: string;
                  label?: string;
                  next?: string;
                  timeout?: string;
                  timeoutNext?: string;
                  /** @enum {string} */
                  type: 'wait';
                  ui?: {
                    x: number;
                    y: number;
                  };
                  until?: {
                    time: string;
                    timezone?: string;
                  };
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  no: string;
                  rule: {
                    [key: string]: unknown;
                  };
                  /** @enum {string} */
                  type: 'branch';
                  ui?: {
                    x: number;
                    y: number;
                  };
                  yes: string;
                }
              | {
                  branches: {
                    key: string;
                    next: string;
                    share: number;
                  }[];
                  id: string;
                  label?: string;
                  next?: string;
                  /** @enum {string} */
                  type: 'split';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
              | {
                  /** Format: uuid */
                  channelId: string;
                  data?: {
                    [key: string]: unknown;
                  };
                  id: string;
                  label?: string;
                  next?: string;
                  /** Format: uuid */
                  templateId: string;
                  /** @enum {string} */
                  type: 'send';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  trait: string;
                  /** @enum {string} */
                  type: 'update_trait';
                  ui?: {
                    x: number;
                    y: number;
                  };
                  value: unknown;
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  points: number;
                  reason?: string;
                  /** @enum {string} */
                  type: 'give_points';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
              | {
                  dueIn?: string;
                  id: string;
                  label?: string;
                  next?: string;
                  note?: string;
                  title: string;
                  /** @enum {string} */
                  type: 'create_task';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  secret?: string;
                  /** @enum {string} */
                  type: 'webhook';
                  ui?: {
                    x: number;
                    y: number;
                  };
                  /** Format: uri */
                  url: string;
                }
              | {
                  id: string;
                  label?: string;
                  next?: string;
                  /** @enum {string} */
                  type: 'exit';
                  ui?: {
                    x: number;
                    y: number;
                  };
                }
            )[];
          };
          description?: string | null;
          name?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the journey as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Journey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  archiveJourney: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: archive journey */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Journey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  enterJourney: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: uuid
           * @description Required
           */
          personId?: string;
        };
      };
    };
    responses: {
      /** @description Accepted: the journey runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            reason?: string;
            runId: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  pauseJourney: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: pause journey */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Journey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  publishJourney: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Move people in flight on fromVersion to the new version */
          migrate?: {
            fromVersion: number;
            /** @description Old step id → new step id (or "end"); runs of fromVersion at a step not in the map stay on it */
            map: {
              [key: string]: string;
            };
          };
        } | null;
      };
    };
    responses: {
      /** @description Done: publish journey */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Journey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  resumeJourney: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: resume journey */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Journey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listJourneyStats: {
    parameters: {
      query?: {
        /** @description One version (default: all) */
        version?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The journey stats */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JourneyStats'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listJourneyVersions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The journey versions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['JourneyVersion'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  validateJourneys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A journey definition (checked, never saved) */
          definition: unknown;
        };
      };
    };
    responses: {
      /** @description Done: validate journeys */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JourneyValidation'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listKbArticles: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–100) */
        limit?: number;
        locale?: 'ru' | 'en';
        q?: string;
        status?: 'draft' | 'published';
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of kb articles (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KbArticlePage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createKbArticle: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
          /** @enum {string} */
          locale: 'ru' | 'en';
          /**
           * @description draft (default) or published: only published ones reach the bot
           * @enum {string}
           */
          status?: 'draft' | 'published';
          tags?: string[];
          title: string;
        };
      };
    };
    responses: {
      /** @description Created: the new kb article */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KbArticle'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getKbArticle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The kb article */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KbArticle'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteKbArticle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateKbArticle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body?: string;
          /** @enum {string} */
          locale?: 'ru' | 'en';
          /**
           * @description draft (default) or published: only published ones reach the bot
           * @enum {string}
           */
          status?: 'draft' | 'published';
          tags?: string[];
          title?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the kb article as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KbArticle'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listMacros: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The macros */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Macro'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createMacro: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          actions: {
            addTags?: string[];
            /** Format: uuid */
            assigneeId?: string | null;
            note?: string;
            /** @enum {string} */
            priority?: 'low' | 'normal' | 'high' | 'urgent';
            removeTags?: string[];
            reply?: string;
            /** @enum {string} */
            status?: 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
            /** Format: uuid */
            teamId?: string | null;
            topic?: string | null;
          };
          name: string;
        };
      };
    };
    responses: {
      /** @description Created: the new macro */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Macro'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getMacro: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The macro */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Macro'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteMacro: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateMacro: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          actions?: {
            addTags?: string[];
            /** Format: uuid */
            assigneeId?: string | null;
            note?: string;
            /** @enum {string} */
            priority?: 'low' | 'normal' | 'high' | 'urgent';
            removeTags?: string[];
            reply?: string;
            /** @enum {string} */
            status?: 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' | 'reopened';
            /** Format: uuid */
            teamId?: string | null;
            topic?: string | null;
          };
          name?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the macro as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Macro'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listMentionAlertRules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The mention alert rules */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['MentionAlertRule'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createMentionAlertRule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          baselineWindows?: number;
          /** Format: uuid */
          emailChannelId?: string | null;
          emails?: string[];
          enabled?: boolean;
          minCount?: number;
          name: string;
          /** @enum {string} */
          scope?: 'all' | 'topic' | 'store' | 'keyword' | 'product';
          /** @description The topic key, the store, the keyword or the product (its topic key or its name in the text) */
          scopeValue?: string | null;
          sigma?: number;
          /** @description The feedback counted (default ["mention"]) */
          sources?: ('mention' | 'survey' | 'ticket')[];
          windowMinutes?: number;
        };
      };
    };
    responses: {
      /** @description Created: the new mention alert rule */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionAlertRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getMentionAlertRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The mention alert rule */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionAlertRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteMentionAlertRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateMentionAlertRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          baselineWindows?: number;
          /** Format: uuid */
          emailChannelId?: string | null;
          emails?: string[];
          enabled?: boolean;
          minCount?: number;
          name?: string;
          /** @enum {string} */
          scope?: 'all' | 'topic' | 'store' | 'keyword' | 'product';
          /** @description The topic key, the store, the keyword or the product (its topic key or its name in the text) */
          scopeValue?: string | null;
          sigma?: number;
          /** @description The feedback counted (default ["mention"]) */
          sources?: ('mention' | 'survey' | 'ticket')[];
          windowMinutes?: number;
        };
      };
    };
    responses: {
      /** @description Updated: the mention alert rule as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionAlertRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listMentionAlerts: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        ruleId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of mention alerts (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionAlertPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getMentionAlert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The mention alert */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionAlert'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  acknowledgeMentionAlert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: acknowledge mention alert */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionAlert'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listMentionSources: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The mention sources */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['MentionSource'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createMentionSource: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          enabled?: boolean;
          /** @enum {string} */
          kind: 'rss' | 'telegram' | 'vk' | 'reviews' | 'webhook';
          name: string;
          pollMinutes?: number;
          settings?: {
            /** @description VK: write-only, sealed at rest; "" removes it */
            accessToken?: string;
            apiVersion?: string;
            channel?: string;
            /** @enum {string} */
            format?: 'auto' | 'rss' | 'json';
            /** @enum {string} */
            method?: 'newsfeed.search' | 'wall.search';
            ownerId?: number;
            query?: string;
          };
          /** @description The feed, the bridge, the review site; VK: the API base (default https://api.vk.com) */
          url?: string | null;
        };
      };
    };
    responses: {
      /** @description Created: the new mention source */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionSource'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getMentionSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The mention source */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionSource'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteMentionSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateMentionSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          enabled?: boolean;
          name?: string;
          pollMinutes?: number;
          settings?: {
            /** @description VK: write-only, sealed at rest; "" removes it */
            accessToken?: string;
            apiVersion?: string;
            channel?: string;
            /** @enum {string} */
            format?: 'auto' | 'rss' | 'json';
            /** @enum {string} */
            method?: 'newsfeed.search' | 'wall.search';
            ownerId?: number;
            query?: string;
          };
          /** @description The feed, the bridge, the review site; VK: the API base (default https://api.vk.com) */
          url?: string | null;
        };
      };
    };
    responses: {
      /** @description Updated: the mention source as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionSource'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  pollMentionSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: poll mention source */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            created: number;
            duplicates: number;
            error?: string;
            fetched: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  testMentionSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: test mention source */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            error: string | null;
            items: number;
            ok: boolean;
            sample: {
              author?: {
                followers?: number | null;
                handle: string;
                name?: string | null;
                network: string;
              } | null;
              externalId?: string | null;
              /** Format: date-time */
              publishedAt?: string | null;
              text: string;
              title?: string | null;
              url?: string | null;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listMentions: {
    parameters: {
      query?: {
        /** @description Text in the author's name or handle */
        author?: string;
        authorId?: string;
        complaint?: 'true' | 'false';
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Published at or after */
        from?: string;
        /** @description Only key opinion leaders */
        kol?: 'true' | 'false';
        /** @description Page size (1–500) */
        limit?: number;
        personId?: string;
        sentiment?: 'negative' | 'neutral' | 'positive';
        /** @description A source id, or a source label (rss, vk, …, a webhook source) */
        source?: string;
        /** @description Published before */
        to?: string;
        topic?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of mentions (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MentionPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createMention: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          author?: string | null;
          /** Format: email */
          authorEmail?: string | null;
          authorFollowers?: number | null;
          authorTelegramId?: string | null;
          authorVkId?: string | null;
          externalId?: string | null;
          /** Format: date-time */
          publishedAt?: string | null;
          source: string;
          text: string;
          title?: string | null;
          /** Format: uri */
          url?: string | null;
        };
      };
    };
    responses: {
      /** @description Done: create mention */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Mention'];
        };
      };
      /** @description Created: the new mention */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Mention'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getMention: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The mention */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Mention'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteMention: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listMerges: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        personId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of merges (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              eventCount: number;
              fromPerson: string;
              id: string;
              identities: {
                kind: string;
                value: string;
              }[];
              intoPerson: string;
              reason: string;
              /** Format: date-time */
              undoneAt: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  undoMerge: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: undo merge */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            eventCount: number;
            fromPerson: string;
            id: string;
            identities: {
              kind: string;
              value: string;
            }[];
            intoPerson: string;
            reason: string;
            /** Format: date-time */
            undoneAt: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listMessages: {
    parameters: {
      query?: {
        broadcastId?: string;
        channelId?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Queued at or after: YYYY-MM-DD (UTC day) or an ISO date-time */
        from?: string;
        /** @description Page size (1–500) */
        limit?: number;
        personId?: string;
        status?:
          | 'queued'
          | 'sending'
          | 'sent'
          | 'delivered'
          | 'opened'
          | 'clicked'
          | 'bounced'
          | 'failed'
          | 'complained'
          | 'suppressed';
        /** @description Queued before: YYYY-MM-DD includes that whole day */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of messages (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessagePage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createMessage: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          channelId: string;
          /** @description Template data: `data.*` in Liquid */
          data?: {
            [key: string]: unknown;
          };
          /** @description A repeated request with the same key returns the message it made, never a second one */
          idempotencyKey?: string;
          /**
           * @description Default: the template's kind. Transactional messages skip caps and quiet hours
           * @enum {string}
           */
          kind?: 'marketing' | 'transactional';
          /** Format: uuid */
          personId: string;
          /** Format: uuid */
          templateId: string;
        };
      };
    };
    responses: {
      /** @description Accepted: the message runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessageAccepted'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getMessage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The message */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessageDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  retryMessage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the message runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessageAccepted'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getMessagingPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The messaging policy */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessagingPolicy'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  replaceMessagingPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @default {
           *       "perChannelPerDay": null,
           *       "perChannelPerWeek": null,
           *       "allChannelsPerDay": null,
           *       "allChannelsPerWeek": null
           *     }
           */
          frequencyCaps?: {
            /**
             * @description … over all channels in 24 hours
             * @default null
             */
            allChannelsPerDay?: number | null;
            /**
             * @description … over all channels in 7 days
             * @default null
             */
            allChannelsPerWeek?: number | null;
            /**
             * @description Marketing messages a person gets per channel type in 24 hours at most
             * @default null
             */
            perChannelPerDay?: number | null;
            /**
             * @description … per channel type in 7 days
             * @default null
             */
            perChannelPerWeek?: number | null;
          };
          /**
           * @description No marketing message goes out between start and end in the person's time zone: it waits
           * @default null
           */
          quietHours?: {
            end: string;
            start: string;
          } | null;
          /**
           * @description IANA time zone of persons without a `timezone` / `time_zone` trait
           * @default UTC
           */
          timezone?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the messaging policy as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessagingPolicy'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listMessagingStats: {
    parameters: {
      query?: {
        broadcastId?: string;
        channelId?: string;
        /** @description Start (inclusive), ISO-8601 */
        from?: string;
        /** @description The series step (day) */
        interval?: 'day';
        templateId?: string;
        /** @description End (exclusive), ISO-8601 */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The messaging stats */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MessagingStats'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listModels: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The models */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['InsightsModel'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description churn | propensity | recommendations | payment-risk | ltv | customer-types */
        kind: 'churn' | 'propensity' | 'recommendations' | 'payment-risk' | 'ltv' | 'customer-types';
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The model */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InsightsModel'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  trainModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description churn | propensity | recommendations | payment-risk | ltv | customer-types */
        kind: 'churn' | 'propensity' | 'recommendations' | 'payment-risk' | 'ltv' | 'customer-types';
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the model runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            jobId: string;
            /** @description The version being trained */
            version: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listNotifications: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        unread?: 'true' | 'false';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of notifications (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              body: string | null;
              /** Format: date-time */
              createdAt: string;
              data: {
                [key: string]: unknown;
              };
              id: string;
              /** @description What it is about, e.g. activity.reminder */
              kind: string;
              /** @description A path in the web app to open, e.g. /deals/ID */
              link: string | null;
              read: boolean;
              /** Format: date-time */
              readAt: string | null;
              title: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  markNotificationRead: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: mark notification read */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            body: string | null;
            /** Format: date-time */
            createdAt: string;
            data: {
              [key: string]: unknown;
            };
            id: string;
            /** @description What it is about, e.g. activity.reminder */
            kind: string;
            /** @description A path in the web app to open, e.g. /deals/ID */
            link: string | null;
            read: boolean;
            /** Format: date-time */
            readAt: string | null;
            title: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  markAllNotificationsRead: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: mark all notifications read */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description How many were unread */
            updated: number;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  countUnreadNotifications: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description How many notifications are unread */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            count: number;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  evaluateOffers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          cart: {
            city?: string | null;
            lines: {
              /** @description Unit price (roubles) */
              price: number;
              quantity: number;
              /** @description A catalogue sku (422 naming cart.lines.<i>.sku otherwise) */
              sku: string;
            }[];
            region?: string | null;
            store?: string | null;
          };
          /** @description The person: { id } or any identifier { kind, value }; 404 naming person when unknown */
          person:
            | {
                /** Format: uuid */
                id: string;
              }
            | {
                /** @description email, phone, user_id, anonymous_id, telegram_id, vk_id or external:<type> (e.g. external:loyalty_card) */
                kind: string;
                value: string;
              };
        };
      };
    };
    responses: {
      /** @description Done: evaluate offers */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OfferEvaluation'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  redeemOffer: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          cart: {
            city?: string | null;
            lines: {
              /** @description Unit price (roubles) */
              price: number;
              quantity: number;
              /** @description A catalogue sku (422 naming cart.lines.<i>.sku otherwise) */
              sku: string;
            }[];
            region?: string | null;
            store?: string | null;
          };
          /** @description The person: { id } or any identifier { kind, value }; 404 naming person when unknown */
          person:
            | {
                /** Format: uuid */
                id: string;
              }
            | {
                /** @description email, phone, user_id, anonymous_id, telegram_id, vk_id or external:<type> (e.g. external:loyalty_card) */
                kind: string;
                value: string;
              };
          pointsToSpend?: number;
          /** @description The order id: the idempotency key */
          redemptionId: string;
        };
      };
    };
    responses: {
      /** @description Done: redeem offer */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OfferRedemption'];
        };
      };
      /** @description Created: the new offer */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OfferRedemption'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listPeople: {
    parameters: {
      query?: {
        city?: string;
        companyId?: string;
        country?: string;
        /** @description YYYY-MM-DD or ISO date-time, inclusive */
        createdFrom?: string;
        /** @description YYYY-MM-DD (that whole day) or ISO date-time, exclusive */
        createdTo?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        lifecycleStage?: 'lead' | 'prospect' | 'customer' | 'churned';
        /** @description Page size (1–500) */
        limit?: number;
        order?: 'asc' | 'desc';
        ownerId?: string;
        /** @description Name, email, phone (any format) or company; typo-tolerant when nothing matches exactly */
        q?: string;
        region?: string;
        sort?: 'createdAt' | 'updatedAt' | 'lastName' | 'firstName' | 'city' | 'lifecycleStage';
        source?: string;
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of people (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PersonPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createPerson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date */
          birthday?: string | null;
          city?: string | null;
          /** Format: uuid */
          companyId?: string | null;
          country?: string | null;
          customFields?: {
            [key: string]: unknown;
          };
          emails?: string[];
          externalId?: string | null;
          firstName?: string | null;
          lastName?: string | null;
          /** @enum {string} */
          lifecycleStage?: 'lead' | 'prospect' | 'customer' | 'churned';
          /** Format: uuid */
          ownerId?: string | null;
          phones?: string[];
          position?: string | null;
          postalCode?: string | null;
          region?: string | null;
          source?: string | null;
          street?: string | null;
          tags?: string[];
        };
      };
    };
    responses: {
      /** @description Created: the new person */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Person'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getPerson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The person */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PersonDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deletePerson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updatePerson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date */
          birthday?: string | null;
          city?: string | null;
          /** Format: uuid */
          companyId?: string | null;
          country?: string | null;
          customFields?: {
            [key: string]: unknown;
          };
          emails?: string[] | null;
          externalId?: string | null;
          firstName?: string | null;
          lastName?: string | null;
          /** @enum {string} */
          lifecycleStage?: 'lead' | 'prospect' | 'customer' | 'churned';
          /** Format: uuid */
          ownerId?: string | null;
          phones?: string[] | null;
          position?: string | null;
          postalCode?: string | null;
          region?: string | null;
          source?: string | null;
          street?: string | null;
          tags?: string[] | null;
        };
      };
    };
    responses: {
      /** @description Updated: the person as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Person'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createPersonConsent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          channel: 'email' | 'sms' | 'push' | 'messenger' | 'calls';
          /** @description A reference to the proof: form id, recording URL, document number */
          evidence?: string | null;
          granted: boolean;
          /** @enum {string} */
          purpose: 'marketing' | 'service';
          /** @description Where it was given or withdrawn: web form, call, paper, unsubscribe link… */
          source: string;
        };
      };
    };
    responses: {
      /** @description Created: the new person consent */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            actor: string | null;
            /** @enum {string} */
            channel: 'email' | 'sms' | 'push' | 'messenger' | 'calls';
            evidence: string | null;
            granted: boolean;
            id: string;
            /** Format: date-time */
            occurredAt: string;
            personId: string;
            /** @enum {string} */
            purpose: 'marketing' | 'service';
            source: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listPersonConsentHistory: {
    parameters: {
      query?: {
        channel?: 'email' | 'sms' | 'push' | 'messenger' | 'calls';
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        purpose?: 'marketing' | 'service';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of person consent history (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              actor: string | null;
              /** @enum {string} */
              channel: 'email' | 'sms' | 'push' | 'messenger' | 'calls';
              evidence: string | null;
              granted: boolean;
              id: string;
              /** Format: date-time */
              occurredAt: string;
              personId: string;
              /** @enum {string} */
              purpose: 'marketing' | 'service';
              source: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listPersonJourneys: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The person journeys */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['PersonJourney'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  mergePerson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          fields?: {
            /** @enum {string} */
            birthday?: 'this' | 'other';
            /** @enum {string} */
            city?: 'this' | 'other';
            /** @enum {string} */
            companyId?: 'this' | 'other';
            /** @enum {string} */
            country?: 'this' | 'other';
            /** @enum {string} */
            customFields?: 'this' | 'other';
            /** @enum {string} */
            externalId?: 'this' | 'other';
            /** @enum {string} */
            firstName?: 'this' | 'other';
            /** @enum {string} */
            lastName?: 'this' | 'other';
            /** @enum {string} */
            lifecycleStage?: 'this' | 'other';
            /** @enum {string} */
            ownerId?: 'this' | 'other';
            /** @enum {string} */
            position?: 'this' | 'other';
            /** @enum {string} */
            postalCode?: 'this' | 'other';
            /** @enum {string} */
            region?: 'this' | 'other';
            /** @enum {string} */
            source?: 'this' | 'other';
            /** @enum {string} */
            street?: 'this' | 'other';
          };
          /** Format: uuid */
          otherId: string;
        };
      };
    };
    responses: {
      /** @description Done: merge person */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            birthday: string | null;
            city: string | null;
            company: {
              id: string;
              name: string;
            } | null;
            companyId: string | null;
            country: string | null;
            /** Format: date-time */
            createdAt: string;
            customFields: {
              [key: string]: unknown;
            };
            emails: string[];
            externalId: string | null;
            firstName: string | null;
            id: string;
            lastName: string | null;
            /** @enum {string|null} */
            lifecycleStage: 'lead' | 'prospect' | 'customer' | 'churned' | null;
            mergeId: string;
            name: string;
            owner: {
              id: string;
              name: string;
            } | null;
            ownerId: string | null;
            phones: string[];
            position: string | null;
            postalCode: string | null;
            region: string | null;
            source: string | null;
            street: string | null;
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listPersonMerges: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of person merges (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              actor: string | null;
              cdpMergeId: string | null;
              choices: {
                [key: string]: 'this' | 'other';
              };
              /** Format: date-time */
              createdAt: string;
              fromPerson: string;
              id: string;
              intoPerson: string;
              /** @description How many rows of each kind moved to the survivor */
              moved: {
                [key: string]: number;
              };
              /** Format: date-time */
              undoneAt: string | null;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listPersonPushSubscriptions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The person push subscriptions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['PushSubscription'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createPersonPushSubscription: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** @description A Web Push subscription (PushSubscription.toJSON()) */
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: uri
           * @description The push service URL of the browser's subscription
           */
          endpoint: string;
          keys: {
            /** @description The auth secret */
            auth: string;
            /** @description The browser's P-256 public key */
            p256dh: string;
          };
        };
      };
    };
    responses: {
      /** @description Created: the new person push subscription */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PushSubscription'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getPersonRecommendations: {
    parameters: {
      query?: {
        /** @description How many (1–50) */
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The person recommendations */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Recommendation'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  restorePerson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: restore person */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PersonDetail'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getPersonScores: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The person scores */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The customer type (trait customerType, the customer-types model); null = unknown */
            customerType: string | null;
            data: components['schemas']['PersonScore'][];
            /** @description The setting paymentRiskThreshold (0–1) */
            paymentRiskThreshold: number;
            /** @description paymentRisk at or above the setting paymentRiskThreshold: a "problem client" on the CRM card */
            problemClient: boolean;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getPersonTimeline: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        /** @description Comma-separated types to keep: track, page, screen, identify, group, alias, change, activity, deal, consent */
        types?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of person timeline (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              event: string | null;
              id: string;
              messageId: string;
              /** Format: date-time */
              occurredAt: string;
              properties: {
                [key: string]: unknown;
              };
              source: {
                id: string;
                kind: string | null;
                name: string | null;
                origin: string;
              };
              type: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getPeopleCount: {
    parameters: {
      query?: {
        city?: string;
        companyId?: string;
        country?: string;
        /** @description YYYY-MM-DD or ISO date-time, inclusive */
        createdFrom?: string;
        /** @description YYYY-MM-DD (that whole day) or ISO date-time, exclusive */
        createdTo?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        lifecycleStage?: 'lead' | 'prospect' | 'customer' | 'churned';
        /** @description Page size (1–500) */
        limit?: number;
        order?: 'asc' | 'desc';
        ownerId?: string;
        /** @description Name, email, phone (any format) or company; typo-tolerant when nothing matches exactly */
        q?: string;
        region?: string;
        sort?: 'createdAt' | 'updatedAt' | 'lastName' | 'firstName' | 'city' | 'lifecycleStage';
        source?: string;
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The people count */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            count: number;
            /** @description false: there are more than `count` */
            exact: boolean;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listDeletedPeople: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        /** @description Words that must all appear (substring, case-insensitive; no typo fallback) */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of deleted people (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              birthday: string | null;
              city: string | null;
              company: {
                id: string;
                name: string;
              } | null;
              companyId: string | null;
              country: string | null;
              /** Format: date-time */
              createdAt: string;
              customFields: {
                [key: string]: unknown;
              };
              /** Format: date-time */
              deletedAt: string;
              emails: string[];
              externalId: string | null;
              firstName: string | null;
              id: string;
              lastName: string | null;
              /** @enum {string|null} */
              lifecycleStage: 'lead' | 'prospect' | 'customer' | 'churned' | null;
              name: string;
              owner: {
                id: string;
                name: string;
              } | null;
              ownerId: string | null;
              phones: string[];
              position: string | null;
              postalCode: string | null;
              region: string | null;
              source: string | null;
              street: string | null;
              tags: string[];
              /** Format: date-time */
              updatedAt: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listDuplicatePeople: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of duplicate people (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              a: components['schemas']['Person'];
              b: components['schemas']['Person'];
              reasons: ('email' | 'phone' | 'name_company')[];
              score: number;
            }[];
            nextCursor: string | null;
            /** @description How much work this page took: bounded per request */
            scan: {
              /** @description Candidate pairs this request scored */
              candidatesScored: number;
              /** @description Bounded statements (chunks) this request ran */
              chunks: number;
              /** @description true: the scan reached the end (no nextCursor) */
              complete: boolean;
              /** @description People rows this request read */
              rowsScanned: number;
            };
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  dismissDuplicatePeople: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          a: string;
          /** Format: uuid */
          b: string;
        };
      };
    };
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  startPeopleExport: {
    parameters: {
      query?: {
        city?: string;
        companyId?: string;
        country?: string;
        /** @description YYYY-MM-DD or ISO date-time, inclusive */
        createdFrom?: string;
        /** @description YYYY-MM-DD (that whole day) or ISO date-time, exclusive */
        createdTo?: string;
        lifecycleStage?: 'lead' | 'prospect' | 'customer' | 'churned';
        order?: 'asc' | 'desc';
        ownerId?: string;
        /** @description Name, email, phone (any format) or company; typo-tolerant when nothing matches exactly */
        q?: string;
        region?: string;
        sort?: 'createdAt' | 'updatedAt' | 'lastName' | 'firstName' | 'city' | 'lifecycleStage';
        source?: string;
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the people export runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description GET it when the job is completed */
            downloadUrl: string;
            fileName: string;
            jobId: string;
            /** @description GET it for state and progress (the jobs API) */
            statusUrl: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  exportPeopleCsv: {
    parameters: {
      query?: {
        city?: string;
        companyId?: string;
        country?: string;
        /** @description YYYY-MM-DD or ISO date-time, inclusive */
        createdFrom?: string;
        /** @description YYYY-MM-DD (that whole day) or ISO date-time, exclusive */
        createdTo?: string;
        lifecycleStage?: 'lead' | 'prospect' | 'customer' | 'churned';
        order?: 'asc' | 'desc';
        ownerId?: string;
        /** @description Name, email, phone (any format) or company; typo-tolerant when nothing matches exactly */
        q?: string;
        region?: string;
        sort?: 'createdAt' | 'updatedAt' | 'lastName' | 'firstName' | 'city' | 'lifecycleStage';
        source?: string;
        tag?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The people list view as CSV, streamed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      /** @description Accepted: the people csv runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': {
            /** @description GET it when the job is completed */
            downloadUrl: string;
            fileName: string;
            jobId: string;
            /** @description GET it for state and progress (the jobs API) */
            statusUrl: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  lookupPerson: {
    parameters: {
      query: {
        kind: string;
        value: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The person */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Profile'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getProfile: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The profile */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Profile'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  eraseProfile: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: erase profile */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            erased: {
              [key: string]: number;
            };
            personId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  exportProfile: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Everything stored about the person as a JSON attachment (person-<id>.json) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getPersonPoints: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–200) */
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of person points (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PointsHistory'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  changePersonPoints: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          idempotencyKey?: string | null;
          orderId?: string | null;
          points: number;
          /** Format: uuid */
          promotionId?: string | null;
          reason: string;
          /** @enum {string} */
          type: 'earn' | 'spend' | 'adjust';
        };
      };
    };
    responses: {
      /** @description Done: change person points */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PointsEntry'];
        };
      };
      /** @description Created: the new person points */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PointsEntry'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listPipelines: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of pipelines (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Pipeline'][];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createPipeline: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          currency?: string;
          name: string;
          stages: {
            /** @enum {string} */
            kind?: 'open' | 'won' | 'lost';
            name: string;
            probability?: number;
          }[];
        };
      };
    };
    responses: {
      /** @description Created: the new pipeline */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Pipeline'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getPipeline: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The pipeline */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Pipeline'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deletePipeline: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updatePipeline: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          currency?: string;
          name?: string;
          stages?: {
            /** Format: uuid */
            id?: string;
            /** @enum {string} */
            kind?: 'open' | 'won' | 'lost';
            name: string;
            probability?: number;
          }[];
        };
      };
    };
    responses: {
      /** @description Updated: the pipeline as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Pipeline'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listProducts: {
    parameters: {
      query?: {
        category?: string;
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–200) */
        limit?: number;
        /** @description Part of the sku or name */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of products (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Product'][];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  upsertProducts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          products: {
            category?: string | null;
            name: string;
            price?: number | null;
            sku: string;
          }[];
        };
      };
    };
    responses: {
      /** @description Updated: the products as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            upserted: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listPromotions: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–200) */
        limit?: number;
        /** @description Part of the name or description */
        q?: string;
        status?: 'draft' | 'active' | 'paused' | 'ended' | 'archived';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of promotions (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Promotion'][];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createPromotion: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          /**
           * Format: date-time
           * @description Must be after startsAt (422)
           */
          endsAt?: string | null;
          geography?: {
            cities?: string[];
            regions?: string[];
            stores?: string[];
          } | null;
          limitPerPerson?: number | null;
          limitTotal?: number | null;
          /** @enum {string} */
          mechanic: 'buy_n_get_m' | 'points_multiplier' | 'percent_off' | 'gift' | 'birthday_points';
          name: string;
          /** @description buy_n_get_m {n, m, skus?, categories?}; points_multiplier {multiplier (>1)}; percent_off {percent (1..100), skus?, categories?}; gift {giftSku, minTotal?, skus?, categories?}; birthday_points {points, daysBefore?, daysAfter?}. 422 naming params.<field> when they do not fit the mechanic or name an unknown sku */
          params: {
            [key: string]: unknown;
          };
          /**
           * Format: uuid
           * @description Only members of this segment or list
           */
          segmentId?: string | null;
          /** Format: date-time */
          startsAt?: string | null;
        };
      };
    };
    responses: {
      /** @description Created: the new promotion */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getPromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The promotion */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updatePromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          /**
           * Format: date-time
           * @description Must be after startsAt (422)
           */
          endsAt?: string | null;
          geography?: {
            cities?: string[];
            regions?: string[];
            stores?: string[];
          } | null;
          limitPerPerson?: number | null;
          limitTotal?: number | null;
          /** @enum {string} */
          mechanic?: 'buy_n_get_m' | 'points_multiplier' | 'percent_off' | 'gift' | 'birthday_points';
          name?: string;
          /** @description buy_n_get_m {n, m, skus?, categories?}; points_multiplier {multiplier (>1)}; percent_off {percent (1..100), skus?, categories?}; gift {giftSku, minTotal?, skus?, categories?}; birthday_points {points, daysBefore?, daysAfter?}. 422 naming params.<field> when they do not fit the mechanic or name an unknown sku */
          params?: {
            [key: string]: unknown;
          };
          /**
           * Format: uuid
           * @description Only members of this segment or list
           */
          segmentId?: string | null;
          /** Format: date-time */
          startsAt?: string | null;
        };
      };
    };
    responses: {
      /** @description Updated: the promotion as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  activatePromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: activate promotion */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  archivePromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: archive promotion */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  pausePromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: pause promotion */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deletePushSubscription: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getActivityReport: {
    parameters: {
      query?: {
        direction?: 'in' | 'out';
        /** @description Start (inclusive): YYYY-MM-DD (UTC day) or an ISO date-time */
        from?: string;
        kind?: 'call' | 'email' | 'meeting' | 'visit' | 'task' | 'note';
        /** @description End: YYYY-MM-DD includes that whole day; a date-time is exclusive */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The activity report */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            rows: {
              calls: number;
              callsIn: number;
              callsOut: number;
              emails: number;
              meetings: number;
              notes: number;
              ownerId: string | null;
              ownerName: string | null;
              tasksDone: number;
              visits: number;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getFunnelReport: {
    parameters: {
      query?: {
        /** @description Only deals in this currency (default: the currency most of the matching deals are in) */
        currency?: string;
        /** @description Start (inclusive): YYYY-MM-DD (UTC day) or an ISO date-time */
        from?: string;
        pipelineId?: string;
        /** @description End: YYYY-MM-DD includes that whole day; a date-time is exclusive */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The funnel report */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Every currency the matching deals are in, most deals first */
            currencies: string[];
            /** @description The currency of every amount in this report (deals in other currencies are left out) */
            currency: string;
            pipelineId: string;
            pipelineName: string;
            stages: {
              amount: number;
              avgSecondsInStage: number | null;
              conversionToNext: number | null;
              count: number;
              kind: string;
              name: string;
              stageId: string;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getReasonsReport: {
    parameters: {
      query?: {
        /** @description Only deals in this currency (default: the currency most of the matching deals are in) */
        currency?: string;
        /** @description Start (inclusive): YYYY-MM-DD (UTC day) or an ISO date-time */
        from?: string;
        pipelineId?: string;
        /** @description End: YYYY-MM-DD includes that whole day; a date-time is exclusive */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The reasons report */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Every currency the matching deals are in, most deals first */
            currencies: string[];
            /** @description The currency of every amount in this report (deals in other currencies are left out) */
            currency: string;
            lost: {
              amount: number;
              count: number;
              reason: string | null;
            }[];
            won: {
              amount: number;
              count: number;
              reason: string | null;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getSalesReport: {
    parameters: {
      query?: {
        /** @description Only deals in this currency (default: the currency most of the matching deals are in) */
        currency?: string;
        /** @description Start (inclusive): YYYY-MM-DD (UTC day) or an ISO date-time */
        from?: string;
        groupBy?: 'none' | 'region' | 'owner';
        interval?: 'day' | 'week' | 'month';
        pipelineId?: string;
        /** @description End: YYYY-MM-DD includes that whole day; a date-time is exclusive */
        to?: string;
        /** @description IANA time zone the periods are cut in (default UTC) */
        tz?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The sales report */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Every currency the matching deals are in, most deals first */
            currencies: string[];
            /** @description The currency of every amount in this report (deals in other currencies are left out) */
            currency: string;
            groupBy: string;
            interval: string;
            periods: string[];
            series: {
              amount: number;
              count: number;
              key: string;
              label: string;
              points: {
                amount: number;
                count: number;
                period: string;
              }[];
            }[];
            tz: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getSourcesReport: {
    parameters: {
      query?: {
        /** @description Only deals in this currency (default: the currency most of the matching deals are in) */
        currency?: string;
        /** @description Start (inclusive): YYYY-MM-DD (UTC day) or an ISO date-time */
        from?: string;
        pipelineId?: string;
        /** @description End: YYYY-MM-DD includes that whole day; a date-time is exclusive */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The sources report */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            campaigns: {
              amount: number;
              campaign: string | null;
              won: number;
            }[];
            /** @description Every currency the matching deals are in, most deals first */
            currencies: string[];
            /** @description The currency of every amount in this report (deals in other currencies are left out) */
            currency: string;
            sources: {
              amount: number;
              source: string | null;
              won: number;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listRoles: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The roles */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              description: {
                en: string;
                ru: string;
              };
              permissions: string[];
              /** @enum {string} */
              role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            }[];
            permissions: {
              en: string;
              permission: string;
              ru: string;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listRoutingRules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The routing rules */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['RoutingRule'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createRoutingRule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          actions: {
            /** @enum {string} */
            assign?: 'round_robin' | 'least_busy' | 'none';
            /** Format: uuid */
            assigneeId?: string | null;
            /** @enum {string} */
            priority?: 'low' | 'normal' | 'high' | 'urgent';
            tags?: string[];
            /** Format: uuid */
            teamId?: string | null;
            topic?: string;
          };
          conditions: {
            channels?: ('email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api')[];
            inboxIds?: string[];
            keywords?: string[];
            languages?: string[];
            priorities?: ('low' | 'normal' | 'high' | 'urgent')[];
            topics?: string[];
            trait?: {
              equals: unknown;
              key: string;
            };
            vip?: boolean;
          };
          enabled?: boolean;
          name: string;
          position?: number;
        };
      };
    };
    responses: {
      /** @description Created: the new routing rule */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoutingRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getRoutingRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The routing rule */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoutingRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteRoutingRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateRoutingRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          actions?: {
            /** @enum {string} */
            assign?: 'round_robin' | 'least_busy' | 'none';
            /** Format: uuid */
            assigneeId?: string | null;
            /** @enum {string} */
            priority?: 'low' | 'normal' | 'high' | 'urgent';
            tags?: string[];
            /** Format: uuid */
            teamId?: string | null;
            topic?: string;
          };
          conditions?: {
            channels?: ('email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api')[];
            inboxIds?: string[];
            keywords?: string[];
            languages?: string[];
            priorities?: ('low' | 'normal' | 'high' | 'urgent')[];
            topics?: string[];
            trait?: {
              equals: unknown;
              key: string;
            };
            vip?: boolean;
          };
          enabled?: boolean;
          name?: string;
          position?: number;
        };
      };
    };
    responses: {
      /** @description Updated: the routing rule as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoutingRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSegments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of segments (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Segment'][];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSegment: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          /**
           * @description Default: rule
           * @enum {string}
           */
          kind?: 'rule' | 'list';
          name: string;
          /**
           * @description Required for a rule segment; refused for a list
           * @example {
           *       "all": [
           *         {
           *           "trait": "city",
           *           "op": "eq",
           *           "value": "Москва"
           *         },
           *         {
           *           "event": "Order Completed",
           *           "count": {
           *             "gte": 2
           *           },
           *           "within": "30d"
           *         }
           *       ]
           *     }
           */
          rule?: {
            [key: string]: unknown;
          } | null;
        };
      };
    };
    responses: {
      /** @description Created: the new segment */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Segment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getSegment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The segment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Segment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteSegment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateSegment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          name?: string;
          /**
           * @description A rule tree: groups {"all":[…]}, {"any":[…]}, {"not":{…}} over conditions, each marked by one key:
           *     - trait: A profile trait by dotted path, e.g. {"trait":"city","op":"eq","value":"Москва"}
           *     - computed: A computed trait: eventCount, orderCount, revenue, sessions, firstSeenAt, lastSeenAt, firstOrderAt, lastOrderAt
           *     - event: Events a person did: count (default: at least one), sum or avg of a property; where-conditions on properties ("products.*.category": any element of an array); a window (within, since, before)
           *     - segment: Members of another segment or list (refused if it leads back to this one)
           *     - bucket: A stable random bucket 0–99 per person (and salt), e.g. {"bucket":{"lt":10}} for a 10% holdout
           *     - crm: A CRM person field: firstName, lastName, city, region, country, position, source, lifecycleStage, ownerId, companyId, tags, emails, phones, birthday, createdAt, or custom.<key> (owner is Y: {"crm":"ownerId","op":"eq","value":"<user id>"})
           *     - consent: Consent for a channel (email, sms, push, messenger, calls) and purpose (marketing, service; default marketing): granted true = a grant in force, false = none
           *     - deal: Has a deal (not deleted) matching every given field: status (open, won, lost), stageId, pipelineId, ownerId
           *     - ticket: Has a service conversation (ticket) matching every given field: status (new, open, pending, on_hold, solved, closed, reopened, active; one or a list), priority (low, normal, high, urgent; one or a list), topic, within (created in the last "30d")
           *     - csat: Answered a CSAT survey (1–5) with a score ≤ lte and/or ≥ gte, within the last "30d" when given
           *     - survey: Answered a survey matching every given field: surveyId, type (nps, csat, ces, custom), category (NPS: promoter 9–10, passive 7–8, detractor 0–6), score ≤ lte / ≥ gte, within the last "90d" or "4w"
           *     Field operators: eq, neq, gt, gte, lt, lte, in, contains, startsWith, exists, notExists, before, after, withinLast. Windows: within ("30d", "12h", "2w", "90m"), since / before (ISO 8601).
           * @example {
           *       "all": [
           *         {
           *           "trait": "city",
           *           "op": "eq",
           *           "value": "Москва"
           *         },
           *         {
           *           "event": "Order Completed",
           *           "count": {
           *             "gte": 2
           *           },
           *           "within": "30d"
           *         }
           *       ]
           *     }
           */
          rule?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Updated: the segment as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Segment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSegmentDestinations: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of segment destinations (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['SegmentDestination'][];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSegmentDestination: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string;
          url: string;
        };
      };
    };
    responses: {
      /** @description Created: the new segment destination */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SegmentDestination'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteSegmentDestination: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        destId: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  syncSegmentDestination: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        destId: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the segment destination runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            jobId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  exportSegmentMembersCsv: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The current members: personId, enteredAt, email, phone, userId, firstName, lastName (streamed) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getSegmentHistory: {
    parameters: {
      query?: {
        days?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The segment history */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['SegmentHistoryDay'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSegmentMembers: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of segment members (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SegmentMemberPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  addListMembers: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Required: 1–1000 ids of persons of this workspace */
          personIds?: string[];
        };
      };
    };
    responses: {
      /** @description Done: add list members */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Persons who were not members before */
            added: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  removeListMembers: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Required: 1–1000 ids of persons of this workspace */
          personIds?: string[];
        };
      };
    };
    responses: {
      /** @description Done: remove list members */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Persons who were members */
            removed: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  recomputeSegment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the segment runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            jobId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  uploadListMembers: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the list members runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SegmentUpload'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getListUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        uploadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The list upload */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SegmentUpload'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  downloadListUploadRejected: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        uploadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The upload's rows that matched nobody: the file's columns plus code and reason */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSegmentVersions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of segment versions (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              actor: string | null;
              /** Format: date-time */
              createdAt: string;
              /**
               * @description A rule tree: groups {"all":[…]}, {"any":[…]}, {"not":{…}} over conditions, each marked by one key:
               *     - trait: A profile trait by dotted path, e.g. {"trait":"city","op":"eq","value":"Москва"}
               *     - computed: A computed trait: eventCount, orderCount, revenue, sessions, firstSeenAt, lastSeenAt, firstOrderAt, lastOrderAt
               *     - event: Events a person did: count (default: at least one), sum or avg of a property; where-conditions on properties ("products.*.category": any element of an array); a window (within, since, before)
               *     - segment: Members of another segment or list (refused if it leads back to this one)
               *     - bucket: A stable random bucket 0–99 per person (and salt), e.g. {"bucket":{"lt":10}} for a 10% holdout
               *     - crm: A CRM person field: firstName, lastName, city, region, country, position, source, lifecycleStage, ownerId, companyId, tags, emails, phones, birthday, createdAt, or custom.<key> (owner is Y: {"crm":"ownerId","op":"eq","value":"<user id>"})
               *     - consent: Consent for a channel (email, sms, push, messenger, calls) and purpose (marketing, service; default marketing): granted true = a grant in force, false = none
               *     - deal: Has a deal (not deleted) matching every given field: status (open, won, lost), stageId, pipelineId, ownerId
               *     - ticket: Has a service conversation (ticket) matching every given field: status (new, open, pending, on_hold, solved, closed, reopened, active; one or a list), priority (low, normal, high, urgent; one or a list), topic, within (created in the last "30d")
               *     - csat: Answered a CSAT survey (1–5) with a score ≤ lte and/or ≥ gte, within the last "30d" when given
               *     - survey: Answered a survey matching every given field: surveyId, type (nps, csat, ces, custom), category (NPS: promoter 9–10, passive 7–8, detractor 0–6), score ≤ lte / ≥ gte, within the last "90d" or "4w"
               *     Field operators: eq, neq, gt, gte, lt, lte, in, contains, startsWith, exists, notExists, before, after, withinLast. Windows: within ("30d", "12h", "2w", "90m"), since / before (ISO 8601).
               * @example {
               *       "all": [
               *         {
               *           "trait": "city",
               *           "op": "eq",
               *           "value": "Москва"
               *         },
               *         {
               *           "event": "Order Completed",
               *           "count": {
               *             "gte": 2
               *           },
               *           "within": "30d"
               *         }
               *       ]
               *     }
               */
              rule: {
                [key: string]: unknown;
              };
              version: number;
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  previewSegments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description A rule tree: groups {"all":[…]}, {"any":[…]}, {"not":{…}} over conditions, each marked by one key:
           *     - trait: A profile trait by dotted path, e.g. {"trait":"city","op":"eq","value":"Москва"}
           *     - computed: A computed trait: eventCount, orderCount, revenue, sessions, firstSeenAt, lastSeenAt, firstOrderAt, lastOrderAt
           *     - event: Events a person did: count (default: at least one), sum or avg of a property; where-conditions on properties ("products.*.category": any element of an array); a window (within, since, before)
           *     - segment: Members of another segment or list (refused if it leads back to this one)
           *     - bucket: A stable random bucket 0–99 per person (and salt), e.g. {"bucket":{"lt":10}} for a 10% holdout
           *     - crm: A CRM person field: firstName, lastName, city, region, country, position, source, lifecycleStage, ownerId, companyId, tags, emails, phones, birthday, createdAt, or custom.<key> (owner is Y: {"crm":"ownerId","op":"eq","value":"<user id>"})
           *     - consent: Consent for a channel (email, sms, push, messenger, calls) and purpose (marketing, service; default marketing): granted true = a grant in force, false = none
           *     - deal: Has a deal (not deleted) matching every given field: status (open, won, lost), stageId, pipelineId, ownerId
           *     - ticket: Has a service conversation (ticket) matching every given field: status (new, open, pending, on_hold, solved, closed, reopened, active; one or a list), priority (low, normal, high, urgent; one or a list), topic, within (created in the last "30d")
           *     - csat: Answered a CSAT survey (1–5) with a score ≤ lte and/or ≥ gte, within the last "30d" when given
           *     - survey: Answered a survey matching every given field: surveyId, type (nps, csat, ces, custom), category (NPS: promoter 9–10, passive 7–8, detractor 0–6), score ≤ lte / ≥ gte, within the last "90d" or "4w"
           *     Field operators: eq, neq, gt, gte, lt, lte, in, contains, startsWith, exists, notExists, before, after, withinLast. Windows: within ("30d", "12h", "2w", "90m"), since / before (ISO 8601).
           * @example {
           *       "all": [
           *         {
           *           "trait": "city",
           *           "op": "eq",
           *           "value": "Москва"
           *         },
           *         {
           *           "event": "Order Completed",
           *           "count": {
           *             "gte": 2
           *           },
           *           "within": "30d"
           *         }
           *       ]
           *     }
           */
          rule: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Done: preview segments */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Up to 10 person ids */
            sample: string[];
            size: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getServiceHolds: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The service holds */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceHoldPolicy'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  putServiceHolds: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Hold when the person answered a CSAT survey with maxScore or less in the last `days` days
           * @default {
           *       "enabled": true,
           *       "maxScore": 2,
           *       "days": 14
           *     }
           */
          lowCsat?: {
            /** @default 14 */
            days?: number;
            /** @default true */
            enabled?: boolean;
            /** @default 2 */
            maxScore?: number;
          };
          /**
           * @description Hold while the person has a conversation still being worked on with one of these priorities
           * @default {
           *       "enabled": true,
           *       "priorities": [
           *         "high",
           *         "urgent"
           *       ]
           *     }
           */
          openTicket?: {
            /** @default true */
            enabled?: boolean;
            /**
             * @default [
             *       "high",
             *       "urgent"
             *     ]
             */
            priorities?: ('low' | 'normal' | 'high' | 'urgent')[];
          };
          /**
           * @description Hold while a conversation of the person breached an SLA target in the last `days` days
           * @default {
           *       "enabled": true,
           *       "days": 7
           *     }
           */
          slaBreach?: {
            /** @default 7 */
            days?: number;
            /** @default true */
            enabled?: boolean;
          };
        };
      };
    };
    responses: {
      /** @description Updated: the service holds as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceHoldPolicy'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getServiceReport: {
    parameters: {
      query: {
        /** @description Backlog points at each local day or hour boundary (hourly: periods of at most 31 days) */
        backlogStep?: 'day' | 'hour';
        /** @description Start (inclusive) */
        from: string;
        groupBy?: 'channel' | 'topic' | 'priority' | 'agent' | 'team' | 'hour' | 'day';
        /** @description IANA zone for hour/day groups and the backlog days */
        timezone?: string;
        /** @description End (exclusive); at most 366 days after from */
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The service report */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSlaPolicies: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The sla policies */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['SlaPolicy'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSlaPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: uuid
           * @description Business hours when the conversation's team has no calendar; null = around the clock
           */
          calendarId?: string | null;
          /** @description Every given condition must hold; {} matches every conversation */
          conditions?: {
            channel?: ('email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api')[];
            inboxId?: string[];
            priority?: ('low' | 'normal' | 'high' | 'urgent')[];
            /**
             * Format: uuid
             * @description The person must be a member of this segment
             */
            segmentId?: string;
            topic?: string[];
            /** @description A person trait that must be truthy, e.g. vip */
            trait?: string;
          };
          enabled?: boolean;
          /** @description First human reply after the first inbound message */
          firstResponseMinutes?: number | null;
          name: string;
          /** @description An agent's reply to each client message after an agent reply */
          nextResponseMinutes?: number | null;
          /** @description Policies are tried in this order (lowest first) */
          position?: number;
          /** @description Created → solved; pending and on hold pause it */
          resolutionMinutes?: number | null;
          /** @description A warning is raised at this share of a target (default 80; 100 = none) */
          warnPercent?: number;
        };
      };
    };
    responses: {
      /** @description Created: the new sla policy */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SlaPolicy'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getSlaPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The sla policy */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SlaPolicy'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteSlaPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateSlaPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: uuid
           * @description Business hours when the conversation's team has no calendar; null = around the clock
           */
          calendarId?: string | null;
          /** @description Every given condition must hold; {} matches every conversation */
          conditions?: {
            channel?: ('email' | 'chat' | 'telegram' | 'vk' | 'whatsapp' | 'sms' | 'api')[];
            inboxId?: string[];
            priority?: ('low' | 'normal' | 'high' | 'urgent')[];
            /**
             * Format: uuid
             * @description The person must be a member of this segment
             */
            segmentId?: string;
            topic?: string[];
            /** @description A person trait that must be truthy, e.g. vip */
            trait?: string;
          };
          enabled?: boolean;
          /** @description First human reply after the first inbound message */
          firstResponseMinutes?: number | null;
          name?: string;
          /** @description An agent's reply to each client message after an agent reply */
          nextResponseMinutes?: number | null;
          /** @description Policies are tried in this order (lowest first) */
          position?: number;
          /** @description Created → solved; pending and on hold pause it */
          resolutionMinutes?: number | null;
          /** @description A warning is raised at this share of a target (default 80; 100 = none) */
          warnPercent?: number;
        };
      };
    };
    responses: {
      /** @description Updated: the sla policy as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SlaPolicy'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSources: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of sources (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Source'][];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSource: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          kind: 'web' | 'mobile' | 'server' | 'pos' | 'crm' | 'import';
          name: string;
          /** @enum {string} */
          origin?: 'first' | 'second' | 'third';
        };
      };
    };
    responses: {
      /** @description Created: the new source */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Source'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The source */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Source'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateSource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          disabled?: boolean;
          name?: string;
          /** @enum {string} */
          origin?: 'first' | 'second' | 'third';
        };
      };
    };
    responses: {
      /** @description Updated: the source as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Source'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  rotateSourceWriteKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: rotate source write key */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Source'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSubscriptionGroups: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The subscription groups */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['SubscriptionGroup'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSubscriptionGroup: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          /** @description Shown to recipients on the preference page */
          name: string;
        };
      };
    };
    responses: {
      /** @description Created: the new subscription group */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SubscriptionGroup'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getSubscriptionGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The subscription group */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SubscriptionGroup'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteSubscriptionGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateSubscriptionGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          /** @description Shown to recipients on the preference page */
          name?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the subscription group as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SubscriptionGroup'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSuppressions: {
    parameters: {
      query?: {
        /** @description Exact address (normalised like the list) */
        address?: string;
        channel?: 'email' | 'sms' | 'push' | 'messenger';
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of suppressions (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuppressionPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSuppression: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          address: string;
          /** @enum {string} */
          channel: 'email' | 'sms' | 'push' | 'messenger';
          detail?: string | null;
        };
      };
    };
    responses: {
      /** @description Created: the new suppression */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Suppression'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteSuppressions: {
    parameters: {
      query: {
        address: string;
        channel: 'email' | 'sms' | 'push' | 'messenger';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSurveySettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The survey settings */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            recontactDays: number;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  replaceSurveySettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          recontactDays: number;
        };
      };
    };
    responses: {
      /** @description Updated: the survey settings as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            recontactDays: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSurveys: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        status?: 'draft' | 'active' | 'closed';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of surveys (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Survey'][];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSurvey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          channels?: ('email' | 'sms' | 'telegram' | 'chat' | 'link')[];
          name: string;
          question?:
            | string
            | {
                en?: string;
                ru?: string;
              };
          questions?: {
            /** @description Names the answer in `answers` */
            key: string;
            /** @enum {string} */
            kind: 'scale' | 'choice' | 'text';
            max?: number;
            min?: number;
            options?: {
              en?: string;
              ru?: string;
            }[];
            /** @description A text in Russian and/or English */
            text: {
              en?: string;
              ru?: string;
            };
          }[];
          /** Format: uuid */
          segmentId?: string | null;
          /** @enum {string} */
          status?: 'draft' | 'active' | 'closed';
          /** @description A text in Russian and/or English */
          thanks?: {
            en?: string;
            ru?: string;
          };
          /** @enum {string} */
          type: 'nps' | 'csat' | 'ces' | 'custom';
        };
      };
    };
    responses: {
      /** @description Created: the new survey */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Survey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getSurvey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The survey */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Survey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteSurvey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateSurvey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          channels?: ('email' | 'sms' | 'telegram' | 'chat' | 'link')[];
          name?: string;
          question?:
            | string
            | {
                en?: string;
                ru?: string;
              };
          questions?: {
            /** @description Names the answer in `answers` */
            key: string;
            /** @enum {string} */
            kind: 'scale' | 'choice' | 'text';
            max?: number;
            min?: number;
            options?: {
              en?: string;
              ru?: string;
            }[];
            /** @description A text in Russian and/or English */
            text: {
              en?: string;
              ru?: string;
            };
          }[];
          /** Format: uuid */
          segmentId?: string | null;
          /** @enum {string} */
          status?: 'draft' | 'active' | 'closed';
          /** @description A text in Russian and/or English */
          thanks?: {
            en?: string;
            ru?: string;
          };
          /** @enum {string} */
          type?: 'nps' | 'csat' | 'ces' | 'custom';
        };
      };
    };
    responses: {
      /** @description Updated: the survey as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Survey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSurveyLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          channel?: 'email' | 'sms' | 'telegram' | 'chat' | 'link';
          /** Format: uuid */
          personId: string;
        };
      };
    };
    responses: {
      /** @description Created: the new survey link */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            recipientId: string;
            url: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSurveyResponses: {
    parameters: {
      query?: {
        category?: 'promoter' | 'passive' | 'detractor';
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        segmentId?: string;
        sentiment?: 'positive' | 'neutral' | 'negative';
        withComment?: 'true' | 'false';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of survey responses (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** @description The comment's language, sentiment and topics */
              analysis: {
                [key: string]: unknown;
              } | null;
              /** Format: date-time */
              answeredAt: string;
              answers: {
                [key: string]: unknown;
              };
              /** @description NPS: promoter, passive or detractor */
              category: string | null;
              channel: string | null;
              comment: string | null;
              /** @description A low answer: the ticket (or CRM task) opened and its outcome (open, solved, closed, reopened) */
              followUp: {
                conversationId: string | null;
                kind: string;
                status: string | null;
              } | null;
              id: string;
              /** @enum {string} */
              locale: 'ru' | 'en';
              person: {
                email: string | null;
                id: string;
                name: string | null;
              };
              personId: string;
              score: number | null;
              sentiment: string | null;
              surveyId: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createSurveyResponse: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          answers?: {
            [key: string]: unknown;
          };
          channel?: string | null;
          comment?: string | null;
          /** Format: uuid */
          personId: string;
          score?: number | null;
        };
      };
    };
    responses: {
      /** @description Created: the new survey response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SurveyResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listSurveyResults: {
    parameters: {
      query?: {
        from?: unknown;
        interval?: 'week' | 'month';
        segmentId?: string;
        to?: unknown;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The survey results */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SurveyResults'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  sendSurvey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          channel: 'email' | 'sms' | 'telegram' | 'chat';
          /** Format: uuid */
          segmentId?: string | null;
        };
      };
    };
    responses: {
      /** @description Accepted: the survey runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The engage channel it goes through; null for the chat */
            channelId: string | null;
            /** @enum {boolean} */
            queued: true;
            segmentId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getTeamSummary: {
    parameters: {
      query?: {
        /** @description The day to count (default: today in tz) */
        day?: string;
        /** @description IANA time zone of the day, week and month (default UTC) */
        tz?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The team summary */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TeamSummary'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listTeams: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The teams */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['ServiceTeam'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createTeam: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          assignment?: 'round_robin' | 'least_busy' | 'none';
          /** Format: uuid */
          calendarId?: string | null;
          memberIds?: string[];
          name: string;
        };
      };
    };
    responses: {
      /** @description Created: the new team */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceTeam'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getTeam: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The team */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceTeam'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteTeam: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateTeam: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          assignment?: 'round_robin' | 'least_busy' | 'none';
          /** Format: uuid */
          calendarId?: string | null;
          memberIds?: string[];
          name?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the team as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceTeam'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  recordTelephonyCall: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          answered: boolean;
          /** @description Unique id of the call in the PBX (idempotency key) */
          callId: string;
          /** @enum {string} */
          direction: 'in' | 'out';
          /** @description Talk time in seconds */
          durationSeconds: number;
          /** @description Calling number */
          from: string;
          /** Format: email */
          operatorEmail?: string | null;
          /** Format: uri */
          recordingUrl?: string | null;
          /** Format: date-time */
          startedAt: string;
          /** @description Called number */
          to: string;
        };
      };
    };
    responses: {
      /** @description Already stored (same callId) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Activity'];
        };
      };
      /** @description Stored */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Activity'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listTemplates: {
    parameters: {
      query?: {
        archived?: 'true' | 'false';
        channel?: 'email' | 'sms' | 'push' | 'messenger' | 'webhook';
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        /** @description Part of the name */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of templates (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TemplatePage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createTemplate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
          /** @enum {string} */
          channel: 'email' | 'sms' | 'push' | 'messenger' | 'webhook';
          /** @enum {string} */
          format?: 'mjml' | 'html' | 'text';
          /** Format: uuid */
          groupId?: string | null;
          /** @enum {string} */
          kind?: 'marketing' | 'transactional';
          name: string;
          subject?: string | null;
          text?: string | null;
          /** @description Locale variants keyed by language code (`{"en": {"subject"?, "body", "text"?}}`); the top-level content is the default. A person gets the variant of their locale (trait `locale`/`language`), else the default */
          variants?: {
            [key: string]: {
              body: string;
              subject?: string | null;
              text?: string | null;
            };
          };
        };
      };
    };
    responses: {
      /** @description Created: the new template */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Template'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getTemplate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The template */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Template'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteTemplate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateTemplate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body?: string;
          /** @enum {string} */
          format?: 'mjml' | 'html' | 'text';
          /** Format: uuid */
          groupId?: string | null;
          /** @enum {string} */
          kind?: 'marketing' | 'transactional';
          name?: string;
          subject?: string | null;
          text?: string | null;
          /** @description Locale variants keyed by language code (`{"en": {"subject"?, "body", "text"?}}`); the top-level content is the default. A person gets the variant of their locale (trait `locale`/`language`), else the default */
          variants?: {
            [key: string]: {
              body: string;
              subject?: string | null;
              text?: string | null;
            };
          };
        };
      };
    };
    responses: {
      /** @description Updated: the template as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Template'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  previewTemplate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The values of data.* in the template */
          data?: {
            [key: string]: unknown;
          };
          /** @description Overrides the person’s locale (ru, en) */
          locale?: string;
          /** Format: uuid */
          personId?: string;
          /** @description Default: the current version */
          version?: number;
        };
      };
    };
    responses: {
      /** @description Done: preview template */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TemplatePreview'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  postTemplateRestore: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done: post template restore */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Template'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  testTemplateSend: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: uuid
           * @description Required: the channel to send through
           */
          channelId?: string;
          /** @description The values of data.* in the template */
          data?: {
            [key: string]: unknown;
          };
          /** Format: uuid */
          personId?: string;
          /** @description An email or phone of a known person, instead of personId */
          to?: string;
        };
      };
    };
    responses: {
      /** @description Accepted: the template send runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The message id (GET /messages/{id}) */
            id: string;
            status: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listTemplateVersions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The template versions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['TemplateVersion'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getTemplateVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The template version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TemplateVersion'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  analyzeText: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The text, plain or HTML; 1–20000 characters */
          text: string;
        };
      };
    };
    responses: {
      /** @description Done: analyze text */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TextAnalysis'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  clusterTexts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description How many clusters (2–10); default √(n/2) */
          k?: number;
          /** @description 2–1000 texts (the first 2,000 characters of each are read) */
          texts: string[];
        };
      };
    };
    responses: {
      /** @description Done: cluster texts */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The cluster id of each text, in order; −1 for a text without a content word */
            assignments: number[];
            clusters: {
              /** @description Indexes of the texts closest to its centre */
              examples: number[];
              id: number;
              /** @description Share of its texts analysed as negative */
              negativeShare: number;
              size: number;
              /** @description The words that make the cluster */
              terms: string[];
              /** @description Known topics a third or more of its texts carry */
              topics: string[];
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listTextLexicon: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–200) */
        limit?: number;
        /** @description Part of the term */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of text lexicon (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['TextLexiconEntry'][];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createTextLexiconEntry: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A complaint phrase: flags the text as a complaint */
          complaint?: boolean;
          /** @description −5 … 5; 0 makes a word neutral */
          score: number;
          /** @description A word (any form of it matches) or a phrase of up to 100 characters */
          term: string;
        };
      };
    };
    responses: {
      /** @description Created: the new text lexicon entry */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TextLexiconEntry'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getTextLexiconEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The text lexicon entry */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TextLexiconEntry'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteTextLexiconEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateTextLexiconEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A complaint phrase: flags the text as a complaint */
          complaint?: boolean;
          /** @description −5 … 5; 0 makes a word neutral */
          score?: number;
          /** @description A word (any form of it matches) or a phrase of up to 100 characters */
          term?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the text lexicon entry as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TextLexiconEntry'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listTextTopics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The text topics */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            builtIn: {
              key: string;
              keywords: string[];
              name: {
                en: string;
                ru: string;
              };
            }[];
            data: components['schemas']['TextTopicRule'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createTextTopic: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description false with a built-in key hides that built-in topic */
          enabled?: boolean;
          /** @description Stable key in the analysis (`delivery`, `loyalty-program`); a built-in key replaces that topic */
          key: string;
          /** @description Words (any form matches), `prefix*`, or phrases; up to 200 */
          keywords: string[];
          name: string;
        };
      };
    };
    responses: {
      /** @description Created: the new text topic */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TextTopicRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getTextTopic: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The text topic */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TextTopicRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteTextTopic: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateTextTopic: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description false with a built-in key hides that built-in topic */
          enabled?: boolean;
          /** @description Words (any form matches), `prefix*`, or phrases; up to 200 */
          keywords?: string[];
          name?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the text topic as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TextTopicRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listUsers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of users (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              disabled: boolean;
              email: string;
              id: string;
              locale: string;
              name: string;
              /** @enum {string} */
              role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: email */
          email: string;
          /** @enum {string} */
          locale?: 'ru' | 'en';
          name: string;
          password: string;
          /** @enum {string} */
          role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
        };
      };
    };
    responses: {
      /** @description Created: the new user */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            email: string;
            id: string;
            name: string;
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
            /** @enum {string} */
            status: 'invited';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            disabled: boolean;
            email: string;
            id: string;
            locale: string;
            name: string;
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          disabled?: boolean;
          email?: unknown;
          locale?: unknown;
          name?: unknown;
          password?: unknown;
          /** @enum {string} */
          role?: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
        };
      };
    };
    responses: {
      /** @description Updated: the user as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            disabled: boolean;
            email: string;
            id: string;
            locale: string;
            name: string;
            /** @enum {string} */
            role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listViews: {
    parameters: {
      query?: {
        entity?: 'person' | 'company' | 'deal';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of views (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** @description The list's columns in order. People views: name, emails, phones, company, position, owner, lifecycleStage, source, city, region, country, tags, createdAt, updatedAt and cf.KEY for a person custom field, each once (otherwise 400 naming columns.N); empty = the default columns. */
              columns: string[];
              /** Format: date-time */
              createdAt: string;
              /** @enum {string} */
              entity: 'person' | 'company' | 'deal';
              id: string;
              name: string;
              query: {
                [key: string]: unknown;
              };
              /** Format: date-time */
              updatedAt: string;
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createView: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The list's columns in order. People views: name, emails, phones, company, position, owner, lifecycleStage, source, city, region, country, tags, createdAt, updatedAt and cf.KEY for a person custom field, each once (otherwise 400 naming columns.N); empty = the default columns. */
          columns?: string[];
          /** @enum {string} */
          entity: 'person' | 'company' | 'deal';
          name: string;
          /** @description The list parameters (q, filters, cf.KEY, sort, order) */
          query?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Created: the new view */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The list's columns in order. People views: name, emails, phones, company, position, owner, lifecycleStage, source, city, region, country, tags, createdAt, updatedAt and cf.KEY for a person custom field, each once (otherwise 400 naming columns.N); empty = the default columns. */
            columns: string[];
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            entity: 'person' | 'company' | 'deal';
            id: string;
            name: string;
            query: {
              [key: string]: unknown;
            };
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteView: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateView: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The list's columns in order. People views: name, emails, phones, company, position, owner, lifecycleStage, source, city, region, country, tags, createdAt, updatedAt and cf.KEY for a person custom field, each once (otherwise 400 naming columns.N); empty = the default columns. */
          columns?: string[];
          name?: string;
          /** @description The list parameters (q, filters, cf.KEY, sort, order) */
          query?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Updated: the view as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The list's columns in order. People views: name, emails, phones, company, position, owner, lifecycleStage, source, city, region, country, tags, createdAt, updatedAt and cf.KEY for a person custom field, each once (otherwise 400 naming columns.N); empty = the default columns. */
            columns: string[];
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            entity: 'person' | 'company' | 'deal';
            id: string;
            name: string;
            query: {
              [key: string]: unknown;
            };
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getWebhookDelivery: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The webhook delivery */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            attemptLog: {
              attempt: number;
              durationMs: number;
              error: string | null;
              /** Format: date-time */
              startedAt: string;
              statusCode: number | null;
            }[];
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            eventId: string;
            eventType: string;
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            payload: {
              [key: string]: unknown;
            };
            replayOf: string | null;
            /** @enum {string} */
            status: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';
            subscriptionId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  replayWebhookDelivery: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the webhook delivery runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            attemptLog: {
              attempt: number;
              durationMs: number;
              error: string | null;
              /** Format: date-time */
              startedAt: string;
              statusCode: number | null;
            }[];
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            eventId: string;
            eventType: string;
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            payload: {
              [key: string]: unknown;
            };
            replayOf: string | null;
            /** @enum {string} */
            status: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';
            subscriptionId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listWebhooks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of webhooks (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              active: boolean;
              /** Format: date-time */
              createdAt: string;
              description: string;
              eventTypes: string[];
              id: string;
              secret?: string;
              /** Format: date-time */
              updatedAt: string;
              url: string;
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  createWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          active?: boolean;
          description?: string;
          eventTypes: string[];
          url: string;
        };
      };
    };
    responses: {
      /** @description Created: the new webhook */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            /** Format: date-time */
            createdAt: string;
            description: string;
            eventTypes: string[];
            id: string;
            secret?: string;
            /** Format: date-time */
            updatedAt: string;
            url: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The webhook */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            /** Format: date-time */
            createdAt: string;
            description: string;
            eventTypes: string[];
            id: string;
            secret?: string;
            /** Format: date-time */
            updatedAt: string;
            url: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          active?: boolean;
          description?: string;
          eventTypes?: string[];
          rotateSecret?: boolean;
          url?: string;
        };
      };
    };
    responses: {
      /** @description Updated: the webhook as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: boolean;
            /** Format: date-time */
            createdAt: string;
            description: string;
            eventTypes: string[];
            id: string;
            secret?: string;
            /** Format: date-time */
            updatedAt: string;
            url: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listWebhookDeliveries: {
    parameters: {
      query?: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        /** @description Page size (1–500) */
        limit?: number;
        status?: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of webhook deliveries (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              attempts: number;
              /** Format: date-time */
              completedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              eventId: string;
              eventType: string;
              id: string;
              lastError: string | null;
              lastStatusCode: number | null;
              /** Format: date-time */
              nextAttemptAt: string | null;
              replayOf: string | null;
              /** @enum {string} */
              status: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';
              subscriptionId: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  testWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted: the webhook runs as a background job */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            attemptLog: {
              attempt: number;
              durationMs: number;
              error: string | null;
              /** Format: date-time */
              startedAt: string;
              statusCode: number | null;
            }[];
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            eventId: string;
            eventType: string;
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            payload: {
              [key: string]: unknown;
            };
            replayOf: string | null;
            /** @enum {string} */
            status: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';
            subscriptionId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listWebhookEventTypes: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The webhook event types */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              description: string;
              type: string;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  getWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            id: string;
            name: string;
            settings: {
              [key: string]: unknown;
            };
            slug: string;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  updateWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          settings?: {
            /** @description The currency of the profile's revenue, average check and LTV (RUB when not set); orders in other currencies are listed apart */
            currency?: string;
            /** @description Identifiers one person may hold */
            maxIdentitiesPerPerson?: number;
            /** @description The browser SDK sends nothing before consent */
            requireConsent?: boolean;
            /** @description Per trait: source kinds from most to least trusted */
            traitPrecedence?: {
              [key: string]: string[];
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Updated: the workspace as now stored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            id: string;
            name: string;
            settings: {
              [key: string]: unknown;
            };
            slug: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  listWorkspaceInvitations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of workspace invitations (`nextCursor` fetches the next one) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              email: string;
              id: string;
              name: string;
              /** @enum {string} */
              role: 'admin' | 'manager' | 'marketer' | 'agent' | 'viewer';
              /** @enum {string} */
              status: 'invited';
            }[];
            /** @enum {string|null} */
            nextCursor: null;
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  deleteWorkspaceInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': null;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  alias: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The device or visitor id */
          anonymousId?: string;
          /** @description Library, page, user agent, locale, ip, … */
          context?: {
            [key: string]: unknown;
          };
          integrations?: {
            [key: string]: unknown;
          };
          /** @description Idempotency key: a message id is stored once */
          messageId?: string;
          /** @description The old id, joined to userId */
          previousId: string;
          /** @description When it happened (ISO-8601); defaults to when it was received */
          timestamp?: string;
          userId: string;
          /** @description The source write key, if not sent as the HTTP Basic user name */
          writeKey?: string;
        };
      };
    };
    responses: {
      /** @description Stored: `{"success":true}` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
    };
  };
  batch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          batch: (
            | {
                /** @description The device or visitor id */
                anonymousId?: string;
                /** @description Library, page, user agent, locale, ip, … */
                context?: {
                  [key: string]: unknown;
                };
                integrations?: {
                  [key: string]: unknown;
                };
                /** @description Idempotency key: a message id is stored once */
                messageId?: string;
                /** @description When it happened (ISO-8601); defaults to when it was received */
                timestamp?: string;
                /** @description Email, phone, name and any other traits */
                traits?: {
                  [key: string]: unknown;
                };
                /** @enum {string} */
                type: 'identify';
                /** @description Your id of the user; userId or anonymousId is required */
                userId?: string;
                /** @description The source write key, if not sent as the HTTP Basic user name */
                writeKey?: string;
              }
            | {
                /** @description The device or visitor id */
                anonymousId?: string;
                /** @description Library, page, user agent, locale, ip, … */
                context?: {
                  [key: string]: unknown;
                };
                /** @description The event name, e.g. "Order Completed" */
                event: string;
                integrations?: {
                  [key: string]: unknown;
                };
                /** @description Idempotency key: a message id is stored once */
                messageId?: string;
                properties?: {
                  [key: string]: unknown;
                };
                /** @description When it happened (ISO-8601); defaults to when it was received */
                timestamp?: string;
                /** @enum {string} */
                type: 'track';
                /** @description Your id of the user; userId or anonymousId is required */
                userId?: string;
                /** @description The source write key, if not sent as the HTTP Basic user name */
                writeKey?: string;
              }
            | {
                /** @description The device or visitor id */
                anonymousId?: string;
                category?: string;
                /** @description Library, page, user agent, locale, ip, … */
                context?: {
                  [key: string]: unknown;
                };
                integrations?: {
                  [key: string]: unknown;
                };
                /** @description Idempotency key: a message id is stored once */
                messageId?: string;
                name?: string;
                properties?: {
                  [key: string]: unknown;
                };
                /** @description When it happened (ISO-8601); defaults to when it was received */
                timestamp?: string;
                /** @enum {string} */
                type: 'page';
                /** @description Your id of the user; userId or anonymousId is required */
                userId?: string;
                /** @description The source write key, if not sent as the HTTP Basic user name */
                writeKey?: string;
              }
            | {
                /** @description The device or visitor id */
                anonymousId?: string;
                category?: string;
                /** @description Library, page, user agent, locale, ip, … */
                context?: {
                  [key: string]: unknown;
                };
                integrations?: {
                  [key: string]: unknown;
                };
                /** @description Idempotency key: a message id is stored once */
                messageId?: string;
                name?: string;
                properties?: {
                  [key: string]: unknown;
                };
                /** @description When it happened (ISO-8601); defaults to when it was received */
                timestamp?: string;
                /** @enum {string} */
                type: 'screen';
                /** @description Your id of the user; userId or anonymousId is required */
                userId?: string;
                /** @description The source write key, if not sent as the HTTP Basic user name */
                writeKey?: string;
              }
            | {
                /** @description The device or visitor id */
                anonymousId?: string;
                /** @description Library, page, user agent, locale, ip, … */
                context?: {
                  [key: string]: unknown;
                };
                groupId: string;
                integrations?: {
                  [key: string]: unknown;
                };
                /** @description Idempotency key: a message id is stored once */
                messageId?: string;
                /** @description When it happened (ISO-8601); defaults to when it was received */
                timestamp?: string;
                traits?: {
                  [key: string]: unknown;
                };
                /** @enum {string} */
                type: 'group';
                /** @description Your id of the user; userId or anonymousId is required */
                userId?: string;
                /** @description The source write key, if not sent as the HTTP Basic user name */
                writeKey?: string;
              }
            | {
                /** @description The device or visitor id */
                anonymousId?: string;
                /** @description Library, page, user agent, locale, ip, … */
                context?: {
                  [key: string]: unknown;
                };
                integrations?: {
                  [key: string]: unknown;
                };
                /** @description Idempotency key: a message id is stored once */
                messageId?: string;
                /** @description The old id, joined to userId */
                previousId: string;
                /** @description When it happened (ISO-8601); defaults to when it was received */
                timestamp?: string;
                /** @enum {string} */
                type: 'alias';
                userId: string;
                /** @description The source write key, if not sent as the HTTP Basic user name */
                writeKey?: string;
              }
          )[];
          /** @description Defaults for every message */
          context?: {
            [key: string]: unknown;
          };
          integrations?: {
            [key: string]: unknown;
          };
          /** @description When the client sent the batch (ISO-8601): corrects client clock skew */
          sentAt?: string;
          /** @description The source write key, if not sent as the HTTP Basic user name */
          writeKey?: string;
        };
      };
    };
    responses: {
      /** @description Stored: `{"success":true}`, with `rejected` listing the messages that were refused (the others are stored) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            rejected?: {
              index: number;
              message: string;
              messageId?: string | null;
            }[];
            /** @enum {boolean} */
            success: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
    };
  };
  group: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The device or visitor id */
          anonymousId?: string;
          /** @description Library, page, user agent, locale, ip, … */
          context?: {
            [key: string]: unknown;
          };
          groupId: string;
          integrations?: {
            [key: string]: unknown;
          };
          /** @description Idempotency key: a message id is stored once */
          messageId?: string;
          /** @description When it happened (ISO-8601); defaults to when it was received */
          timestamp?: string;
          traits?: {
            [key: string]: unknown;
          };
          /** @description Your id of the user; userId or anonymousId is required */
          userId?: string;
          /** @description The source write key, if not sent as the HTTP Basic user name */
          writeKey?: string;
        };
      };
    };
    responses: {
      /** @description Stored: `{"success":true}` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
    };
  };
  identify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The device or visitor id */
          anonymousId?: string;
          /** @description Library, page, user agent, locale, ip, … */
          context?: {
            [key: string]: unknown;
          };
          integrations?: {
            [key: string]: unknown;
          };
          /** @description Idempotency key: a message id is stored once */
          messageId?: string;
          /** @description When it happened (ISO-8601); defaults to when it was received */
          timestamp?: string;
          /** @description Email, phone, name and any other traits */
          traits?: {
            [key: string]: unknown;
          };
          /** @description Your id of the user; userId or anonymousId is required */
          userId?: string;
          /** @description The source write key, if not sent as the HTTP Basic user name */
          writeKey?: string;
        };
      };
    };
    responses: {
      /** @description Stored: `{"success":true}` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
    };
  };
  page: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The device or visitor id */
          anonymousId?: string;
          category?: string;
          /** @description Library, page, user agent, locale, ip, … */
          context?: {
            [key: string]: unknown;
          };
          integrations?: {
            [key: string]: unknown;
          };
          /** @description Idempotency key: a message id is stored once */
          messageId?: string;
          name?: string;
          properties?: {
            [key: string]: unknown;
          };
          /** @description When it happened (ISO-8601); defaults to when it was received */
          timestamp?: string;
          /** @description Your id of the user; userId or anonymousId is required */
          userId?: string;
          /** @description The source write key, if not sent as the HTTP Basic user name */
          writeKey?: string;
        };
      };
    };
    responses: {
      /** @description Stored: `{"success":true}` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
    };
  };
  subscribePush: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The tracking SDK's anonymous id of the browser */
          anonymousId?: string;
          /** @description A Web Push subscription (PushSubscription.toJSON()) */
          subscription: {
            /**
             * Format: uri
             * @description The push service URL of the browser's subscription
             */
            endpoint: string;
            keys: {
              /** @description The auth secret */
              auth: string;
              /** @description The browser's P-256 public key */
              p256dh: string;
            };
          };
          /** @description Your id of the signed-in user; userId or anonymousId is required */
          userId?: string;
          /** @description The source write key, if not sent as the HTTP Basic user name */
          writeKey?: string;
        };
      };
    };
    responses: {
      /** @description Created: the new push */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            personId: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
    };
  };
  screen: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The device or visitor id */
          anonymousId?: string;
          category?: string;
          /** @description Library, page, user agent, locale, ip, … */
          context?: {
            [key: string]: unknown;
          };
          integrations?: {
            [key: string]: unknown;
          };
          /** @description Idempotency key: a message id is stored once */
          messageId?: string;
          name?: string;
          properties?: {
            [key: string]: unknown;
          };
          /** @description When it happened (ISO-8601); defaults to when it was received */
          timestamp?: string;
          /** @description Your id of the user; userId or anonymousId is required */
          userId?: string;
          /** @description The source write key, if not sent as the HTTP Basic user name */
          writeKey?: string;
        };
      };
    };
    responses: {
      /** @description Stored: `{"success":true}` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
    };
  };
  track: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The device or visitor id */
          anonymousId?: string;
          /** @description Library, page, user agent, locale, ip, … */
          context?: {
            [key: string]: unknown;
          };
          /** @description The event name, e.g. "Order Completed" */
          event: string;
          integrations?: {
            [key: string]: unknown;
          };
          /** @description Idempotency key: a message id is stored once */
          messageId?: string;
          properties?: {
            [key: string]: unknown;
          };
          /** @description When it happened (ISO-8601); defaults to when it was received */
          timestamp?: string;
          /** @description Your id of the user; userId or anonymousId is required */
          userId?: string;
          /** @description The source write key, if not sent as the HTTP Basic user name */
          writeKey?: string;
        };
      };
    };
    responses: {
      /** @description Stored: `{"success":true}` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
    };
  };
}
