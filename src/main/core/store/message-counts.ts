import type { NodeCounts } from '../../../shared/domain/node';
import type { Db } from './database';

export function createMessageCounts(db: Db): { read(): NodeCounts } {
  const byDirection = db.prepare('SELECT direction, COUNT(*) AS n FROM messages GROUP BY direction');
  return {
    read() {
      const counts: NodeCounts = { messagesIn: 0, messagesOut: 0 };
      for (const row of byDirection.all() as { direction: 'in' | 'out'; n: number }[]) {
        if (row.direction === 'in') counts.messagesIn = row.n;
        else counts.messagesOut = row.n;
      }
      return counts;
    },
  };
}
