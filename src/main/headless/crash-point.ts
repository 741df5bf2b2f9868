import type { FaultPoint } from '../core/store/unit-of-work';

export const CRASH_AT_ENV = 'SWITCHBOARD_CRASH_AT';

/**
 * For the reliability tests: `SWITCHBOARD_CRASH_AT=<unit of work>:<before-commit|after-commit>` makes this process
 * kill itself with SIGKILL at that instant of that change (e.g. `peer.remove:before-commit`), so a test can show
 * that after a restart the change is there entirely or not at all. Unset, it does nothing.
 */
export function crashPointFrom(env: NodeJS.ProcessEnv, warn: (text: string) => void): FaultPoint | undefined {
  const wanted = env[CRASH_AT_ENV];
  if (!wanted) return undefined;
  const [label, when = 'before-commit'] = wanted.split(':');
  warn(`${CRASH_AT_ENV} is set: this node will kill itself at ${label} (${when}). Unset it for normal use.\n`);
  return (unit, instant) => {
    if (unit === label && instant === when) process.kill(process.pid, 'SIGKILL');
  };
}
