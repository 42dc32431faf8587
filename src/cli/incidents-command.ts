// `vigil incidents list|show|close`: reading and closing incidents through the API.
import { Option, type Command } from 'commander';
import { INCIDENT_STATE, RESOLUTION, labelOf, type Incident } from '../model/index.ts';
import { addJsonOption, addLoginOptions, addServerOptions, printJson, userClient, type CommonFlags } from './client-options.ts';
import { incidentDetailText, incidentTable, type IncidentDetail } from './incident-view.ts';
import { terminalWidth } from './table.ts';

interface ListFlags extends CommonFlags {
  state?: string;
  priority?: string;
  limit: string;
}

interface CloseFlags extends CommonFlags {
  resolution: string;
  comment?: string;
}

interface Envelope<T> { result: T[]; next: string | null; total: number }

const CLOSED = 4;

const incidentPath = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;

async function list(flags: ListFlags): Promise<void> {
  // The server validates state, priority and limit and says what it accepts.
  const query = new URLSearchParams({ limit: flags.limit, sort: '-last_event_seen' });
  if (flags.state) query.set('state', flags.state);
  if (flags.priority) query.set('priority', flags.priority);
  const page = await userClient(flags).json<Envelope<Incident>>('GET', `/api/v1/incidents?${query}`);
  if (flags.json) return printJson(page);
  if (page.result.length === 0) {
    process.stdout.write('No incidents match.\n');
    return;
  }
  process.stdout.write(incidentTable(page.result, terminalWidth()));
  if (page.total > page.result.length) process.stdout.write(`(${page.result.length} of ${page.total}; --limit shows more)\n`);
}

async function show(id: string, flags: CommonFlags): Promise<void> {
  const incident = await userClient(flags).json<IncidentDetail>('GET', incidentPath(id));
  if (flags.json) return printJson(incident);
  process.stdout.write(incidentDetailText(incident, terminalWidth()));
}

async function close(id: string, flags: CloseFlags): Promise<void> {
  const client = userClient(flags);
  // A numeric resolution is a code; anything else a label the server looks up.
  const resolution = /^\d+$/.test(flags.resolution) ? Number(flags.resolution) : flags.resolution;
  const incident = await client.json<Incident>('PATCH', incidentPath(id), { state: CLOSED, resolution });
  const comment = flags.comment === undefined ? undefined : await client.json<unknown>('POST', `${incidentPath(id)}/comments`, { comment: flags.comment });
  if (flags.json) return printJson({ incident, comment });
  process.stdout.write(`Incident ${incident.atp_incident_id} is ${labelOf(INCIDENT_STATE, incident.state)} with resolution ${labelOf(RESOLUTION, incident.resolution) ?? incident.resolution}.\n`);
  if (comment) process.stdout.write(`Comment added: ${flags.comment}\n`);
}

export function registerIncidentsCommand(program: Command): void {
  const incidents = program.command('incidents').description('list, show and close incidents');

  const listCommand = incidents.command('list')
    .description('the most recently active incidents as a table')
    .addOption(new Option('--state <states>', 'open, waiting, in-progress, closed or codes; comma-separated'))
    .addOption(new Option('--priority <priorities>', 'low, medium, high or codes; comma-separated'))
    .addOption(new Option('--limit <n>', 'how many incidents (1–1000)').default('20'));
  addJsonOption(addLoginOptions(addServerOptions(listCommand))).action(list);

  const showCommand = incidents.command('show <id>')
    .description('one incident by atp_incident_id or uuid: endpoints, explanation and first events');
  addJsonOption(addLoginOptions(addServerOptions(showCommand))).action(show);

  const closeCommand = incidents.command('close <id>')
    .description('close an incident with a resolution, optionally commenting why')
    .addOption(new Option('--resolution <resolution>', `${[...RESOLUTION.labels.values()].join(', ')}, or its code`).makeOptionMandatory())
    .addOption(new Option('--comment <text>', 'a comment to add (at most 512 characters)'));
  addJsonOption(addLoginOptions(addServerOptions(closeCommand))).action(close);
}
