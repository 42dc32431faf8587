// A small ATT&CK STIX 2.1 bundle: a tactic, a technique with a sub-technique, a revoked and a
// deprecated technique, TrickBot and Wizard Spider with their uses.
const ref = (id: string) => [{ source_name: 'mitre-attack', external_id: id, url: `https://attack.mitre.org/x/${id}` }];

export const SMALL_BUNDLE = {
  type: 'bundle', id: 'bundle--1',
  objects: [
    { type: 'x-mitre-tactic', id: 'x-mitre-tactic--c2', spec_version: '2.1', name: 'Command and Control', x_mitre_shortname: 'command-and-control', external_references: ref('TA0011') },
    { type: 'attack-pattern', id: 'attack-pattern--app', name: 'Application Layer Protocol', kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }], external_references: ref('T1071') },
    { type: 'attack-pattern', id: 'attack-pattern--web', name: 'Web Protocols', x_mitre_is_subtechnique: true, kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }], external_references: ref('T1071.001') },
    { type: 'attack-pattern', id: 'attack-pattern--old', name: 'Standard Application Layer Protocol', revoked: true, external_references: ref('T1000') },
    { type: 'attack-pattern', id: 'attack-pattern--dep', name: 'Commonly Used Port', x_mitre_deprecated: true, kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }], external_references: ref('T1043') },
    { type: 'malware', id: 'malware--tb', name: 'TrickBot', x_mitre_aliases: ['TrickBot', 'Totbrick'], external_references: ref('S0266') },
    { type: 'intrusion-set', id: 'intrusion-set--ws', name: 'Wizard Spider', aliases: ['Wizard Spider', 'UNC1878'], external_references: ref('G0102') },
    { type: 'relationship', id: 'relationship--1', relationship_type: 'subtechnique-of', source_ref: 'attack-pattern--web', target_ref: 'attack-pattern--app' },
    { type: 'relationship', id: 'relationship--2', relationship_type: 'revoked-by', source_ref: 'attack-pattern--old', target_ref: 'attack-pattern--app' },
    { type: 'relationship', id: 'relationship--3', relationship_type: 'uses', source_ref: 'malware--tb', target_ref: 'attack-pattern--web' },
    { type: 'relationship', id: 'relationship--4', relationship_type: 'uses', source_ref: 'intrusion-set--ws', target_ref: 'malware--tb' },
    { type: 'relationship', id: 'relationship--5', relationship_type: 'uses', source_ref: 'intrusion-set--ws', target_ref: 'attack-pattern--app' },
  ],
};
