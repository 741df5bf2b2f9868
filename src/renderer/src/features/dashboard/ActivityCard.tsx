import { memo, useId, useMemo, type ReactNode } from 'react';
import type uPlot from 'uplot';
import { protocolLabel, type ProtocolInfo } from '@shared/protocols';
import { useProtocols } from '../../api/queries';
import { formatTime } from '../../components/chips';
import type { ActivitySeries } from './activity-series';
import { TimeChart, formatMs, type ChartLine } from './TimeChart';

/** Colours for protocols, in order; never the status colours (green, amber and red mean one thing each). */
const PALETTE = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5'] as const;
const paletteColor = (index: number) => PALETTE[index % PALETTE.length]!;

const LATENCY_LINES: readonly ChartLine[] = [
  { label: 'p50', color: '--chart-1', dots: true },
  { label: 'p99', color: '--chart-2', dots: true },
];
const QUEUE_LINES: readonly ChartLine[] = [{ label: 'waiting', color: '--chart-3' }];

const count = (value: number) => value.toLocaleString();

/** A number beside a chart: big, with a word under it, and a swatch when it is one of the chart's lines. */
function Now({ value, label, color, dashed, testId }: { value: string; label: string; color?: string; dashed?: boolean; testId?: string }) {
  return (
    <div className="plot-now-item">
      <dt>
        {color ? <span className={`swatch${dashed ? ' swatch-dashed' : ''}`} style={{ borderColor: `var(${color})` }} aria-hidden="true" /> : null}
        {label}
      </dt>
      <dd className="plot-now-value" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** One plot: its title, the chart, the current numbers beside it, and the same numbers as a table for screen readers. */
function Plot({ title, chart, now, legend, summary }: { title: string; chart: (summaryId: string) => ReactNode; now: ReactNode; legend?: ReactNode; summary: ReactNode }) {
  const titleId = useId();
  const summaryId = useId();
  return (
    <figure className="plot" aria-labelledby={titleId}>
      <figcaption id={titleId} className="plot-title">
        {title}
      </figcaption>
      <div className="plot-body">
        <div className="plot-chart">
          {chart(summaryId)}
          {legend}
        </div>
        <dl className="plot-now">{now}</dl>
      </div>
      <div id={summaryId} className="visually-hidden">
        {summary}
      </div>
    </figure>
  );
}

function MessagesPlot({ series, protocols }: { series: ActivitySeries; protocols: readonly ProtocolInfo[] }) {
  const names = series.protocols.map((counts) => counts.protocol);
  const key = names.join(',');
  // The lines change only when a protocol appears in (or leaves) the hour: then the chart is made anew.
  const lines = useMemo(
    () =>
      key
        .split(',')
        .filter(Boolean)
        .flatMap((protocol, index): ChartLine[] => [
          { label: `${protocolLabel(protocol, protocols)} in`, color: paletteColor(index) },
          { label: `${protocolLabel(protocol, protocols)} out`, color: paletteColor(index), dashed: true },
        ]),
    [key, protocols],
  );
  const data = useMemo((): uPlot.AlignedData => [series.x, ...series.protocols.flatMap((counts) => [counts.in, counts.out])], [series]);
  return (
    <Plot
      title="Messages per minute"
      chart={(summaryId) => <TimeChart key={key} label="Messages received and sent per minute, by protocol, over the last hour" lines={lines} data={data} unit="count" describedBy={summaryId} />}
      now={
        <>
          <Now value={count(series.inNow)} label="in this minute" testId="plot-in-now" />
          <Now value={count(series.outNow)} label="out this minute" testId="plot-out-now" />
          <Now value={`${count(series.inHour)} / ${count(series.outHour)}`} label="in / out this hour" testId="plot-hour" />
        </>
      }
      legend={
        <div className="plot-legend" aria-hidden="true">
          {series.protocols.map((counts, index) => (
            <span key={counts.protocol} className="plot-legend-item">
              <span className="swatch" style={{ borderColor: `var(${paletteColor(index)})` }} /> {protocolLabel(counts.protocol, protocols)}
            </span>
          ))}
          <span className="plot-legend-item">
            <span className="swatch" /> in <span className="swatch swatch-dashed" /> out
          </span>
        </div>
      }
      summary={
        <table>
          <caption>Messages by protocol</caption>
          <thead>
            <tr>
              <th scope="col">Protocol</th>
              <th scope="col">In this minute</th>
              <th scope="col">Out this minute</th>
              <th scope="col">In this hour</th>
              <th scope="col">Out this hour</th>
            </tr>
          </thead>
          <tbody>
            {series.protocols.map((counts) => (
              <tr key={counts.protocol}>
                <th scope="row">{protocolLabel(counts.protocol, protocols)}</th>
                <td>{counts.inNow}</td>
                <td>{counts.outNow}</td>
                <td>{counts.inHour}</td>
                <td>{counts.outHour}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function LatencyPlot({ series }: { series: ActivitySeries }) {
  const data = useMemo((): uPlot.AlignedData => [series.x, series.p50, series.p99], [series]);
  const { latency } = series;
  const when = latency ? (latency.current ? 'this minute' : `at ${formatTime(latency.at)}`) : null;
  return (
    <Plot
      title="Delivery latency"
      chart={(summaryId) => <TimeChart label="Delivery latency, queued to delivered, p50 and p99 per minute over the last hour" lines={LATENCY_LINES} data={data} unit="ms" describedBy={summaryId} />}
      now={
        <>
          <Now value={latency ? formatMs(latency.p50) : '—'} label="p50" color="--chart-1" testId="plot-p50" />
          <Now value={latency ? formatMs(latency.p99) : '—'} label="p99" color="--chart-2" testId="plot-p99" />
          <p className="muted small plot-note">{when ? `queued → delivered, ${when}` : 'Nothing delivered this hour.'}</p>
        </>
      }
      summary={<p>{latency ? `Delivery latency ${when}: p50 ${formatMs(latency.p50)}, p99 ${formatMs(latency.p99)}.` : 'Nothing was delivered in the last hour.'}</p>}
    />
  );
}

function QueuePlot({ series }: { series: ActivitySeries }) {
  const data = useMemo((): uPlot.AlignedData => [series.x, series.queued], [series]);
  return (
    <Plot
      title="Queue depth"
      chart={(summaryId) => <TimeChart label="Messages waiting to go out, per minute over the last hour" lines={QUEUE_LINES} data={data} unit="count" describedBy={summaryId} />}
      now={
        <>
          <Now value={count(series.queuedNow)} label="waiting now" color="--chart-3" testId="plot-queued" />
          <Now value={count(series.failuresHour)} label="failed attempts this hour" testId="plot-failures" />
        </>
      }
      summary={
        <p>
          {series.queuedNow} waiting to go out now; {series.failuresHour} failed delivery attempt{series.failuresHour === 1 ? '' : 's'} in the last hour.
        </p>
      }
    />
  );
}

/**
 * The last hour at a glance: messages in and out, delivery latency, queue depth, each with its numbers now.
 * Drawn again only when a poll brings new numbers (memo): the Dashboard's second-by-second uptime leaves it be.
 */
export const ActivityCard = memo(function ActivityCard({ series }: { series: ActivitySeries }) {
  const protocols = useProtocols();
  return (
    <article className="card activity-card" aria-labelledby="activity-title">
      <h2 id="activity-title">Last hour</h2>
      {series.quiet ? (
        <p className="muted" data-testid="activity-empty">
          No messages in the last hour yet. The plots start with the first message a peer sends here or this node sends out.
        </p>
      ) : (
        <div className="plots">
          <MessagesPlot series={series} protocols={protocols} />
          <LatencyPlot series={series} />
          <QueuePlot series={series} />
        </div>
      )}
    </article>
  );
});
