// What the benchmark and reliability runners both need of a running `switchboard serve` process.
import { readFileSync } from 'node:fs';

/** One control-API call, as the console and the CLI make it (loopback HTTP with the data dir's token). */
export async function callControl(control, method, input = {}) {
  const response = await fetch(`http://127.0.0.1:${control.port}/api/call/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${method}: ${response.status} ${body.message ?? ''}`);
  return body.result;
}

/** Resident set size of a process in MB (Linux /proc), or null elsewhere. */
export function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
