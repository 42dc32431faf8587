// Incident notifications out of Vigil, started with the server: syslog forwarding to the SIEMs
// configured (if any) and webhook deliveries (always: webhooks are added through the API).
import type { IncidentFeed } from '../incidents/index.ts';
import type { Store } from '../store/index.ts';
import type { NotifyLog } from './notify-log.ts';
import { SyslogForwarder, type SyslogForwarderTuning } from './syslog-forwarder.ts';
import type { SyslogTarget } from './syslog-target.ts';
import { WebhookDispatcher, type WebhookDeliveryTuning } from './webhook-dispatcher.ts';

export interface NotificationOptions {
  store: Store;
  incidentFeed: IncidentFeed;
  log: NotifyLog;
  syslogTargets: SyslogTarget[];
  syslog?: Partial<SyslogForwarderTuning>;
  webhooks?: Partial<WebhookDeliveryTuning>;
}

export interface Notifications {
  /** Stops listening, sends what waits within a short grace and closes the connections. */
  stop(): Promise<void>;
}

export function startNotifications({ store, incidentFeed, log, syslogTargets, syslog, webhooks }: NotificationOptions): Notifications {
  const forwarder = syslogTargets.length > 0 ? new SyslogForwarder({ store, incidentFeed, targets: syslogTargets, log, tuning: syslog }) : undefined;
  if (forwarder) log.info(`forwarding incidents as CEF to ${syslogTargets.map((target) => `${target.name} (${target.format})`).join(', ')}`);
  const dispatcher = new WebhookDispatcher({ store, incidentFeed, log, tuning: webhooks });
  return {
    stop: async () => {
      await Promise.all([forwarder?.stop(), dispatcher.stop()]);
    },
  };
}
