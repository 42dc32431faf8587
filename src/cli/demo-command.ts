// `vigil demo`: sends the founding scenario (the seed's detection, five more beaconing endpoints,
// benign noise) and shows the incident it produced. The data is deterministic, so a second run
// is all duplicates.
import type { Command } from 'commander';
import { PRIORITY_LEVEL, labelOf } from '../model/index.ts';
import { CliError } from './cli-error.ts';
import { addJsonOption, addLoginOptions, addServerOptions, ingestClient, userClient, type CommonFlags } from './client-options.ts';
import { demoEvents } from './demo-data.ts';
import { sendInBatches, type IngestTotals } from './ingest-batches.ts';
import type { IncidentDetail } from './incident-view.ts';

interface IncidentReport {
  change: 'created' | 'updated';
  atp_incident_id: number;
  uuid: string;
  description: string;
  priority: string;
  endpoints: number;
  events: number;
}

async function report(flags: CommonFlags, totals: IngestTotals): Promise<IncidentReport[]> {
  const changes = [...[...totals.incidentsCreated].map((uuid) => ({ uuid, change: 'created' as const })), ...[...totals.incidentsUpdated].map((uuid) => ({ uuid, change: 'updated' as const }))];
  if (changes.length === 0) return [];
  const client = userClient(flags);
  return Promise.all(changes.map(async ({ uuid, change }) => {
    const incident = await client.json<IncidentDetail>('GET', `/api/v1/incidents/${encodeURIComponent(uuid)}`);
    return {
      change,
      atp_incident_id: incident.atp_incident_id,
      uuid,
      description: incident.description,
      priority: labelOf(PRIORITY_LEVEL, incident.priority_level) ?? String(incident.priority_level),
      endpoints: incident.deviceUid.length,
      events: incident.event_count,
    };
  }));
}

function reportText(totals: IngestTotals, incidents: IncidentReport[]): string {
  const lines = [`Sent ${totals.sent} demo events: ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejected} rejected.`];
  if (totals.accepted === 0 && totals.duplicates === totals.sent) lines.push('Everything was a duplicate: the demo data is already stored.');
  for (const incident of incidents) {
    lines.push(
      `Incident ${incident.atp_incident_id} ${incident.change}: ${incident.description}`,
      `  priority ${incident.priority}, ${incident.endpoints} endpoints, ${incident.events} events (uuid ${incident.uuid})`,
      `  see it with: vigil incidents show ${incident.atp_incident_id}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function demo(flags: CommonFlags): Promise<void> {
  const events = demoEvents();
  const records = events.map((event, index) => ({ text: JSON.stringify(event), origin: { index } }));
  const totals = await sendInBatches(records, { batchSize: records.length, client: ingestClient(flags) });
  let incidents: IncidentReport[] | undefined;
  let unreadable: CliError | undefined;
  try {
    incidents = await report(flags, totals);
  } catch (error) {
    // The events are in: say so before saying why the incidents cannot be shown (an ingest token in VIGIL_TOKEN, say).
    if (!(error instanceof CliError)) throw error;
    unreadable = error;
  }
  if (flags.json) {
    const { sent, accepted, duplicates, rejected } = totals;
    process.stdout.write(JSON.stringify({ sent, accepted, duplicates, rejected, incidents: incidents ?? null }, null, 2) + '\n');
  } else {
    process.stdout.write(reportText(totals, incidents ?? []));
  }
  if (unreadable) {
    throw new CliError(`the demo events were sent, but the incidents they opened or updated cannot be shown: ${unreadable.message}`);
  }
}

export function registerDemoCommand(program: Command): void {
  const command = program.command('demo').description('send the founding scenario\'s events and show the incident they open');
  addJsonOption(addLoginOptions(addServerOptions(command))).action(demo);
}
