import { execFile, execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const PYTHON = '/usr/bin/python3';

/**
 * The interop tests run the seed's Python code with Debian's python3 and python3-pycryptodome (module
 * `Cryptodome`). They fail, with the fix in the message, where those are missing; `.ci/run` installs them.
 */
export function requirePythonCrypto(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import Cryptodome'], { stdio: 'ignore' });
  } catch {
    throw new Error(`The interop tests need ${PYTHON} with pycryptodome: install Debian's python3-pycryptodome (apt-get install python3-pycryptodome).`);
  }
}

export function runPython(script: string, args: string[], timeoutMs = 20_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(PYTHON, [resolve('test/protocols/secure/interop/python', script), ...args], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} failed: ${stderr || error.message}`));
      else resolvePromise(stdout);
    });
  });
}
