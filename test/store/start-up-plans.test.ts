import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECOVERY_SQL } from '../../src/main/core/outbox/outbox-store';
import { openDatabase } from '../../src/main/core/store/database';
import { useTempDirs } from '../helpers/temp-dir';

// The statements the outbox runs at every start to recover interrupted deliveries: on a node with a million
// messages a scan of either table was most of what a start cost beyond an empty node's.
const START_UP = Object.values(RECOVERY_SQL);

describe('what a node reads at start', () => {
  const tempDir = useTempDirs();

  it('reads the interrupted deliveries through an index, not a scan of the outbox or the attempts', () => {
    const db = openDatabase(join(tempDir(), 'switchboard.db'));
    for (const sql of START_UP) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('?') ? ['2026-12-01T00:00:00.000Z'] : [])) as { detail: string }[]).map((row) => row.detail);
      expect(plan.join('\n'), sql).toMatch(/USING (COVERING )?INDEX (outbox_sending|delivery_attempts_open)/);
      expect(plan.join('\n'), sql).not.toMatch(/^SCAN (outbox|delivery_attempts)$/m);
    }
    db.close();
  });
});
