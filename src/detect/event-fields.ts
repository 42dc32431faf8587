// Reading the loosely typed parts of an event (fields the model keeps as `unknown`).
import type { EdrEvent, IncidentEndpoint } from '../model/index.ts';

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

export function endpointOf(event: EdrEvent): IncidentEndpoint {
  return { device_uid: event.device_uid, device_ip: event.device_ip, device_name: event.device_name };
}

/** The threat name as SEP (`virus_name`), ATP (`threat.name`, `file.threat.name`) or v1 (`threat_name`) put it. */
export function threatNameOf(event: EdrEvent): string | undefined {
  return text(event.virus_name) ?? text(field(event.threat, 'name')) ?? text(field(field(event.file, 'threat'), 'name')) ?? text(event.threat_name);
}

export function fileNameOf(event: EdrEvent): string | undefined {
  return text(field(event.file, 'name'));
}

export function fileSha2Of(event: EdrEvent): string | undefined {
  return text(field(event.file, 'sha2')) ?? text(event.sha2);
}
