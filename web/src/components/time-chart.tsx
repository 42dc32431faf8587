// Counts over time as an SVG bar chart (search histogram, incidents over time). A click on a bar
// can zoom into its interval.
import { formatCount, formatDuration, formatShortTime } from '../format.ts';
import type { Bucket } from '../types.ts';

const WIDTH = 1000;
const HEIGHT = 170;
const MARGIN = { left: 48, right: 8, top: 10, bottom: 24 };
const TICKS = 6;

/** Axis label for a time, as precise as the chart's span needs. */
export function axisLabel(iso: string, spanMs: number): string {
  const short = formatShortTime(iso);
  const day = 24 * 3600_000;
  if (spanMs <= day) return short.slice(11);
  if (spanMs <= 7 * day) return short.slice(5);
  if (spanMs <= 400 * day) return short.slice(5, 10);
  return short.slice(0, 7);
}

interface TimeChartProps {
  buckets: Bucket[];
  intervalMs: number;
  title: string;
  unit: string;
  onSelect?(from: string, to: string): void;
}

export function TimeChart({ buckets, intervalMs, title, unit, onSelect }: TimeChartProps) {
  if (buckets.length === 0) return null;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / buckets.length;
  const barWidth = Math.max(1, slot - Math.min(3, slot * 0.2));
  const span = intervalMs * buckets.length;
  const tickEvery = Math.max(1, Math.round(buckets.length / TICKS));
  const endOf = (bucket: Bucket) => new Date(Date.parse(bucket.start) + intervalMs - 1).toISOString();
  const first = buckets[0].start;
  const last = endOf(buckets[buckets.length - 1]);

  return (
    <figure className="time-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${formatCount(buckets.reduce((sum, bucket) => sum + bucket.count, 0))} ${unit}`}>
        {(max >= 2 ? [0, 0.5, 1] : [0, 1]).map((fraction) => {
          const y = MARGIN.top + plotHeight * (1 - fraction);
          return (
            <g key={fraction}>
              <line className="chart-grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y} y2={y} />
              <text className="chart-label" x={MARGIN.left - 6} y={y + 4} textAnchor="end">{formatCount(Math.round(max * fraction))}</text>
            </g>
          );
        })}
        {buckets.map((bucket, index) => {
          const height = (bucket.count / max) * plotHeight;
          const x = MARGIN.left + index * slot;
          const end = endOf(bucket);
          return (
            <g key={bucket.start} className={onSelect ? 'chart-bar clickable' : 'chart-bar'} onClick={onSelect && bucket.count > 0 ? () => onSelect(bucket.start, end) : undefined}>
              <rect className="chart-hit" x={x} y={MARGIN.top} width={slot} height={plotHeight} />
              {bucket.count > 0 && <rect className="chart-fill" x={x} y={MARGIN.top + plotHeight - height} width={barWidth} height={Math.max(1, height)} />}
              <title>{`${formatShortTime(bucket.start)} – ${formatShortTime(end)} UTC: ${formatCount(bucket.count)} ${unit}`}</title>
            </g>
          );
        })}
        {buckets.map((bucket, index) => index % tickEvery === 0 && (
          <text key={`tick-${bucket.start}`} className="chart-label" x={MARGIN.left + index * slot} y={HEIGHT - 6}>{axisLabel(bucket.start, span)}</text>
        ))}
      </svg>
      <figcaption>
        {formatShortTime(first)} – {formatShortTime(last)} UTC · {formatDuration(intervalMs)} per bar{onSelect ? ' · click a bar to zoom in' : ''}
      </figcaption>
    </figure>
  );
}
