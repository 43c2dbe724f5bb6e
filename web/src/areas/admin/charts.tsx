import { type ReactNode, useId } from 'react';
import { monthLabel } from './texts.ts';

/**
 * Plain SVG charts (no chart library: the area's chunk stays small and the CSP strict). Colours come from
 * classes in admin.css; each chart has a title and a description for screen readers, and the page offers
 * the same figures as a table.
 */
export interface MonthPoint {
  month: string;
  activated: number;
  level2: number;
  total: number;
  totalLevel2: number;
}

type Format = (n: number) => string;

const W = 720;
const H = 280;
const M = { top: 16, right: 16, bottom: 36, left: 72 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

/** A round upper bound and 4–5 gridlines for values up to `max`. */
export function niceScale(max: number): { top: number; ticks: number[] } {
  if (max <= 0) return { top: 4, ticks: [0, 1, 2, 3, 4] };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  // Counts of accounts: never a step below one.
  const step = Math.max(1, ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1000) / 1000);
  return { top, ticks };
}

function Axes({
  ticks,
  top,
  labels,
  format,
}: {
  ticks: number[];
  top: number;
  labels: string[];
  format: Format;
}) {
  const y = (v: number) => M.top + PLOT_H - (v / top) * PLOT_H;
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const band = PLOT_W / Math.max(1, labels.length);
  return (
    <g className="chart-axes">
      {ticks.map((t) => (
        <g key={t}>
          <line className="chart-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text className="chart-tick" x={M.left - 8} y={y(t) + 4} textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      {labels.map((label, i) =>
        i % every === 0 ? (
          <text
            key={label}
            className="chart-tick"
            x={M.left + band * (i + 0.5)}
            y={H - 12}
            textAnchor="middle"
          >
            {monthLabel(label)}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** A chart's figure: caption, an SVG named by its title and described by `description`, and a legend. */
function ChartFrame({
  title,
  description,
  height = H,
  legend,
  children,
}: {
  title: string;
  description: string;
  height?: number;
  legend: { className: string; label: string }[];
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="chart-svg"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
      <ul className="chart-legend">
        {legend.map((item) => (
          <li key={item.label}>
            <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
              <rect className={item.className} width="12" height="12" rx="2" />
            </svg>{' '}
            {item.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Accounts at the end of each month (all, and level 2), with the scope's targets as dashed lines. */
export function CumulativeChart({
  series,
  targets,
  title,
  legend,
  format,
}: {
  series: MonthPoint[];
  targets: { label: string; value: number }[];
  title: string;
  legend: { total: string; level2: string };
  format: Format;
}) {
  const { top, ticks } = niceScale(
    Math.max(...series.map((p) => p.total), ...targets.map((t) => t.value), 0),
  );
  const band = PLOT_W / Math.max(1, series.length);
  const x = (i: number) => M.left + band * (i + 0.5);
  const y = (v: number) => M.top + PLOT_H - (v / top) * PLOT_H;
  const line = (pick: (p: MonthPoint) => number) => series.map((p, i) => `${x(i)},${y(pick(p))}`).join(' ');
  const last = series.at(-1);
  const description = [
    last
      ? `${monthLabel(last.month)}: ${legend.total} ${format(last.total)}, ${legend.level2} ${format(last.totalLevel2)}`
      : '',
    ...targets.map((t) => `${t.label}: ${format(t.value)}`),
  ].join('; ');
  return (
    <ChartFrame
      title={title}
      description={description}
      legend={[
        { className: 'chart-key-total', label: legend.total },
        { className: 'chart-key-level2', label: legend.level2 },
      ]}
    >
      <Axes ticks={ticks} top={top} labels={series.map((p) => p.month)} format={format} />
      {targets.map((t) => (
        <g key={t.label} className="chart-target">
          <line x1={M.left} x2={W - M.right} y1={y(t.value)} y2={y(t.value)} />
          <text x={M.left + 6} y={y(t.value) - 6}>
            {`${t.label}: ${format(t.value)}`}
          </text>
        </g>
      ))}
      <polyline className="chart-line-total" points={line((p) => p.total)} />
      <polyline className="chart-line-level2" points={line((p) => p.totalLevel2)} />
      {series.map((p, i) => (
        <g key={p.month}>
          <circle className="chart-dot-total" cx={x(i)} cy={y(p.total)} r={3.5}>
            <title>{`${monthLabel(p.month)} — ${legend.total}: ${format(p.total)}`}</title>
          </circle>
          <circle className="chart-dot-level2" cx={x(i)} cy={y(p.totalLevel2)} r={3.5}>
            <title>{`${monthLabel(p.month)} — ${legend.level2}: ${format(p.totalLevel2)}`}</title>
          </circle>
        </g>
      ))}
    </ChartFrame>
  );
}

/** New accounts and raises to level 2, per month, side by side. */
export function MonthlyBars({
  series,
  title,
  legend,
  format,
}: {
  series: MonthPoint[];
  title: string;
  legend: { activated: string; level2: string };
  format: Format;
}) {
  const { top, ticks } = niceScale(Math.max(...series.map((p) => Math.max(p.activated, p.level2)), 0));
  const band = PLOT_W / Math.max(1, series.length);
  const bar = Math.min(28, band * 0.38);
  const y = (v: number) => M.top + PLOT_H - (v / top) * PLOT_H;
  const bottom = M.top + PLOT_H;
  const description = `${legend.activated}: ${format(series.reduce((n, p) => n + p.activated, 0))}; ${legend.level2}: ${format(series.reduce((n, p) => n + p.level2, 0))}`;
  return (
    <ChartFrame
      title={title}
      description={description}
      legend={[
        { className: 'chart-key-new', label: legend.activated },
        { className: 'chart-key-level2', label: legend.level2 },
      ]}
    >
      <Axes ticks={ticks} top={top} labels={series.map((p) => p.month)} format={format} />
      {series.map((p, i) => {
        const center = M.left + band * (i + 0.5);
        return (
          <g key={p.month}>
            <rect
              className="chart-bar-new"
              x={center - bar}
              width={bar}
              y={y(p.activated)}
              height={bottom - y(p.activated)}
            >
              <title>{`${monthLabel(p.month)} — ${legend.activated}: ${format(p.activated)}`}</title>
            </rect>
            <rect
              className="chart-bar-level2"
              x={center}
              width={bar}
              y={y(p.level2)}
              height={bottom - y(p.level2)}
            >
              <title>{`${monthLabel(p.month)} — ${legend.level2}: ${format(p.level2)}`}</title>
            </rect>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** The communes with the most accounts: level 1 and level 2 stacked, one row each. */
export function CommuneBars({
  communes,
  title,
  legend,
  format,
}: {
  communes: { key: string; name: string; level1: number; level2: number; total: number }[];
  title: string;
  legend: { level1: string; level2: string };
  format: Format;
}) {
  const row = 24;
  const labelW = 190;
  const max = Math.max(...communes.map((c) => c.total), 1);
  const scale = (v: number) => (v / max) * (W - labelW - 80);
  const description = communes.map((c) => `${c.name}: ${format(c.total)}`).join('; ');
  return (
    <ChartFrame
      title={title}
      description={description}
      height={communes.length * row + 8}
      legend={[
        { className: 'chart-key-level1', label: legend.level1 },
        { className: 'chart-key-level2', label: legend.level2 },
      ]}
    >
      {communes.map((c, i) => {
        const top = 4 + i * row;
        return (
          <g key={c.key}>
            <text className="chart-tick" x={labelW - 8} y={top + 16} textAnchor="end">
              {c.name.length > 26 ? `${c.name.slice(0, 25)}…` : c.name}
            </text>
            <rect
              className="chart-bar-level1"
              x={labelW}
              y={top + 3}
              width={scale(c.level1)}
              height={row - 8}
            >
              <title>{`${c.name} — ${legend.level1}: ${format(c.level1)}`}</title>
            </rect>
            <rect
              className="chart-bar-level2"
              x={labelW + scale(c.level1)}
              y={top + 3}
              width={scale(c.level2)}
              height={row - 8}
            >
              <title>{`${c.name} — ${legend.level2}: ${format(c.level2)}`}</title>
            </rect>
            <text className="chart-tick" x={labelW + scale(c.total) + 6} y={top + 16}>
              {format(c.total)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
