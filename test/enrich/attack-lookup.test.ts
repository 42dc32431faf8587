import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_TACTICS, BUILTIN_TECHNIQUES, lookupTactic, lookupTechnique } from '../../src/enrich/index.ts';

test('the table holds the 14 Enterprise tactics, Reconnaissance to Impact, with unique ids', () => {
  assert.equal(BUILTIN_TACTICS.length, 14);
  assert.equal(new Set(BUILTIN_TACTICS.map((tactic) => tactic.id)).size, 14);
  assert.deepEqual(BUILTIN_TACTICS[0], { id: 'TA0043', name: 'Reconnaissance' });
  assert.deepEqual(BUILTIN_TACTICS[13], { id: 'TA0040', name: 'Impact' });
});

test('every technique has a unique id and only known tactics', () => {
  assert.ok(BUILTIN_TECHNIQUES.length >= 40);
  assert.equal(new Set(BUILTIN_TECHNIQUES.map((technique) => technique.id)).size, BUILTIN_TECHNIQUES.length);
  for (const technique of BUILTIN_TECHNIQUES) {
    assert.ok(technique.tactics.length > 0, technique.id);
    for (const tactic of technique.tactics) assert.ok(lookupTactic(tactic), `${technique.id} → ${tactic}`);
  }
});

test('a technique resolves by id to its current name, whatever name the source used', () => {
  // The seed's event still says "Standard Application Layer Protocol", T1071's name before 2020.
  assert.deepEqual(lookupTechnique('T1071'), { id: 'T1071', name: 'Application Layer Protocol', tactics: ['TA0011'] });
  assert.equal(lookupTechnique(' t1190 ')?.name, 'Exploit Public-Facing Application');
  assert.equal(lookupTechnique('T9999'), undefined);
});

test('a tactic resolves by id or by name, ignoring case, spaces and punctuation', () => {
  const commandAndControl = { id: 'TA0011', name: 'Command and Control' };
  for (const spelling of ['TA0011', 'ta0011', 'Command and Control', 'command-and-control', 'COMMAND AND CONTROL']) {
    assert.deepEqual(lookupTactic(spelling), commandAndControl, spelling);
  }
  assert.equal(lookupTactic('Defense Evasion..')?.id, 'TA0005');
  assert.equal(lookupTactic('Lunch'), undefined);
});
