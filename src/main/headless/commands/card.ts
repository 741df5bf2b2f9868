import type { Command } from 'commander';
import type { InspectionReport } from '../../../shared/domain/inspector';
import { CliFailure, clientFor, columns, positiveInt, printJson, table, type CliIo } from '../cli-context';

/** The `--json` shape: stable for scripts (documented in the README). */
function asJson(report: InspectionReport) {
  return {
    url: report.target.url,
    protocol: report.protocol,
    verdict: report.verdict,
    versions: [...new Set(report.readings.filter((reading) => reading.found).flatMap((reading) => reading.versions))],
    findings: report.findings.map(({ severity, path, message }) => ({ severity, path, message })),
    fetches: report.fetches.map(({ id, label, method, url, status, ms, bytes, contentType, https, redirects, credentials, credentialsSent, error }) => ({ id, label, method, url, status, ms, bytes, contentType, https, redirects, credentials, credentialsSent, error })),
  };
}

function print(io: CliIo, report: InspectionReport): void {
  io.stdout(
    `${table([
      ['Target', `${report.target.url}${report.target.peerName ? ` (peer ${report.target.peerName})` : report.target.self ? ' (this node)' : ''}`],
      ['Verdict', `${report.verdict}: ${report.verdictLine}`],
      ['Checked', report.at],
    ])}\n`,
  );
  io.stdout(report.findings.length === 0 ? '\nNo findings.\n' : `\nFindings\n${columns(['SEVERITY', 'WHERE', 'WHAT'], report.findings.map((finding) => [finding.severity, finding.path, finding.message]), 200)}\n`);
  if (report.probes.length > 0) io.stdout(`\nProbes\n${columns(['OUTCOME', 'PROBE', 'MS', 'DETAIL'], report.probes.map((probe) => [probe.outcome, probe.label, String(probe.ms), probe.detail]), 120)}\n`);
  io.stdout(`\nFetches\n${columns(['STATUS', 'METHOD', 'URL', 'MS', 'BYTES', 'NOTE'], report.fetches.map((fetch) => [fetch.status === null ? '—' : String(fetch.status), fetch.method, fetch.url, String(fetch.ms), String(fetch.bytes), fetch.error ?? (fetch.credentialsSent ? 'credentials sent' : '')]), 100)}\n`);
}

/** `switchboard card`: what an agent publishes, checked; exits 1 when the card is invalid or the agent unreachable. */
export function registerCard(program: Command, io: CliIo): void {
  program
    .command('card')
    .description("inspect an agent's capability card (a URL or a peer): verdict, findings, fetches")
    .argument('[target]', 'an http(s) URL (a base URL or the card URL), or a peer name')
    .option('--self', 'inspect this node as its peers see it')
    .option('--probe', 'also run the safe probes (unknown task, version negotiation, auth, streaming)')
    .option('--json', 'print one JSON object: { url, protocol, verdict, versions, findings, fetches }')
    .option('--watch [seconds]', 'keep watching it on the node (kept across restarts) and print each change; Ctrl+C stops printing')
    .option('--unwatch', 'stop watching it')
    .action(async (target: string | undefined, options: { self?: boolean; probe?: boolean; json?: boolean; watch?: string | boolean; unwatch?: boolean }, command: Command) => {
      if (!target && !options.self) throw new CliFailure('Give a URL or a peer name, or --self.');
      if (target && options.self) throw new CliFailure('Give a target or --self, not both.');
      const client = clientFor(command, io);
      const chosen = options.self ? { self: true as const } : /^https?:\/\//i.test(target!) ? { url: target! } : { peer: target! };
      if (options.unwatch) {
        if ('self' in chosen) throw new CliFailure('This node is not watched; give a URL or a peer.');
        const watch = await client.call('inspector.watch', { target: chosen, enabled: false });
        return io.stdout(`Stopped watching ${watch.url}.\n`);
      }
      const report = await client.call('inspector.inspect', { target: chosen, probe: Boolean(options.probe) });
      if (options.json) printJson(io, asJson(report));
      else print(io, report);
      if (options.watch !== undefined && options.watch !== false) {
        if ('self' in chosen) throw new CliFailure('Watch a URL or a peer (this node is what peers watch).');
        const intervalSeconds = typeof options.watch === 'string' ? positiveInt(options.watch) : 300;
        const watch = await client.call('inspector.watch', { target: chosen, enabled: true, intervalSeconds });
        io.stderr(`Watching ${watch.url} every ${watch.intervalSeconds} s on the node (kept across restarts; \`switchboard card ${target} --unwatch\` stops it). Changes follow; Ctrl+C stops printing.\n`);
        await new Promise<void>((resolve) => {
          client.events((event, payload) => {
            if (event !== 'inspector.cardChanged') return;
            const change = payload as { url: string; changes: { path: string; kind: string; warning: boolean }[] };
            if (change.url !== watch.url) return;
            io.stdout(`${new Date().toISOString()} ${change.url} changed:\n${change.changes.map((entry) => `  ${entry.warning ? '!' : ' '} ${entry.kind.padEnd(7)} ${entry.path}`).join('\n')}\n`);
          }, resolve);
        });
        return;
      }
      if (report.verdict !== 'valid') throw new CliFailure(report.verdict === 'unreachable' ? `The agent cannot be reached (${report.verdictLine}).` : 'The card is not valid: see the findings above.', 1);
    });
}
