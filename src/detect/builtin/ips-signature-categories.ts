// ATT&CK for an IPS signature by the category prefix of its name ("System Infected: …"), used
// when the event carries no `mitre` of its own.
import type { AttackRef } from '../../model/index.ts';
import { attackOf } from '../attack.ts';

const ATTACK_BY_CATEGORY = new Map<string, AttackRef | undefined>([
  // An infected endpoint talking to its controller over an ordinary protocol (HTTP, DNS, …).
  ['system infected', attackOf('T1071', 'TA0011')],
  // Exploits against a network service that the endpoint exposes.
  ['attack', attackOf('T1190', 'TA0001')],
  // Exploits against operating-system network services (SMB, RDP, …): the way worms and
  // attackers move from host to host inside a network.
  ['os attack', attackOf('T1210', 'TA0008')],
  // Exploit kits and malicious scripts served to the endpoint's browser.
  ['web attack', attackOf('T1189', 'TA0001')],
  // Sites known to serve malware, reached by browsing.
  ['malicious site', attackOf('T1189', 'TA0001')],
  // Fake software (fake AV, fake updates) that relies on the user running it.
  ['fake app attack', attackOf('T1204', 'TA0002')],
  // "Audit:" is deliberately absent: those signatures flag risky but not hostile activity (Tor,
  // remote-access or mining tools, …) and fit no single tactic, so a guessed one would mislead.
]);

export function attackOfSignatureCategory(signatureName: string): AttackRef | undefined {
  const colon = signatureName.indexOf(':');
  return colon < 0 ? undefined : ATTACK_BY_CATEGORY.get(signatureName.slice(0, colon).trim().toLowerCase());
}
