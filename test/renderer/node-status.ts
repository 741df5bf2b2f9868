import type { NodeStatus } from '@shared/domain/node';

/** A node's status as the renderer tests need it; each test overrides what it is about. */
export function nodeStatus(overrides: Partial<NodeStatus> = {}): NodeStatus {
  return {
    name: 'n',
    version: '0',
    bindHost: '0.0.0.0',
    port: 8080,
    listeningUrl: 'http://127.0.0.1:8080',
    publicUrl: null,
    startedAt: new Date().toISOString(),
    uptimeSeconds: 1,
    dataDir: '/d',
    vaultBackend: 'file',
    counts: { messagesIn: 0, messagesOut: 0, unseenWakes: 0 },
    receiving: { paused: false, since: null },
    delivery: { queued: 0, dead: 0 },
    console: { url: 'http://127.0.0.1:7180', tokenRotatedAt: null },
    storage: { full: false, since: null, lastBackup: null },
    ...overrides,
  };
}
