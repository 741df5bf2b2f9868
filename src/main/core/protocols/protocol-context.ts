import type { FastifyInstance } from 'fastify';
import type { MessageSummary } from '../../../shared/domain/message';
import type { ApprovalsService } from '../approvals/approvals-service';
import type { Clock } from '../clock';
import type { EventBus } from '../control/event-bus';
import type { Vault } from '../crypto/vault';
import type { Logger } from '../logger';
import type { NodeSettingsService } from '../settings/node-settings';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/database';
import type { MessageStore } from '../store/message-store';
import type { PeerStore } from '../store/peer-store';

/** What every protocol that mounts on the public listener and writes to the timeline is built from. */
export interface ProtocolContext {
  app: FastifyInstance;
  db: Db;
  vault: Vault;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  audit: AuditLog;
  peers: PeerStore;
  messages: MessageStore;
  settings: NodeSettingsService;
  approvals: ApprovalsService;
  /** A message reached the timeline (the UI and the counts are told). */
  onMessage: (message: MessageSummary) => void;
}
