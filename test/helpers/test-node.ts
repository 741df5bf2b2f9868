import { afterEach } from 'vitest';
import type { NodeConfigInput } from '../../src/main/core/config';
import { silentLogger } from '../../src/main/core/logger';
import { createNode, type NodeDeps, type SwitchboardNode } from '../../src/main/core/node';
import { useTempDirs } from './temp-dir';

/** Starts real nodes on 127.0.0.1 with free ports and a temp data dir; every node is closed after the test. */
export function useTestNodes() {
  const tempDir = useTempDirs();
  const running: SwitchboardNode[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((node) => node.close()));
  });
  return {
    tempDir,
    async start(overrides: Partial<NodeConfigInput> = {}, deps: NodeDeps = {}): Promise<SwitchboardNode> {
      // Peers added in tests point at stand-ins that count their requests: the background inspection of new peers
      // is off unless a test asks for it.
      const node = await createNode({ dataDir: tempDir(), host: '127.0.0.1', port: 0, controlPort: 0, name: 'test-node', issueFirstA2aKey: false, inspector: { inspectNewPeers: false, minWatchSeconds: 1 }, ...overrides }, { logger: silentLogger, ...deps });
      running.push(node);
      return node;
    },
  };
}

export function publicUrl(node: SwitchboardNode, path = ''): string {
  return `http://127.0.0.1:${node.port}${path}`;
}

export async function callControl(node: SwitchboardNode, method: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${node.control.url}/api/call/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${node.control.token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
