// The `vigil` command. `serve` runs the server; the other commands talk to a running server.
import { Command, Option } from 'commander';
import { resolveServeSettings, SettingsError, type ServeFlags } from './settings.ts';
import { registerClientCommands } from './commands.ts';

const program = new Command('vigil')
  .description('Vigil: an open endpoint detection and response server')
  .showHelpAfterError('(run vigil help <command> for its options)');

program.command('serve', { isDefault: true })
  .description('run the Vigil server (SQLite under --data-dir)')
  .addOption(new Option('--host <host>', 'address to listen on [VIGIL_HOST, default 127.0.0.1]'))
  .addOption(new Option('--port <port>', 'plain HTTP port, 0 for any free one; loopback only when TLS is on [VIGIL_PORT, default 8080]'))
  .addOption(new Option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (chain) [VIGIL_TLS_CERT]'))
  .addOption(new Option('--tls-key <file>', 'the PEM private key of --tls-cert [VIGIL_TLS_KEY]'))
  .addOption(new Option('--tls-self-signed', 'serve HTTPS with a self-signed certificate created under --data-dir on first start [VIGIL_TLS_SELF_SIGNED=1]'))
  .addOption(new Option('--tls-port <port>', 'HTTPS port on --host [VIGIL_TLS_PORT, default 8443]'))
  .addOption(new Option('--data-dir <dir>', 'where the database and first-start credentials live [VIGIL_DATA_DIR, default ./data]'))
  .addOption(new Option('--ingest-body-limit <bytes>', 'largest ingest request body [VIGIL_INGEST_BODY_LIMIT, default 10485760]'))
  .addOption(new Option('--incident-window-hours <hours>', 'how long after its last event an incident absorbs matching detections [VIGIL_INCIDENT_WINDOW_HOURS, default 24]'))
  .addOption(new Option('--max-queued-events <n>', 'events waiting for the writer before senders get 429 [VIGIL_MAX_QUEUED_EVENTS, default 100000]'))
  .addOption(new Option('--rules-dir <dir...>', 'directories of Sigma rules to load at start, besides the built-in ones [VIGIL_RULES_DIR, separated like PATH]'))
  .addOption(new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent [VIGIL_LOG_LEVEL, default info]'))
  .addOption(new Option('--forward-syslog <url>', 'forward incidents as CEF to udp://host:514, tcp://host:601 or tls://host:6514; repeatable [VIGIL_FORWARD_SYSLOG]')
    .argParser((url: string, urls: string[] = []) => [...urls, url]))
  .addOption(new Option('--forward-format <format>', 'syslog envelope of forwarded incidents: rfc5424 or rfc3164 [VIGIL_FORWARD_FORMAT, default rfc5424]'))
  .addOption(new Option('--forward-framing <framing>', 'TCP/TLS framing: newline or octet-counting [VIGIL_FORWARD_FRAMING, default newline for tcp, octet-counting for tls]'))
  .addOption(new Option('--forward-ca <file>', 'PEM CA certificates that tls:// forwarding targets must be signed by [VIGIL_FORWARD_CA, default the system CAs]'))
  .addOption(new Option('--forward-insecure', 'accept any certificate from tls:// forwarding targets [VIGIL_FORWARD_INSECURE=1]'))
  .addOption(new Option('--syslog-udp <port>', 'receive syslog over UDP on this port [VIGIL_SYSLOG_UDP, default off]'))
  .addOption(new Option('--syslog-tcp <port>', 'receive syslog over TCP (newline or octet-counted framing) on this port [VIGIL_SYSLOG_TCP, default off]'))
  .addOption(new Option('--syslog-tls <port>', 'receive syslog over TLS on this port, with --tls-cert/--tls-key or a self-signed certificate [VIGIL_SYSLOG_TLS, default off]'))
  .addOption(new Option('--syslog-tls-ca <file>', 'PEM CA certificates: the TLS listener then accepts only senders with a client certificate they issued [VIGIL_SYSLOG_TLS_CA, default none asked]'))
  .addOption(new Option('--syslog-host <host>', 'address the syslog listeners bind to; syslog is unauthenticated, keep it on a trusted network [VIGIL_SYSLOG_HOST, default --host]'))
  .addOption(new Option('--syslog-max-message <bytes>', 'longest syslog message; longer ones go to the dead letters [VIGIL_SYSLOG_MAX_MESSAGE, default 65536]'))
  .addOption(new Option('--syslog-allow <cidrs>', 'only accept syslog from these comma-separated addresses or CIDR ranges [VIGIL_SYSLOG_ALLOW, default anyone]'))
  .addOption(new Option('--parse-workers <n>', 'worker threads that parse syslog messages and ?format= bodies, 0 for none [VIGIL_PARSE_WORKERS, default 1 with two or more cores]'))
  .addOption(new Option('--dead-letter-max-rows <n>', 'dead letters kept; beyond it the oldest are dropped and counted [VIGIL_DEAD_LETTER_MAX_ROWS, default 100000]'))
  .action(async (flags: ServeFlags) => {
    const settings = resolveServeSettings(flags);
    // Loaded only here so that client commands do not pay for loading the whole server.
    const { serve } = await import('./serve.ts');
    await serve(settings);
  });

registerClientCommands(program);

/** A listen failure a user causes and can fix: say which address, not a stack. */
function listenProblem(error: unknown): string | undefined {
  const { code, address, port } = error as { code?: string; address?: string; port?: number };
  if (code === 'EADDRINUSE') return `${address}:${port} is already in use: stop the other server or choose another port (--port, --tls-port)`;
  if (code === 'EACCES') return `no permission to listen on ${address}:${port}: choose a port above 1023`;
  if (code === 'EADDRNOTAVAIL') return `${address} is not an address of this machine (--host)`;
  return undefined;
}

program.parseAsync(process.argv).catch((error: unknown) => {
  const problem = listenProblem(error);
  if (problem) {
    process.stderr.write(`vigil: ${problem}\n`);
  } else if (error instanceof SettingsError || (error instanceof Error && error.name === 'CliError')) {
    process.stderr.write(`vigil: ${error.message}\n`);
  } else {
    process.stderr.write(`vigil: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  }
  process.exit(1);
});
