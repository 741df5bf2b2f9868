/**
 * Numbered migrations, applied in order, each in its own transaction and recorded in `schema_migrations` with a
 * checksum, so an edited migration that was already applied is refused instead of silently diverging.
 * Never edit a migration once it has shipped; add the next number.
 */
import { m001Initial } from './001-initial';
import { m002PeersMessages } from './002-peers-messages';
import { m003MessageCounters } from './003-message-counters';
import { m004Outbox } from './004-outbox';
import { m005A2a } from './005-a2a';
import { m006Chat } from './006-chat';
import { m007OpenProtocols } from './007-open-protocols';
import { m008Inspector } from './008-inspector';
import { m009InspectorSeen } from './009-inspector-seen';
import { m010Console } from './010-console';
import { m011ChatTrace } from './011-chat-trace';
import { m012Redrive } from './012-redrive';
import { m013SeedReads } from './013-seed-reads';
import { m014Attachments } from './014-attachments';
import { m015A2aPush } from './015-a2a-push';
import { m016MessageSearch } from './016-message-search';
import { m017StartUpIndexes } from './017-start-up-indexes';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds tables others refer to: foreign keys are off while it runs (a DROP would otherwise
   * cascade), and every reference is checked before it commits.
   */
  foreignKeysOff?: boolean;
}

export const migrations: readonly Migration[] = [m001Initial, m002PeersMessages, m003MessageCounters, m004Outbox, m005A2a, m006Chat, m007OpenProtocols, m008Inspector, m009InspectorSeen, m010Console, m011ChatTrace, m012Redrive, m013SeedReads, m014Attachments, m015A2aPush, m016MessageSearch, m017StartUpIndexes];
