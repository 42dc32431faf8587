// ATT&CK tactic and technique names linking to their pages on attack.mitre.org.

const ATTACK_SITE = 'https://attack.mitre.org';

/** TA0011 → /tactics/TA0011/, T1071.001 → /techniques/T1071/001/. */
export function attackUrl(uid: string): string {
  if (uid.startsWith('TA')) return `${ATTACK_SITE}/tactics/${uid}/`;
  return `${ATTACK_SITE}/techniques/${uid.replace('.', '/')}/`;
}

export function AttackLink({ uid, name }: { uid: string; name?: string }) {
  return (
    <a className="attack-link" href={attackUrl(uid)} target="_blank" rel="noreferrer noopener" title={`${uid} on attack.mitre.org`}>
      {name ?? uid} <span className="attack-id">{uid}</span>
    </a>
  );
}

/** The enterprise tactics in kill-chain order, for the dashboard's ATT&CK view. */
export const ENTERPRISE_TACTICS = [
  ['TA0043', 'Reconnaissance'], ['TA0042', 'Resource Development'], ['TA0001', 'Initial Access'], ['TA0002', 'Execution'],
  ['TA0003', 'Persistence'], ['TA0004', 'Privilege Escalation'], ['TA0005', 'Defense Evasion'], ['TA0006', 'Credential Access'],
  ['TA0007', 'Discovery'], ['TA0008', 'Lateral Movement'], ['TA0009', 'Collection'], ['TA0011', 'Command and Control'],
  ['TA0010', 'Exfiltration'], ['TA0040', 'Impact'],
] as const;
