// Events per endpoint over the incident's lifetime, one row per endpoint: a beacon shows as an
// evenly spaced row of marks, and the row says so ("≈ every 15 min").
import { api } from '../../api.ts';
import { axisLabel } from '../../components/time-chart.tsx';
import { Empty, Guard } from '../../components/states.tsx';
import { countOf, formatCount, formatDuration, formatShortTime } from '../../format.ts';
import type { Bucket, Timeline } from '../../types.ts';
import { useResource } from '../../use-resource.ts';

const WIDTH = 1000;
const LABEL_WIDTH = 230;
const RHYTHM_WIDTH = 120;
const ROW = 28;
const AXIS = 24;
const TICKS = 6;

/**
 * The regular interval of a series, when its events are evenly spaced: at least four busy buckets
 * whose gaps all lie within one bucket of their median.
 */
export function regularInterval(buckets: Bucket[], intervalMs: number): number | undefined {
  const busy = buckets.map((bucket, index) => (bucket.count > 0 ? index : -1)).filter((index) => index >= 0);
  if (busy.length < 4) return undefined;
  const gaps = busy.slice(1).map((index, i) => index - busy[i]);
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  if (median < 2 || gaps.some((gap) => Math.abs(gap - median) > 1)) return undefined;
  return median * intervalMs;
}

function heatClass(count: number, max: number): string {
  const level = Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
  return `heat-${level}`;
}

function TimelineSvg({ timeline }: { timeline: Timeline }) {
  const series = timeline.series;
  const bucketCount = Math.max(...series.map((row) => row.buckets.length));
  const max = Math.max(1, ...series.flatMap((row) => row.buckets.map((bucket) => bucket.count)));
  const plotWidth = WIDTH - LABEL_WIDTH - RHYTHM_WIDTH;
  const slot = plotWidth / bucketCount;
  const height = series.length * ROW + AXIS;
  const span = timeline.interval_ms * bucketCount;
  const ticks = series[0]?.buckets.filter((_, index) => index % Math.max(1, Math.round(bucketCount / TICKS)) === 0) ?? [];

  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} className="timeline-svg" role="img" aria-label={`Events per endpoint, ${formatDuration(timeline.interval_ms)} per column`}>
      {series.map((row, rowIndex) => {
        const y = rowIndex * ROW;
        const rhythm = regularInterval(row.buckets, timeline.interval_ms);
        return (
          <g key={row.device_uid} className="timeline-row" data-device-ip={row.device_ip}>
            <rect className={rowIndex % 2 ? 'timeline-band odd' : 'timeline-band'} x={0} y={y} width={WIDTH} height={ROW} />
            <text className="timeline-name" x={6} y={y + 18}>{row.device_name ?? row.device_uid}</text>
            <text className="timeline-ip" x={LABEL_WIDTH - 8} y={y + 18} textAnchor="end">{row.device_ip}</text>
            {row.buckets.map((bucket, index) => bucket.count > 0 && (
              <rect key={bucket.start} className={`timeline-mark ${heatClass(bucket.count, max)}`}
                x={LABEL_WIDTH + index * slot + 0.5} y={y + 5} width={Math.max(2, slot - 1)} height={ROW - 10} rx={1.5}>
                <title>{`${row.device_name ?? row.device_uid}: ${formatCount(bucket.count)} events, ${formatShortTime(bucket.start)} UTC`}</title>
              </rect>
            ))}
            <text className={rhythm ? 'timeline-rhythm regular' : 'timeline-rhythm'} x={WIDTH - RHYTHM_WIDTH + 10} y={y + 18}>
              {rhythm ? `≈ every ${formatDuration(rhythm)}` : countOf(row.buckets.reduce((sum, bucket) => sum + bucket.count, 0), 'event')}
            </text>
          </g>
        );
      })}
      {ticks.map((bucket) => {
        const index = series[0].buckets.indexOf(bucket);
        return (
          <text key={bucket.start} className="chart-label" x={LABEL_WIDTH + index * slot} y={height - 6}>{axisLabel(bucket.start, span)}</text>
        );
      })}
    </svg>
  );
}

export function TimelineChart({ incidentId, version }: { incidentId: string; version: string }) {
  const timeline = useResource((signal) => api.incidentTimeline(incidentId, signal), [incidentId, version]);
  return (
    <Guard resource={timeline} what="the timeline">
      {(data) => data.series.length === 0 ? <Empty title="No events to chart yet." /> : (
        <figure className="timeline-chart">
          <TimelineSvg timeline={data} />
          <figcaption>
            {formatShortTime(data.start)} – {formatShortTime(data.end)} UTC · {formatDuration(data.interval_ms)} per column · darker marks hold more events
          </figcaption>
        </figure>
      )}
    </Guard>
  );
}
