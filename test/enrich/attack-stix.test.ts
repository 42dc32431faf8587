// Checks the built-in table against the real ATT&CK v18.1 STIX bundle, when it is present.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_TACTICS, BUILTIN_TECHNIQUES } from '../../src/enrich/index.ts';
import { SHARED_DATA } from '../helpers/shared-data.ts';

const BUNDLE = join(SHARED_DATA, 'attack/enterprise-attack-18.1.json');

interface StixObject {
  type: string;
  name: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_shortname?: string;
  external_references?: { source_name: string; external_id?: string }[];
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
}

function attackId(object: StixObject): string | undefined {
  return object.external_references?.find((reference) => reference.source_name === 'mitre-attack')?.external_id;
}

test('built-in tactic and technique names and tactics match ATT&CK v18.1', { skip: existsSync(BUNDLE) ? false : `${BUNDLE} is absent` }, () => {
  const objects = (JSON.parse(readFileSync(BUNDLE, 'utf8')) as { objects: StixObject[] }).objects
    .filter((object) => !object.revoked && !object.x_mitre_deprecated);
  const tactics = new Map(objects.filter((object) => object.type === 'x-mitre-tactic').map((tactic) => [attackId(tactic), tactic]));
  const techniques = new Map(objects.filter((object) => object.type === 'attack-pattern').map((technique) => [attackId(technique), technique]));

  assert.equal(tactics.size, BUILTIN_TACTICS.length);
  const shortnameOfTactic = new Map<string, string | undefined>();
  for (const { id, name } of BUILTIN_TACTICS) {
    assert.equal(tactics.get(id)?.name, name, id);
    shortnameOfTactic.set(id, tactics.get(id)?.x_mitre_shortname);
  }
  for (const { id, name, tactics: tacticIds } of BUILTIN_TECHNIQUES) {
    const stix = techniques.get(id);
    assert.equal(stix?.name, name, id);
    const phases = new Set(stix?.kill_chain_phases?.filter((phase) => phase.kill_chain_name === 'mitre-attack').map((phase) => phase.phase_name));
    assert.deepEqual(new Set(tacticIds.map((tactic) => shortnameOfTactic.get(tactic))), phases, `${id} tactics`);
  }
});
