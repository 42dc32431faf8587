// The dashboard's ATT&CK view: incidents per tactic and technique, counted once per tactic however
// many of its techniques an incident names, ordered as the matrix is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tacticView } from '../../src/api/tactic-view.ts';

const C2 = { tactic_uid: 'TA0011', tactic_name: 'Command and Control', technique_uid: 'T1071', technique_name: 'Standard Application Layer Protocol' };

test('an incident counts once under each tactic its techniques fall under; names are the catalog\'s', () => {
  const view = tacticView([
    { attack: C2, incidents: 3 },
    // A Sigma incident naming a technique of the same tactic, a sub-technique the built-in table lacks and an unknown id.
    { attack: C2, techniques: [{ technique_uid: 'T1071' }, { technique_uid: 'T1105' }, { technique_uid: 'T1059.001' }, { technique_uid: 'T9999' }], incidents: 2 },
    { incidents: 4 },
  ]);
  assert.deepEqual(view, [
    { tactic_uid: 'TA0002', tactic_name: 'Execution', incidents: 2, techniques: [{ technique_uid: 'T1059.001', technique_name: 'T1059.001', incidents: 2 }] },
    {
      tactic_uid: 'TA0011', tactic_name: 'Command and Control', incidents: 5,
      techniques: [
        { technique_uid: 'T1071', technique_name: 'Application Layer Protocol', incidents: 5 },
        { technique_uid: 'T1105', technique_name: 'Ingress Tool Transfer', incidents: 2 },
      ],
    },
  ]);
});

test('a tactic the catalog does not know keeps the stored name and comes last', () => {
  const view = tacticView([
    { attack: { tactic_uid: 'TA0999', tactic_name: 'Future Tactic', technique_uid: 'T0001', technique_name: 'Something' }, incidents: 1 },
    { attack: { ...C2, tactic_uid: 'TA0001', tactic_name: 'Initial Access', technique_uid: 'T1566', technique_name: 'Phishing' }, incidents: 1 },
  ]);
  assert.deepEqual(view.map((row) => [row.tactic_uid, row.tactic_name, row.techniques[0].technique_name]), [
    ['TA0001', 'Initial Access', 'Phishing'],
    ['TA0999', 'Future Tactic', 'Something'],
  ]);
});
