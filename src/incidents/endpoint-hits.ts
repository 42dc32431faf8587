// Per batch, each endpoint's share of each incident, to be added to the stored summaries.
import type { Alert } from '../model/index.ts';
import type { EndpointHit } from '../store/index.ts';

export class EndpointHitTally {
  private readonly hits = new Map<string, EndpointHit>();

  add(incidentUuid: string, alert: Alert): void {
    const { device_uid, device_ip, device_name } = alert.endpoint;
    const key = `${incidentUuid}|${device_uid ?? device_ip ?? device_name ?? ''}`;
    const hit = this.hits.get(key);
    if (!hit) {
      this.hits.set(key, {
        incident_uuid: incidentUuid, device_uid, device_ip, device_name,
        event_count: 1, first_seen: alert.event_time, last_seen: alert.event_time,
      });
      return;
    }
    hit.event_count += 1;
    if (alert.event_time < hit.first_seen) hit.first_seen = alert.event_time;
    if (alert.event_time > hit.last_seen) hit.last_seen = alert.event_time;
  }

  list(): EndpointHit[] {
    return [...this.hits.values()];
  }
}
