// Entities seen in events (reference §2.4).

export interface EndpointEntity {
  device_uid: string;
  device_name?: string;
  device_ip?: string;
  first_seen: string;
  last_seen: string;
  event_count: number;
}
