// The built-in MITRE ATT&CK Enterprise table (names as in ATT&CK v18): the fallback until a full
// STIX catalog is imported. It holds the 14 tactics and the techniques Vigil's built-in rules and
// common SEP detections name. test/enrich/attack-stix.test.ts checks it against the real bundle.

export interface Tactic {
  /** e.g. "TA0011". */
  readonly id: string;
  readonly name: string;
}

export interface Technique {
  /** e.g. "T1071". */
  readonly id: string;
  readonly name: string;
  /** Tactic ids, the one Vigil reports for the technique first. */
  readonly tactics: readonly string[];
}

/** In the order of the Enterprise matrix. */
export const BUILTIN_TACTICS: readonly Tactic[] = [
  { id: 'TA0043', name: 'Reconnaissance' },
  { id: 'TA0042', name: 'Resource Development' },
  { id: 'TA0001', name: 'Initial Access' },
  { id: 'TA0002', name: 'Execution' },
  { id: 'TA0003', name: 'Persistence' },
  { id: 'TA0004', name: 'Privilege Escalation' },
  { id: 'TA0005', name: 'Defense Evasion' },
  { id: 'TA0006', name: 'Credential Access' },
  { id: 'TA0007', name: 'Discovery' },
  { id: 'TA0008', name: 'Lateral Movement' },
  { id: 'TA0009', name: 'Collection' },
  { id: 'TA0011', name: 'Command and Control' },
  { id: 'TA0010', name: 'Exfiltration' },
  { id: 'TA0040', name: 'Impact' },
];

export const BUILTIN_TECHNIQUES: readonly Technique[] = [
  // Reconnaissance, Resource Development
  { id: 'T1595', name: 'Active Scanning', tactics: ['TA0043'] },
  { id: 'T1583', name: 'Acquire Infrastructure', tactics: ['TA0042'] },
  { id: 'T1584', name: 'Compromise Infrastructure', tactics: ['TA0042'] },
  { id: 'T1588', name: 'Obtain Capabilities', tactics: ['TA0042'] },
  // Initial Access
  { id: 'T1189', name: 'Drive-by Compromise', tactics: ['TA0001'] },
  { id: 'T1190', name: 'Exploit Public-Facing Application', tactics: ['TA0001'] },
  { id: 'T1133', name: 'External Remote Services', tactics: ['TA0001', 'TA0003'] },
  { id: 'T1566', name: 'Phishing', tactics: ['TA0001'] },
  { id: 'T1078', name: 'Valid Accounts', tactics: ['TA0001', 'TA0003', 'TA0004', 'TA0005'] },
  // Execution
  { id: 'T1059', name: 'Command and Scripting Interpreter', tactics: ['TA0002'] },
  { id: 'T1203', name: 'Exploitation for Client Execution', tactics: ['TA0002'] },
  { id: 'T1204', name: 'User Execution', tactics: ['TA0002'] },
  { id: 'T1047', name: 'Windows Management Instrumentation', tactics: ['TA0002'] },
  { id: 'T1053', name: 'Scheduled Task/Job', tactics: ['TA0002', 'TA0003', 'TA0004'] },
  // Persistence, Privilege Escalation
  { id: 'T1547', name: 'Boot or Logon Autostart Execution', tactics: ['TA0003', 'TA0004'] },
  { id: 'T1543', name: 'Create or Modify System Process', tactics: ['TA0003', 'TA0004'] },
  { id: 'T1068', name: 'Exploitation for Privilege Escalation', tactics: ['TA0004'] },
  { id: 'T1055', name: 'Process Injection', tactics: ['TA0005', 'TA0004'] },
  // Defense Evasion
  { id: 'T1027', name: 'Obfuscated Files or Information', tactics: ['TA0005'] },
  { id: 'T1036', name: 'Masquerading', tactics: ['TA0005'] },
  { id: 'T1070', name: 'Indicator Removal', tactics: ['TA0005'] },
  { id: 'T1112', name: 'Modify Registry', tactics: ['TA0005', 'TA0003'] },
  { id: 'T1127', name: 'Trusted Developer Utilities Proxy Execution', tactics: ['TA0005'] },
  { id: 'T1140', name: 'Deobfuscate/Decode Files or Information', tactics: ['TA0005'] },
  { id: 'T1218', name: 'System Binary Proxy Execution', tactics: ['TA0005'] },
  { id: 'T1562', name: 'Impair Defenses', tactics: ['TA0005'] },
  // Credential Access
  { id: 'T1003', name: 'OS Credential Dumping', tactics: ['TA0006'] },
  { id: 'T1110', name: 'Brute Force', tactics: ['TA0006'] },
  { id: 'T1557', name: 'Adversary-in-the-Middle', tactics: ['TA0006', 'TA0009'] },
  { id: 'T1040', name: 'Network Sniffing', tactics: ['TA0006', 'TA0007'] },
  // Discovery
  { id: 'T1046', name: 'Network Service Discovery', tactics: ['TA0007'] },
  { id: 'T1018', name: 'Remote System Discovery', tactics: ['TA0007'] },
  { id: 'T1082', name: 'System Information Discovery', tactics: ['TA0007'] },
  // Lateral Movement
  { id: 'T1021', name: 'Remote Services', tactics: ['TA0008'] },
  { id: 'T1210', name: 'Exploitation of Remote Services', tactics: ['TA0008'] },
  // Command and Control
  { id: 'T1071', name: 'Application Layer Protocol', tactics: ['TA0011'] },
  { id: 'T1090', name: 'Proxy', tactics: ['TA0011'] },
  { id: 'T1095', name: 'Non-Application Layer Protocol', tactics: ['TA0011'] },
  { id: 'T1102', name: 'Web Service', tactics: ['TA0011'] },
  { id: 'T1105', name: 'Ingress Tool Transfer', tactics: ['TA0011'] },
  { id: 'T1219', name: 'Remote Access Tools', tactics: ['TA0011'] },
  { id: 'T1568', name: 'Dynamic Resolution', tactics: ['TA0011'] },
  { id: 'T1571', name: 'Non-Standard Port', tactics: ['TA0011'] },
  { id: 'T1572', name: 'Protocol Tunneling', tactics: ['TA0011'] },
  { id: 'T1573', name: 'Encrypted Channel', tactics: ['TA0011'] },
  // Exfiltration
  { id: 'T1041', name: 'Exfiltration Over C2 Channel', tactics: ['TA0010'] },
  { id: 'T1048', name: 'Exfiltration Over Alternative Protocol', tactics: ['TA0010'] },
  // Impact
  { id: 'T1486', name: 'Data Encrypted for Impact', tactics: ['TA0040'] },
  { id: 'T1490', name: 'Inhibit System Recovery', tactics: ['TA0040'] },
  { id: 'T1496', name: 'Resource Hijacking', tactics: ['TA0040'] },
  { id: 'T1498', name: 'Network Denial of Service', tactics: ['TA0040'] },
  { id: 'T1499', name: 'Endpoint Denial of Service', tactics: ['TA0040'] },
];
