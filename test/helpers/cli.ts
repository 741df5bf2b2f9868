import type { SwitchboardNode } from '../../src/main/core/node';
import { runCli, type CliIo } from '../../src/main/headless/cli-program';

/** Runs the CLI in-process against a node's data dir, capturing its output and exit code. */
export async function cli(node: SwitchboardNode, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} };
  const code = await runCli(['--data-dir', node.config.dataDir, ...args], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
