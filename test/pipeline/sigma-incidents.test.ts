// Sigma matches through the ingest pipeline: canonical EDR events posted over the API meet the
// built-in Sigma rules; every match is recorded on the stored event, and matches above informational
// become one "<host>: <technique names>" incident per endpoint, prioritized by the rule level.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseStixBundle, useAttackCatalog } from '../../src/enrich/index.ts';
import type { Incident } from '../../src/model/index.ts';
import { SHARED_DATA, skipWithout } from '../helpers/shared-data.ts';
import { postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const ENCODED_POWERSHELL_RULE = '9bd0e1ad-7651-4947-bef0-19aafba28537';

let sequence = 0;
function launch(host: string, image: string, cmdLine: string, minute: number) {
  return {
    event_uuid: `sigma-${++sequence}`,
    type_id: '8001: Process Events',
    operation: 1,
    device_time: `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`,
    device_name: host,
    device_uid: `uid-${host}`,
    device_ip: '192.0.2.30',
    event_actor: { pid: 100, file: { path: 'C:\\Windows\\explorer.exe' } },
    process: { pid: 200 + sequence, cmd_line: cmdLine, file: { path: image } },
  };
}

const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const encodedPowerShell = (host: string, minute = 0) => launch(host, POWERSHELL, 'powershell.exe -NoProfile -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA', minute);

describe('Sigma matches become incidents', () => {
  let vigil: TestVigil;

  before(async () => {
    vigil = await startTestVigil({ sigma: true });
  });
  after(() => vigil.destroy());

  const incident = async (uuid: string) => (await vigil.store.getIncident(uuid))!;

  test('an encoded PowerShell launch opens "<host>: <technique names>" at the rule level\'s priority, and the event records the match', async () => {
    const event = encodedPowerShell('WS-ALPHA');
    const posted = await postEvents(vigil, event);
    assert.equal(posted.status, 200);
    assert.equal(posted.body.incidents.created.length, 1);
    const opened: Incident = await incident(posted.body.incidents.created[0]);
    // The built-in ATT&CK table has no sub-techniques: T1059.001 is named by its parent.
    assert.equal(opened.summary, 'WS-ALPHA: Command and Scripting Interpreter, Obfuscated Files or Information');
    assert.equal(opened.description, opened.summary);
    assert.equal(opened.priority_level, 3, 'level high');
    assert.deepEqual([opened.atp_rule_id, opened.rule_name, opened.detection_type], ['AdvancedAttackTechniqueIncident', 'Advanced Attack Technique', 'Sigma']);
    assert.deepEqual(opened.attack, { tactic_uid: 'TA0002', tactic_name: 'Execution', technique_uid: 'T1059.001', technique_name: 'Command and Scripting Interpreter' });
    assert.deepEqual(opened.techniques, [
      { technique_uid: 'T1059.001', technique_name: 'Command and Scripting Interpreter' },
      { technique_uid: 'T1027', technique_name: 'Obfuscated Files or Information' },
    ]);
    assert.match(opened.recommended_action, /^Review what the Sigma rule "PowerShell Runs an Encoded Command" found on WS-ALPHA: /);
    const stored = (await vigil.store.getEvent(event.event_uuid))!;
    assert.equal(stored.incident, opened.uuid);
    assert.deepEqual(stored.sigma, [{
      id: ENCODED_POWERSHELL_RULE, title: 'PowerShell Runs an Encoded Command', level: 'high',
      tags: ['attack.execution', 'attack.t1059.001', 'attack.defense-evasion', 'attack.t1027'],
    }]);
  });

  test('more matches on the same endpoint within the window join its incident; unknown techniques show as unknown', async () => {
    const first = await postEvents(vigil, encodedPowerShell('WS-BRAVO', 0));
    const uuid = first.body.incidents.created[0];
    const whoami = await postEvents(vigil, launch('WS-BRAVO', 'C:\\Windows\\System32\\whoami.exe', 'whoami /priv', 5));
    assert.deepEqual(whoami.body.incidents, { created: [], updated: [uuid] });
    const joined = await incident(uuid);
    // whoami's T1033 is not in the built-in table: kept, and shown as unknown.
    assert.equal(joined.summary, 'WS-BRAVO: Command and Scripting Interpreter, Obfuscated Files or Information, T1033 (unknown)');
    assert.equal(joined.description, joined.summary);
    assert.equal(joined.event_count, 2);
    assert.equal(joined.priority_level, 3, 'the higher level of the two');
    const elsewhere = await postEvents(vigil, launch('WS-CHARLIE', 'C:\\Windows\\System32\\whoami.exe', 'whoami /groups', 6));
    assert.equal(elsewhere.body.incidents.created.length, 1, 'another endpoint is another incident');
    const low = await incident(elsewhere.body.incidents.created[0]);
    assert.deepEqual([low.summary, low.priority_level], ['WS-CHARLIE: T1033 (unknown)', 1]);
  });

  test('a medium rule opens a MEDIUM incident', async () => {
    const posted = await postEvents(vigil, launch('WS-DELTA', 'C:\\Windows\\System32\\rundll32.exe', 'C:\\Windows\\System32\\rundll32.exe', 0));
    const opened = await incident(posted.body.incidents.created[0]);
    assert.equal(opened.priority_level, 2);
    assert.equal(opened.summary, 'WS-DELTA: System Binary Proxy Execution, Process Injection');
  });

  test('an informational match opens no incident but stays visible on the stored event', async () => {
    const runKey = {
      event_uuid: 'sigma-run-key', type_id: 8006, operation: 1, device_time: '2026-03-02T11:00:00.000Z', device_name: 'WS-ECHO',
      reg_value: { path: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater', data: 'C:\\Users\\Public\\u.exe' },
      event_actor: { file: { path: 'C:\\Users\\Public\\u.exe' } },
    };
    const posted = await postEvents(vigil, runKey);
    assert.equal(posted.body.accepted, 1);
    assert.deepEqual(posted.body.incidents, { created: [], updated: [] });
    const stored = (await vigil.store.getEvent('sigma-run-key'))!;
    assert.equal(stored.incident, undefined);
    assert.deepEqual((stored.sigma as { title: string; level: string }[]).map(({ title, level }) => [title, level]), [['Run Key Value Set', 'informational']]);
  });

  test('events no rule matches, and event types without a Sigma log source, are stored as they came', async () => {
    const benign = launch('WS-FOXTROT', 'C:\\Windows\\System32\\notepad.exe', 'notepad.exe report.txt', 0);
    const posted = await postEvents(vigil, [benign, { ...encodedPowerShell('WS-FOXTROT'), event_uuid: 'sigma-terminate', operation: 2 }]);
    assert.deepEqual([posted.body.accepted, posted.body.incidents.created.length], [2, 0], 'a process that ends is no process creation');
    assert.equal((await vigil.store.getEvent(benign.event_uuid))!.sigma, undefined);
  });
});

const ATTACK_BUNDLE = join(SHARED_DATA, 'attack/enterprise-attack-18.1.json');

describe('with the ATT&CK catalog imported', { skip: skipWithout(ATTACK_BUNDLE) }, () => {
  let vigil: TestVigil;

  before(async () => {
    useAttackCatalog(parseStixBundle(JSON.parse(readFileSync(ATTACK_BUNDLE, 'utf8')), 'enterprise-attack-18.1.json'));
    vigil = await startTestVigil({ sigma: true });
  });
  after(async () => {
    useAttackCatalog(undefined);
    await vigil.destroy();
  });

  test('sub-techniques are named by the catalog: "<host>: PowerShell, …"', async () => {
    const posted = await postEvents(vigil, encodedPowerShell('WS-GOLF'));
    const opened = (await vigil.store.getIncident(posted.body.incidents.created[0]))!;
    assert.equal(opened.summary, 'WS-GOLF: PowerShell, Obfuscated Files or Information');
    assert.deepEqual(opened.attack, { tactic_uid: 'TA0002', tactic_name: 'Execution', technique_uid: 'T1059.001', technique_name: 'PowerShell' });
  });
});
