// Queries through arrays of objects over both APIs: the Sigma matches recorded on a stored event
// (`sigma: [{id, title, level, tags}]`) and ICD-style `attacks[]` are found by their dotted paths.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, getJson, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const ENCODED_POWERSHELL_TITLE = 'PowerShell Runs an Encoded Command';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A canonical EDR process launch (8001) that the built-in Sigma rule for encoded PowerShell matches. */
const encodedPowerShell = {
  event_uuid: 'arrays-encoded-powershell',
  type_id: '8001: Process Events',
  operation: 1,
  device_time: minutesAgo(10),
  device_name: 'WS-ARRAYS',
  device_uid: 'uid-ws-arrays',
  device_ip: '192.0.2.30',
  event_actor: { pid: 100, file: { path: 'C:\\Windows\\explorer.exe' } },
  process: {
    pid: 201, cmd_line: 'powershell.exe -NoProfile -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
    file: { path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
  },
};

/** No Sigma rule matches it; it carries its own ATT&CK references as an array of objects. */
const withAttacks = {
  event_uuid: 'arrays-attacks',
  type_id: '8001: Process Events',
  operation: 1,
  device_time: minutesAgo(5),
  device_name: 'WS-ARRAYS',
  device_uid: 'uid-ws-arrays',
  event_actor: { pid: 100, file: { path: 'C:\\Windows\\explorer.exe' } },
  process: { pid: 202, cmd_line: 'notepad.exe notes.txt', file: { path: 'C:\\Windows\\System32\\notepad.exe' } },
  attacks: [{ technique_uid: 'T1204', tactic_uids: ['TA0002'] }, { technique_uid: 'T1036', tactic_uids: ['TA0005'] }],
};

describe('queries through arrays of objects', () => {
  let vigil: TestVigil;

  const nativeIds = async (query: string): Promise<string[]> => {
    const answer = await getJson(vigil, `/api/v1/events?q=${encodeURIComponent(query)}&limit=1000`);
    assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
    return answer.body.result.map((event: { event_uuid: string }) => event.event_uuid).sort();
  };

  const atpapiIds = async (query: string): Promise<string[]> => {
    const response = await vigil.app.inject({
      method: 'POST', url: '/atpapi/v2/events', headers: { ...bearer(vigil.tokens.viewer), 'content-type': 'application/json' },
      payload: JSON.stringify({ verb: 'query', query, start_time: minutesAgo(60), end_time: minutesAgo(0), limit: 1000 }),
    });
    assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
    return response.json().result.map((event: { event_uuid: string }) => event.event_uuid).sort();
  };

  before(async () => {
    vigil = await startTestVigil({ sigma: true });
    const posted = await postEvents(vigil, [encodedPowerShell, withAttacks]);
    assert.equal(posted.status, 200);
    const stored = await vigil.store.getEvent(encodedPowerShell.event_uuid);
    assert.ok(Array.isArray(stored?.sigma) && stored.sigma.some((match: { title?: unknown }) => match.title === ENCODED_POWERSHELL_TITLE), 'the rule matched');
  });
  after(() => vigil.destroy());

  const cases: [query: string, expected: string[]][] = [
    [`sigma.title:"${ENCODED_POWERSHELL_TITLE}"`, [encodedPowerShell.event_uuid]],
    ['sigma.title:*encoded*', [encodedPowerShell.event_uuid]],
    ['sigma.level:high AND sigma.tags:attack.t1059.001', [encodedPowerShell.event_uuid]],
    ['_exists_:sigma.id', [encodedPowerShell.event_uuid]],
    ['attacks.technique_uid:T1036', [withAttacks.event_uuid]],
    ['attacks.tactic_uids:TA0002', [withAttacks.event_uuid]],
    ['device_name:WS-ARRAYS AND NOT sigma.level:high', [withAttacks.event_uuid]],
    ['sigma.title:"Nothing Like This"', []],
  ];

  test('GET /api/v1/events?q= finds events by values inside arrays of objects', async () => {
    for (const [query, expected] of cases) assert.deepEqual(await nativeIds(query), expected, query);
  });

  test('POST /atpapi/v2/events finds them with the same queries', async () => {
    for (const [query, expected] of cases) assert.deepEqual(await atpapiIds(query), expected, query);
  });
});
