import { describe, expect, it } from 'vitest';
import { createNode } from '../../src/main/core/node';
import { silentLogger } from '../../src/main/core/logger';
import { DataDirLockedError } from '../../src/main/core/data-dir/data-dir-lock';
import { useTestNodes } from '../helpers/test-node';

describe('a node', () => {
  const nodes = useTestNodes();

  it('remembers its name and public URL in the data dir across restarts', async () => {
    const dataDir = nodes.tempDir();
    const first = await createNode({ dataDir, host: '127.0.0.1', port: 0, controlPort: 0, name: 'remembered', publicUrl: 'https://sb.example.net/' }, { logger: silentLogger });
    expect(first.status()).toMatchObject({ name: 'remembered', publicUrl: 'https://sb.example.net' });
    await first.close();
    const second = await createNode({ dataDir, host: '127.0.0.1', port: 0, controlPort: 0 }, { logger: silentLogger });
    expect(second.status()).toMatchObject({ name: 'remembered', publicUrl: 'https://sb.example.net' });
    await second.close();
  });

  it('refuses a second node on the same data dir and releases the dir when closed', async () => {
    const dataDir = nodes.tempDir();
    const first = await nodes.start({ dataDir });
    await expect(createNode({ dataDir, host: '127.0.0.1', port: 0, controlPort: 0 }, { logger: silentLogger })).rejects.toThrowError(DataDirLockedError);
    const firstDir = first.status().dataDir;
    await first.close();
    const next = await nodes.start({ dataDir });
    expect(next.status().dataDir).toBe(firstDir);
  });

  it('does not keep the data dir locked when its port is taken', async () => {
    const taken = await nodes.start();
    const dataDir = nodes.tempDir();
    await expect(createNode({ dataDir, host: '127.0.0.1', port: taken.port, controlPort: 0 }, { logger: silentLogger })).rejects.toThrowError(/already in use/);
    const retry = await nodes.start({ dataDir });
    expect(retry.port).not.toBe(taken.port);
  });

  it('rejects a bad configuration with a message naming the field', async () => {
    await expect(createNode({ dataDir: nodes.tempDir(), port: 70000 }, { logger: silentLogger })).rejects.toThrowError(/port/);
    await expect(createNode({ dataDir: nodes.tempDir(), publicUrl: 'ftp://x' }, { logger: silentLogger })).rejects.toThrowError(/publicUrl/);
  });

  it('audits its start and stop', async () => {
    const dataDir = nodes.tempDir();
    const node = await createNode({ dataDir, host: '127.0.0.1', port: 0, controlPort: 0, name: 'audited', issueFirstA2aKey: false }, { logger: silentLogger });
    await node.close();
    const again = await nodes.start({ dataDir });
    // Newest first; the names tell the two runs apart, so a list in the wrong order cannot pass.
    const events = again.audit.list({ limit: 10 }).map((entry) => [entry.event, entry.details.name]);
    expect(events).toEqual([
      ['node.started', 'test-node'],
      ['node.stopped', 'audited'],
      ['node.started', 'audited'],
    ]);
  });

  it('pushes new counts when messages change and reports them in status', async () => {
    const node = await nodes.start();
    const seen: unknown[] = [];
    node.api.events.on('node.countsChanged', (payload) => seen.push(payload));
    node.db
      .prepare("INSERT INTO messages (direction, protocol, trace_id, content, status, created_at) VALUES ('in', 'secure', 't-1', 'hi', 'received', ?)")
      .run(new Date().toISOString());
    node.countsChanged();
    expect(seen).toEqual([{ counts: { messagesIn: 1, messagesOut: 0, unseenWakes: 0 } }]);
    expect(node.status().counts).toEqual({ messagesIn: 1, messagesOut: 0, unseenWakes: 0 });
  });

  it('stops answering once closed, and closing twice is harmless', async () => {
    const node = await nodes.start();
    const url = `http://127.0.0.1:${node.port}/health`;
    expect((await fetch(url)).status).toBe(200);
    await Promise.all([node.close(), node.close()]);
    await expect(fetch(url)).rejects.toThrow();
  });
});
