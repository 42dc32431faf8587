// The benchmark's input: seed-shaped IPS events as JSON array bodies of BATCH events. Generated
// identically by the bench (for its baseline) and by the sender worker, so no copy crosses threads.

export const BATCH = 1000;
/** Batches in flight at once, as a sender with a small connection pool would have (BENCH_IN_FLIGHT, default 4). */
export const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);

const SIGNATURES = Array.from({ length: 20 }, (_, n) => ({ id: 32350 + n, name: `System Infected: Trojan.Trickybot Activity ${n + 1}` }));

/** Seed-shaped events: 2,000 endpoints, 50 remote parties, 20 signatures, one per `intervalMs` of device time. */
export function makeBatches(total: number, intervalMs = 100): string[] {
  const start = Date.parse('2021-06-08T20:08:00Z');
  const batches: string[] = [];
  for (let offset = 0; offset < total; offset += BATCH) {
    const events = [];
    for (let n = offset; n < Math.min(total, offset + BATCH); n++) {
      const host = n % 2000;
      const signature = SIGNATURES[n % SIGNATURES.length];
      const time = new Date(start + n * intervalMs).toISOString();
      events.push({
        event_uuid: `bench-${n.toString(16).padStart(8, '0')}-0000-0000-000000000000`,
        type_id: 4124, event_id: 206, severity: 3, device_time: time, time, log_time: time,
        device_uid: `9a52620b-7e80-4e78-bf32-${host.toString(16).padStart(12, '0')}`, device_ip: `10.${(host >> 8) & 255}.${host & 255}.10`,
        device_name: `HOST-${host}`, internal_ip: `10.${(host >> 8) & 255}.${host & 255}.10`, internal_port: 49152 + (n % 1000),
        external_ip: `192.0.2.${100 + (n % 50)}`, external_port: 18878, network_protocol: 2, traffic_direction: 2, symc_device_action: 2,
        signature_id: signature.id, sid: signature.id, signature_name: signature.name, description: `Malicious traffic detected: ${signature.name}`,
        app_name: 'E:/TOMCAT/BIN/TOMCAT7.EXE', categories: ['Attack', 'Malcode', 'Trojan'], infected: true, on_premises: true,
        intrusion_url: 'https://www.example.com:443/intrusion_URL', event_actor: { pid: 620 },
        mitre: { tactic: 'Command and Control', technique_id: 'T1071', technique_name: 'Standard Application Layer Protocol' },
        user_name: 'none', local_host_mac: '000000000000', remote_host_mac: '000000000000',
      });
    }
    batches.push(JSON.stringify(events));
  }
  return batches;
}
