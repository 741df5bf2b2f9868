import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/logger';
import { createNode } from '../../src/main/core/node';
import { runSmokeTest } from '../../src/main/desktop/smoke-test';

describe('--smoke-test', () => {
  it('starts a node on a temporary data dir, waits for its /health, stops it and says so', async () => {
    const lines: string[] = [];
    let dataDir = '';
    const code = await runSmokeTest({
      createNode: async (config, deps) => {
        dataDir = config.dataDir;
        return createNode(config, deps);
      },
      nodeDeps: { logger: silentLogger },
      print: (line) => lines.push(line),
    });
    expect(code).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^Switchboard smoke test passed \(port \d+\)$/)]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('fails, and says why, when the node cannot start', async () => {
    const lines: string[] = [];
    const code = await runSmokeTest({ createNode: () => Promise.reject(new Error('no sqlite')), nodeDeps: {}, print: (line) => lines.push(line) });
    expect(code).toBe(1);
    expect(lines).toEqual(['Switchboard smoke test failed: no sqlite']);
  });
});
