// Entities seen in events (reference §2.4).

export interface EndpointEntity {
  device_uid: string;
  device_name?: string;
  device_ip?: string;
  first_seen: string;
  last_seen: string;
  event_count: number;
}

/** A file as first and last seen anywhere (GET /atpapi/v2/entities/files/{sha2}). */
export interface FileSummary {
  sha2: string;
  md5?: string;
  name?: string;
  size?: number;
  signature_company_name?: string;
  first_seen: string;
  last_seen: string;
}

/** The endpoint a sighting was on, with its current name and address from the inventory. */
export interface SightingEndpoint {
  device_uid: string;
  device_name?: string;
  device_ip?: string;
}

/** A file seen on an endpoint in a folder under a name. */
export interface FileSighting extends SightingEndpoint {
  sha2: string;
  name: string;
  folder: string;
  first_seen: string;
  last_seen: string;
}

/** An endpoint reaching a URL of a domain (an empty external_ip when the event had none). */
export interface DomainSighting extends SightingEndpoint {
  data_source_url_domain: string;
  data_source_url: string;
  external_ip: string;
  first_seen: string;
  last_seen: string;
}

/** A file that came from a URL of a domain, on an endpoint. */
export interface DomainFileSighting extends SightingEndpoint {
  data_source_url_domain: string;
  data_source_url: string;
  sha2: string;
  name: string;
  signature_company_name?: string;
  first_seen: string;
  last_seen: string;
}
