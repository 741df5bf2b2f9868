import type { MessageFilter } from '../../../shared/domain/message';

/** The trigram tokenizer indexes runs of three characters: a shorter term has nothing to look up. */
const TRIGRAM = 3;

/**
 * How many matches a filtered page counts before it stops and says "at least": an exact count of a wide filter
 * would read every matching index entry (a million for a common word), on the thread that also serves peers.
 * A text search pays per candidate for the phrase match and the LIKE check, so it stops sooner.
 */
export const COUNT_CAP = 10_000;
export const TEXT_COUNT_CAP = 1_000;

/**
 * A Timeline filter as SQL over `messages m`: the tables to read (`messages_fts f` first when the search index
 * can answer the text), the conditions and their parameters, and the id column to page and order by (the index's
 * rowid when it drives, so FTS5 returns newest first and stops at the page's end instead of sorting all matches).
 */
export interface FilterSql {
  from: string;
  where: string;
  params: unknown[];
  id: 'm.id' | 'f.rowid';
  /** The text is searched through the index (a term of three characters or more). */
  indexed: boolean;
}

export function filterSql(filter: MessageFilter): FilterSql {
  const parts: string[] = [];
  const params: unknown[] = [];
  let indexed = false;
  if (filter.text) {
    // The index finds candidates, LIKE decides: FTS5 folds case beyond ASCII and LIKE does not, so the candidates
    // are a superset and the answer is exactly the LIKE query's (migration 016).
    indexed = [...filter.text].length >= TRIGRAM;
    if (indexed) {
      parts.push('messages_fts MATCH ?');
      params.push(trigramQuery(filter.text));
    }
    parts.push("m.content LIKE ? ESCAPE '\\'");
    params.push(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const equal = (column: string, value: string | undefined) => {
    if (!value) return;
    parts.push(`${column} = ?`);
    params.push(value);
  };
  equal('m.peer_id', filter.peerId);
  equal('m.direction', filter.direction);
  equal('m.status', filter.status);
  equal('m.protocol', filter.protocol);
  equal('m.trace_id', filter.traceId);
  return {
    from: indexed ? 'messages_fts f JOIN messages m ON m.id = f.rowid' : 'messages m',
    where: parts.length ? parts.join(' AND ') : '1',
    params,
    id: indexed ? 'f.rowid' : 'm.id',
    indexed,
  };
}

/**
 * Every trigram of the term, each an FTS5 string (double quotes, quotes doubled: literal, never query syntax), all
 * required. The index keeps no positions (detail=none), so this is the question it can answer: which rows hold all
 * of them. Characters, not UTF-16 units: the tokenizer counts code points.
 */
export function trigramQuery(text: string): string {
  const chars = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + TRIGRAM <= chars.length; i += 1) grams.add(chars.slice(i, i + TRIGRAM).join(''));
  return [...grams].map((gram) => `"${gram.replace(/"/g, '""')}"`).join(' AND ');
}
