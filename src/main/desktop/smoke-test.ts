import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeConfigInput } from '../core/config';
import type { NodeDeps, SwitchboardNode } from '../core/node';

export const SMOKE_TEST_FLAG = '--smoke-test';
const HEALTH_TIMEOUT_MS = 30_000;

/**
 * `--smoke-test`: the release pipeline's proof that an installed app starts. The packaged app starts its node
 * on a fresh temporary data dir (its own key file: no keychain prompt on a CI runner), waits until its own
 * /health answers, stops it, and says so. Resolves with the exit code.
 */
export async function runSmokeTest(deps: {
  createNode: (config: NodeConfigInput, deps: NodeDeps) => Promise<SwitchboardNode>;
  nodeDeps: NodeDeps;
  print: (line: string) => void;
}): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-smoke-'));
  let node: SwitchboardNode | null = null;
  try {
    node = await deps.createNode({ dataDir, host: '127.0.0.1', port: 0, controlPort: 0, issueFirstA2aKey: false, inspector: { inspectNewPeers: false } }, deps.nodeDeps);
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    for (;;) {
      const answer = await fetch(`http://127.0.0.1:${node.port}/health`).then(
        (response) => (response.ok ? response.json() : null),
        () => null,
      );
      if (answer && (answer as { status?: string }).status === 'OK') break;
      if (Date.now() > deadline) throw new Error(`/health did not answer within ${HEALTH_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    deps.print(`Switchboard smoke test passed (port ${node.port})`);
    return 0;
  } catch (error) {
    deps.print(`Switchboard smoke test failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await node?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
