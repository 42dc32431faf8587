import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect } from '../../src/detect/index.ts';
import { correlate, explainIncident } from '../../src/incidents/index.ts';
import type { EdrEvent, Incident, IncidentEndpointSummary } from '../../src/model/index.ts';
import type { EndpointHit } from '../../src/store/index.ts';
import { fleetEvent, seedEvent } from '../detect/seed-event.ts';

function incidentOf(events: EdrEvent[]): { incident: Incident; endpoints: IncidentEndpointSummary[] } {
  const { createdIncidents: [incident], endpointHits } = correlate(detect(events), new Map(), { windowMs: 86_400_000, now: '2021-06-08T21:00:00.000Z' });
  return { incident, endpoints: endpointHits.map(({ incident_uuid: _, ...summary }: EndpointHit) => summary) };
}

test('the seed\'s explanation names the detecting endpoint, the remote party, the direction and both verdicts', () => {
  const { incident, endpoints } = incidentOf([seedEvent()]);
  const explanation = explainIncident(incident, endpoints);
  assert.match(explanation, /The endpoint that detected the traffic \(device_ip, .*\) is 192\.0\.2\.10 \(TOMCAT-PROD-01\)\./);
  assert.match(explanation, /remote party is 192\.0\.2\.100:18878/);
  assert.match(explanation, /outbound: the endpoint initiated the connection to the remote party/);
  assert.match(explanation, /1 endpoint reached 192\.0\.2\.100 in 1 event at 2021-06-08 20:08:00 UTC/);
  assert.match(explanation, /false positive/);
  assert.match(explanation, /command-and-control/);
  assert.match(explanation, /Command and Control \(TA0011\), Application Layer Protocol \(T1071\)/);
});

test('with six endpoints it counts them, lists them and gives the period', () => {
  const { incident, endpoints } = incidentOf([seedEvent(), ...[1, 2, 3, 4, 5].map((n) => fleetEvent(n, n * 30))]);
  const explanation = explainIncident(incident, endpoints);
  assert.match(explanation, /6 endpoints detected the traffic \(device_ip, .*\): 192\.0\.2\.10 \(TOMCAT-PROD-01\), 192\.0\.2\.11 \(WEB-1\)/);
  assert.match(explanation, /6 endpoints reached 192\.0\.2\.100 in 6 events between 2021-06-08 20:08:00 UTC and 2021-06-08 22:38:00 UTC \(2 h 30 min\)/);
  assert.match(explanation, /the endpoints initiated the connection/);
});

test('inbound traffic is explained as the remote party initiating the connection', () => {
  const { incident, endpoints } = incidentOf([seedEvent({ traffic_direction: 1, mitre: undefined, signature_name: 'Attack: Apache Struts RCE' })]);
  const explanation = explainIncident(incident, endpoints);
  assert.match(explanation, /inbound: the remote party initiated the connection to the endpoint/);
  assert.match(explanation, /192\.0\.2\.100 reached 1 endpoint/);
  assert.match(explanation, /false positive .* or an attack by 192\.0\.2\.100/);
});

test('other detections get the rule, the endpoints, the period and the recommended action', () => {
  const { incident, endpoints } = incidentOf([{
    event_uuid: 'cynic-1', type_id: 4117, device_time: '2023-01-25T10:00:00.000Z', log_time: '2023-01-25T10:00:01.000Z',
    device_uid: 'd1', device_ip: '172.16.14.42', device_name: 'WIN-TFB8L7BI77H', file: { name: 'eicar_com.zip' },
  }]);
  const explanation = explainIncident(incident, endpoints);
  assert.match(explanation, /Sandbox detection: eicar_com\.zip — rule "Critical Cynic Detections" \(Sandboxing\), priority HIGH/);
  assert.match(explanation, /Affected endpoint: 172\.16\.14\.42 \(WIN-TFB8L7BI77H\)/);
  assert.match(explanation, /Recommended action: You can isolate the endpoint\(s\)/);
});
