// Who talked to whom in a network detection: the detecting endpoints (device_ip, name) on the
// left, the remote party (external_ip:port) on the right, arrows in the traffic's direction.
import { countOf } from '../../format.ts';
import { navigate } from '../../router.tsx';
import type { IncidentEndpointSummary } from '../../model.ts';

const WIDTH = 900;
const ROW = 54;
const BOX = { width: 230, height: 42 };
const REMOTE = { width: 250, height: 74 };
const TOP = 34;
const MAX_SHOWN = 8;

export type Direction = 'outbound' | 'inbound' | 'unknown';

export function directionOf(code: number | undefined): Direction {
  return code === 2 ? 'outbound' : code === 1 ? 'inbound' : 'unknown';
}

const DIRECTION_TEXT: Record<Direction, string> = {
  outbound: 'Outbound', inbound: 'Inbound', unknown: 'Direction unknown',
};

interface DiagramProps {
  endpoints: IncidentEndpointSummary[];
  remote: { ip?: string; port?: number; domain?: string };
  direction: Direction;
}

export function NetworkDiagram({ endpoints, remote, direction }: DiagramProps) {
  const shown = endpoints.slice(0, MAX_SHOWN);
  const hidden = endpoints.length - shown.length;
  const rows = shown.length + (hidden > 0 ? 1 : 0);
  const height = TOP + Math.max(rows * ROW, REMOTE.height + 20) + 10;
  const remoteX = WIDTH - REMOTE.width - 10;
  const remoteY = TOP + (height - TOP - 10) / 2 - REMOTE.height / 2;
  const remoteMid = remoteY + REMOTE.height / 2;
  const endpointX = 10;
  const remoteName = remote.ip ? `${remote.ip}${remote.port !== undefined ? `:${remote.port}` : ''}` : remote.domain ?? 'unknown';
  const label = DIRECTION_TEXT[direction];
  const labelX = (endpointX + BOX.width + remoteX) / 2;

  return (
    <figure className="network-diagram" data-direction={direction}>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img"
        aria-label={`${label} traffic between ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'} and ${remoteName}`}>
        <defs>
          <marker id="arrow-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="diagram-arrowhead" />
          </marker>
        </defs>
        <text className="diagram-heading" x={endpointX} y={16}>Detecting endpoints (device_ip)</text>
        <text className="diagram-heading" x={remoteX} y={16}>Remote party (external_ip)</text>
        {shown.map((endpoint, index) => {
          const y = TOP + index * ROW;
          const mid = y + BOX.height / 2;
          const from = { x: endpointX + BOX.width, y: mid };
          const to = { x: remoteX, y: remoteMid };
          const bend = (to.x - from.x) / 2;
          const path = `M${from.x},${from.y} C${from.x + bend},${from.y} ${to.x - bend},${to.y} ${to.x - 2},${to.y}`;
          const open = () => endpoint.device_uid && navigate(`/endpoints/${encodeURIComponent(endpoint.device_uid)}`);
          return (
            <g key={endpoint.device_uid ?? index} className="diagram-endpoint" data-device-ip={endpoint.device_ip}>
              <path d={path} className={`diagram-link diagram-${direction}`}
                markerEnd={direction === 'outbound' ? 'url(#arrow-head)' : undefined}
                markerStart={direction === 'inbound' ? 'url(#arrow-head)' : undefined} />
              <g className="diagram-box clickable" onClick={open}>
                <rect x={endpointX} y={y} width={BOX.width} height={BOX.height} rx={6} />
                <text className="diagram-name" x={endpointX + 10} y={y + 17}>{endpoint.device_name ?? endpoint.device_uid ?? 'unnamed endpoint'}</text>
                <text className="diagram-address" x={endpointX + 10} y={y + 34}>{endpoint.device_ip ?? 'no device_ip'} · {countOf(endpoint.event_count, 'event')}</text>
                <title>Open the endpoint page of {endpoint.device_name ?? endpoint.device_uid}</title>
              </g>
            </g>
          );
        })}
        {hidden > 0 && <text className="diagram-more" x={endpointX + 10} y={TOP + shown.length * ROW + 20}>+ {hidden} more endpoints (see the table)</text>}
        <g className={`diagram-remote diagram-box ${remote.ip ? 'clickable' : ''}`}
          onClick={() => remote.ip && navigate(`/ips/${encodeURIComponent(remote.ip)}`)}>
          <rect x={remoteX} y={remoteY} width={REMOTE.width} height={REMOTE.height} rx={8} />
          <text className="diagram-address-strong" x={remoteX + 12} y={remoteY + 30}>{remoteName}</text>
          <text className="diagram-address" x={remoteX + 12} y={remoteY + 52}>{remote.domain && remote.ip ? remote.domain : 'the other end of the connection'}</text>
          <title>Open the page of {remoteName}</title>
        </g>
        <g className={`diagram-direction diagram-${direction}`}>
          <rect x={labelX - 62} y={remoteMid - 15} width={124} height={30} rx={15} />
          <text x={labelX} y={remoteMid + 5} textAnchor="middle">{direction === 'inbound' ? `← ${label}` : direction === 'outbound' ? `${label} →` : label}</text>
        </g>
      </svg>
      <figcaption>
        {direction === 'outbound' && 'Outbound: the endpoints initiated the connection to the remote party.'}
        {direction === 'inbound' && 'Inbound: the remote party initiated the connection to the endpoints.'}
        {direction === 'unknown' && 'The source did not say which side initiated the connection.'}
      </figcaption>
    </figure>
  );
}
