import { describe, expect, it } from 'vitest';
import type { MessageFilter } from '../../src/shared/domain/message';
import { useTestNodes } from '../helpers/test-node';

/** One value for each filter the Timeline offers (TimelineFilters.tsx); the text is long enough for the index. */
const FILTERS: Required<MessageFilter> = { peerId: 'peer_a', direction: 'in', status: 'received', protocol: 'secure', traceId: 'trace-7', text: 'number 7' };

function everyCombination(): MessageFilter[] {
  const keys = Object.keys(FILTERS) as (keyof MessageFilter)[];
  return Array.from({ length: 2 ** keys.length }, (_, mask) => Object.fromEntries(keys.filter((_, bit) => mask & (1 << bit)).map((key) => [key, FILTERS[key]])) as MessageFilter);
}

describe('the Timeline lists use indexes', () => {
  const nodes = useTestNodes();

  it('no list the UI can filter reads the whole messages table, for its page or for its count', async () => {
    const node = await nodes.start();
    node.db
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
         INSERT INTO messages (peer_name, direction, protocol, trace_id, content, status, created_at)
         SELECT 'bulk', CASE WHEN i % 3 THEN 'in' ELSE 'out' END, CASE WHEN i % 5 THEN 'secure' ELSE 'a2a' END, 'trace-' || i, 'message number ' || i,
           CASE WHEN i % 3 THEN 'received' ELSE 'delivered' END, '2026-12-01T00:00:00.000Z' FROM n`,
      )
      .run();
    node.db.exec('ANALYZE');
    const combinations = everyCombination();
    expect(combinations).toHaveLength(64);
    for (const filter of combinations) {
      const { page, count } = node.messages.listPlan(filter);
      const label = JSON.stringify(filter);
      // "SCAN m" is a pass over every row (or every entry of an index); FTS5's own "SCAN f VIRTUAL TABLE" is a lookup.
      expect(page.filter((step) => /^SCAN m\b/.test(step)), label).toEqual([]);
      expect(count.filter((step) => /^SCAN m\b/.test(step)), label).toEqual([]);
      if (filter.text) expect(page.join(' '), label).toMatch(/VIRTUAL TABLE/);
    }
    // The unfiltered page and a direction are counted by the counters table (migration 003), not by a query.
    expect(node.messages.listPlan({}).count).toEqual([]);
    expect(node.messages.listPlan({ direction: 'out' }).count).toEqual([]);
    // A two-filter list walks its composite index (migration 016), not one filter's rows testing the other.
    expect(node.messages.listPlan({ peerId: 'peer_a', status: 'dead' }).count.join(' ')).toMatch(/messages_peer_status/);
  });

  it('a term under three characters has no trigram: it keeps the LIKE scan (the one documented exception)', async () => {
    const node = await nodes.start();
    const { page, count } = node.messages.listPlan({ text: 'ok' });
    expect(page.join(' ')).not.toMatch(/VIRTUAL TABLE/);
    expect(count.join(' ')).toMatch(/SCAN m/);
  });
});
