// "Blacklist Detection": an endpoint met an indicator an administrator put on the deny list,
// either a network destination (4112: IP, URL or domain) or a file (4118).
import { domainOf, type EdrEvent } from '../../model/index.ts';
import { alertFor } from '../alert.ts';
import { attackFromEvent } from '../attack.ts';
import { fileNameOf, fileSha2Of, text } from '../event-fields.ts';
import { PRIORITY } from '../priority.ts';
import type { DetectionRule } from '../rule.ts';

const NETWORK_INDICATOR = 4112;
const FILE_INDICATOR = 4118;

function networkIndicatorOf(event: EdrEvent): string | undefined {
  return text(event.data_source_url) ?? text(event.data_source_url_domain) ?? event.external_ip;
}

function fileIndicatorOf(event: EdrEvent): string | undefined {
  return fileSha2Of(event) ?? fileNameOf(event);
}

const RECOMMENDED_ACTION = [
  'The indicator is on the deny list, so it is known bad: confirm that the connection or file was blocked.',
  'Find the process that reached for it and check the endpoint for infection; isolate the endpoint if the block failed.',
].join('\n');

export const blacklistRule: DetectionRule = {
  rule_id: 'BlacklistIncident',
  rule_name: 'Blacklist Detection',
  detection_type: 'Blacklist',
  type_ids: [NETWORK_INDICATOR, FILE_INDICATOR],
  evaluate(event) {
    const isNetwork = event.type_id === NETWORK_INDICATOR;
    const indicator = isNetwork ? networkIndicatorOf(event) : fileIndicatorOf(event);
    if (indicator === undefined) return undefined;
    return alertFor(blacklistRule, event, {
      description: `Deny-listed ${isNetwork ? 'destination' : 'file'} detected: ${indicator}`,
      // The deny list already blocks the indicator; the analyst checks why the endpoint reached for it.
      priority_level: PRIORITY.MEDIUM,
      groupBy: [indicator],
      attack: attackFromEvent(event),
      recommended_action: RECOMMENDED_ACTION,
      ...(isNetwork && {
        remote: { ip: event.external_ip, port: event.external_port, domain: domainOf(event.data_source_url_domain, undefined) || undefined },
        traffic_direction: event.traffic_direction,
      }),
    });
  },
};
