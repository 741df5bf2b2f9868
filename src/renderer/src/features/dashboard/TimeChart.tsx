import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart; `color` names a CSS custom property (`--chart-1`), so the line follows the theme. */
export interface ChartLine {
  label: string;
  color: string;
  dashed?: boolean;
  /** Draw every value as a dot too (a series with gaps, where a lone minute would otherwise not show). */
  dots?: boolean;
}

export type ChartUnit = 'count' | 'ms';

const DARK = '(prefers-color-scheme: dark)';

/**
 * Which colour scheme the page is in: the OS's, unless the desktop pinned one (`data-theme` on the root). Canvas
 * colours are read once per scheme, so a change of either re-creates the charts.
 */
function useColorScheme(): string {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(DARK);
      query.addEventListener('change', changed);
      const observer = new MutationObserver(changed);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
      return () => {
        query.removeEventListener('change', changed);
        observer.disconnect();
      };
    },
    () => `${window.matchMedia(DARK).matches ? 'dark' : 'light'}:${document.documentElement.dataset.theme ?? ''}`,
  );
}

/** Resolves CSS custom properties (light-dark() pairs) to the colours they are now, for the canvas. */
function cssColors(names: readonly string[], within: HTMLElement): Map<string, string> {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  within.append(probe);
  const colors = new Map(
    names.map((name) => {
      probe.style.color = `var(${name})`;
      return [name, getComputedStyle(probe).color] as const;
    }),
  );
  probe.remove();
  return colors;
}

function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}

/** Counts are whole: a tick between two (0.5 message) is left unlabelled. */
function tickLabel(unit: ChartUnit, value: number): string {
  if (unit === 'ms') return formatMs(value);
  return Number.isInteger(value) ? value.toLocaleString() : '';
}

/** The minute a tick stands for, as the clock shows it ("13:45"): the hour is today's, a date would only crowd it. */
function clockLabel(seconds: number): string {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
}

/** An empty chart still has a scale: a minute with nothing in it reads as 0 of 1 message, or 0 of 10 ms. */
const EMPTY_MAX: Record<ChartUnit, number> = { count: 1, ms: 10 };

function chartOptions(lines: readonly ChartLine[], unit: ChartUnit, width: number, height: number, colors: Map<string, string>): uPlot.Options {
  const muted = colors.get('--muted');
  const grid = colors.get('--border');
  const font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const axis = { stroke: muted, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 } };
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, max > 0 ? max * 1.15 : EMPTY_MAX[unit]] } },
    axes: [
      { ...axis, space: 52, size: 28, values: (_chart, splits) => splits.map(clockLabel) },
      { ...axis, size: unit === 'ms' ? 52 : 40, space: 24, values: (_chart, splits) => splits.map((value) => tickLabel(unit, value)) },
    ],
    series: [
      {},
      ...lines.map((line) => ({
        label: line.label,
        stroke: colors.get(line.color),
        width: 1.5,
        ...(line.dashed ? { dash: [5, 3] } : {}),
        points: line.dots ? { show: true, size: 4, fill: colors.get(line.color) } : { show: false },
      })),
    ],
  };
}

/**
 * A live time chart (uPlot on a canvas). Made once per set of lines, colour scheme and height; new data is drawn
 * into the same chart (`setData`), and the chart follows its box's width. Screen readers get `label` as its
 * name and the summary `describedBy` points at (the chart itself is a picture). Where no canvas can be drawn
 * (a test's DOM), the box stays empty and the summary still says it all.
 */
export function TimeChart({ label, lines, data, unit, height = 120, describedBy }: { label: string; lines: readonly ChartLine[]; data: uPlot.AlignedData; unit: ChartUnit; height?: number; describedBy?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  const scheme = useColorScheme();
  // Layout effects run before the chart is (re)made below: a new chart starts from the newest data.
  useLayoutEffect(() => {
    latest.current = data;
  }, [data]);
  useEffect(() => {
    const element = box.current;
    if (!element || !canDraw()) return;
    const colors = cssColors(['--muted', '--border', ...lines.map((line) => line.color)], element);
    const made = new uPlot(chartOptions(lines, unit, Math.max(element.clientWidth, 120), height, colors), latest.current, element);
    chart.current = made;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry?.contentRect.width ?? 0);
      if (width > 0 && width !== made.width) made.setSize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      made.destroy();
      chart.current = null;
    };
  }, [lines, unit, height, scheme]);
  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);
  return <div ref={box} className="time-chart" role="img" aria-label={label} aria-describedby={describedBy} style={{ height }} data-testid="time-chart" />;
}
