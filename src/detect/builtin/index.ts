import type { DetectionRule } from '../rule.ts';
import { antivirusRule } from './antivirus.ts';
import { blacklistRule } from './blacklist.ts';
import { maliciousTrafficRule } from './malicious-traffic.ts';
import { sandboxRule } from './sandbox.ts';
import { sonarRule } from './sonar.ts';

export const BUILTIN_RULES: readonly DetectionRule[] = [maliciousTrafficRule, antivirusRule, sonarRule, blacklistRule, sandboxRule];
