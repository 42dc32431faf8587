// The ATT&CK catalog from a STIX bundle: parsing (a small inline STIX 2.1 bundle, and the real
// Enterprise 18.1 bundle when present), revocations, sub-techniques, the groups and software that
// use a technique, attribution by name, and switching the active catalog.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  activeAttackCatalog, actorsUsing, attributeByName, lookupTactic, lookupTechnique, parseStixBundle, resolveTechnique, saveAttackCatalog, StixError,
  useAttackCatalog, useStoredAttackCatalog,
} from '../../src/enrich/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { SHARED_DATA, skipWithout } from '../helpers/shared-data.ts';
import { SMALL_BUNDLE } from './stix-fixture.ts';

const BUNDLE = join(SHARED_DATA, 'attack/enterprise-attack-18.1.json');
describe('ATT&CK catalog', () => {
  after(() => useAttackCatalog(undefined));

  test('a STIX 2.1 bundle: tactics, techniques, sub-techniques, revocation, deprecation, uses', () => {
    const catalog = parseStixBundle(SMALL_BUNDLE, 'small.json');
    assert.match(catalog.source, /small\.json/);
    useAttackCatalog(catalog);
    assert.deepEqual(lookupTechnique('T1071'), { id: 'T1071', name: 'Application Layer Protocol', tactics: ['TA0011'], url: 'https://attack.mitre.org/x/T1071' });
    assert.equal(lookupTechnique('t1071.001')?.parent, 'T1071');
    assert.deepEqual(resolveTechnique('T1000'), { technique: lookupTechnique('T1071'), replaces: 'T1000' });
    assert.equal(lookupTechnique('T1043')?.deprecated, true);
    assert.equal(lookupTechnique('T9999'), undefined, 'an unknown id is unknown, not guessed');
    assert.equal(lookupTactic('command-and-control')?.id, 'TA0011');
    // Software used by a group is not a technique: only technique uses count.
    assert.deepEqual(catalog.actors.find((actor) => actor.id === 'G0102')?.uses, ['T1071']);
    // T1071 is used directly by Wizard Spider and, through T1071.001, by TrickBot.
    assert.deepEqual(actorsUsing('T1071').map((actor) => actor.id).sort(), ['G0102', 'S0266']);
    assert.deepEqual(attributeByName(['T1071'], ['System Infected: Trojan.Trickybot Activity 15']).map((a) => a.actor.name), ['TrickBot']);
    assert.deepEqual(attributeByName(['T1071'], ['UNC1878 beacon']).map((a) => a.actor.id), ['G0102']);
    assert.deepEqual(attributeByName(['T1071'], ['Trojan.Emotet Activity']), []);
    useAttackCatalog(undefined);
    assert.equal(activeAttackCatalog().source, 'built-in');
    assert.equal(lookupTechnique('T1071')?.name, 'Application Layer Protocol');
  });

  test('a catalog saved in the store is put in use once per new version (how a running server picks up an import)', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      assert.equal(await useStoredAttackCatalog(store), undefined, 'nothing imported: the built-in table stays');
      assert.equal(activeAttackCatalog().source, 'built-in');
      await saveAttackCatalog(store, parseStixBundle(SMALL_BUNDLE, 'small.json'), '2026-11-28T00:00:00.000Z');
      const version = await useStoredAttackCatalog(store);
      assert.equal(version, '2026-11-28T00:00:00.000Z');
      assert.match(activeAttackCatalog().source, /small\.json/);
      useAttackCatalog(undefined);
      assert.equal(await useStoredAttackCatalog(store, version), version);
      assert.equal(activeAttackCatalog().source, 'built-in', 'the same version is not loaded again');
    } finally {
      useAttackCatalog(undefined);
      await store.close();
    }
  });

  test('what is not a bundle is refused with a reason', () => {
    assert.throws(() => parseStixBundle({ type: 'x' }, 'a.json'), (error) => error instanceof StixError && /a\.json is not a STIX bundle/.test(error.message));
    assert.throws(() => parseStixBundle({ type: 'bundle', objects: [] }, 'b.json'), /no ATT&CK tactics or techniques/);
  });

  test('the real Enterprise 18.1 bundle', { skip: skipWithout(BUNDLE) }, () => {
    const catalog = parseStixBundle(JSON.parse(readFileSync(BUNDLE, 'utf8')), 'enterprise-attack-18.1.json');
    assert.deepEqual(catalog.tactics.map((tactic) => tactic.id), [
      'TA0043', 'TA0042', 'TA0001', 'TA0002', 'TA0003', 'TA0004', 'TA0005', 'TA0006', 'TA0007', 'TA0008', 'TA0009', 'TA0011', 'TA0010', 'TA0040',
    ]);
    assert.equal(catalog.techniques.length, 835);
    useAttackCatalog(catalog);
    assert.equal(lookupTechnique('T1071')?.url, 'https://attack.mitre.org/techniques/T1071');
    assert.equal(lookupTechnique('T1071.001')?.name, 'Web Protocols');
    assert.deepEqual(resolveTechnique('T1143'), { technique: lookupTechnique('T1564.003'), replaces: 'T1143' });
    const trickbot = catalog.actors.find((actor) => actor.id === 'S0266')!;
    assert.equal(trickbot.name, 'TrickBot');
    assert.ok(trickbot.uses.includes('T1071.001'));
    assert.deepEqual(attributeByName(['T1071'], ['System Infected: Trojan.Trickybot Activity 15']).map((a) => `${a.actor.name} ${a.actor.id}`), ['TrickBot S0266']);
    const groups = catalog.actors.filter((actor) => actor.kind === 'group');
    assert.ok(groups.length > 150, `${groups.length} groups`);
    assert.ok(groups.some((group) => group.id === 'G0102' && group.uses.length > 20));
  });
});
