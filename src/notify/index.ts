// Incidents out of Vigil: forwarding to SIEMs as syslog CEF, and webhooks.
export { startNotifications, type Notifications, type NotificationOptions } from './notifications.ts';
export { parseSyslogTarget, SyslogTargetError, type SyslogTarget } from './syslog-target.ts';
export { createWebhook, WEBHOOK_EVENTS, WebhookError, type WebhookRequestBody } from './webhook-registration.ts';
export { sendTestDelivery } from './webhook-test-delivery.ts';
