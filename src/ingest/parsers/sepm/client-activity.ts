// The client activity log (Agent System): what the SEP client itself reports (policy downloads,
// LiveUpdate, service start). Reference: sepm-syslog-format.md §3.12.
import { layout } from './layout.ts';
import type { SepmLogType } from './log-type.ts';
import { APPLICATION_ACTIVITY } from './manager-logs.ts';
import { sepmTime } from './values.ts';

export const clientActivityLog: SepmLogType = {
  name: 'client_activity',
  // `#event_source` is the client component (Smc, SYLINK, …), not the canonical event_source.
  layout: layout(['#computer', 'Category', '#event_source', '~Event Description', 'Event time', 'Group|Group Name']),
  toEvent: (read) => ({
    type_id: APPLICATION_ACTIVITY,
    device_name: read.text('computer'),
    message: read.text('event_description'),
    device_time: read.convert('event_time', sepmTime),
  }),
};
