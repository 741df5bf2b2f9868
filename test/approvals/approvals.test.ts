import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Approval } from '../../src/shared/domain/approval';
import type { MessageSummary } from '../../src/shared/domain/message';
import { chatApi, invitedRequester } from '../helpers/chat';
import { nextApproval } from '../helpers/a2a';
import { useTestNodes } from '../helpers/test-node';

describe('the approvals inbox', () => {
  const nodes = useTestNodes();

  it('records a decision together with its effect: an effect that fails leaves the item pending and nothing written', async () => {
    const node = await nodes.start();
    node.db.exec('CREATE TABLE effects (note TEXT NOT NULL)');
    let fail = true;
    node.approvals.register({
      kind: 'test.question',
      label: 'test question',
      verb: 'asks',
      detail: z.object({ question: z.string() }),
      actions: () => ['approve', 'reject'],
      decide: (_approval, detail) => ({
        status: 'approved',
        commit() {
          node.db.prepare('INSERT INTO effects (note) VALUES (?)').run(`approved: ${detail.question}`);
          if (fail) throw new Error('the effect could not be stored');
        },
      }),
    });
    const item = node.approvals.create({ kind: 'test.question', peerId: null, peerName: 'someone', title: 'May I?', detail: { question: 'May I?' }, expiresInMs: null });
    const changes: Approval[] = [];
    node.events.on('approvals.changed', ({ approval }) => changes.push(approval));

    await expect(node.api.call('approvals.decide', { id: item.id, action: 'approve' })).rejects.toMatchObject({ code: 'internal_error' });
    expect(node.approvals.get(item.id)!.status).toBe('pending');
    expect(node.db.prepare('SELECT COUNT(*) AS n FROM effects').get()).toEqual({ n: 0 });
    expect(changes).toEqual([]);

    fail = false;
    expect(await node.api.call('approvals.decide', { id: item.id, action: 'approve' })).toMatchObject({ status: 'approved' });
    expect(node.db.prepare('SELECT note FROM effects').all()).toEqual([{ note: 'approved: May I?' }]);
    expect(changes.map((change) => change.status)).toEqual(['approved']);
  });

  it('parses every kind’s detail: an item whose stored detail is not what its kind holds can only be closed', async () => {
    const node = await nodes.start();
    const { api, invite, key, inviter } = await invitedRequester(node);
    await api.call('POST', '/v1/handshake/request', { key, body: { inviter_agent_id: inviter, requester_agent_id: 'bob-agent', invite_token: invite } });
    const approval = await nextApproval(node);
    node.db.prepare("UPDATE approvals SET detail = '{\"requestId\": 7}' WHERE id = ?").run(approval.id);
    expect(node.approvals.get(approval.id)!.actions).toEqual(['reject']);
    await expect(node.api.call('approvals.decide', { id: approval.id, action: 'approve' })).rejects.toMatchObject({ code: 'invalid_input' });
    // It can still be closed, so it does not wait forever; its effect (opening a session) is never run.
    expect(await node.api.call('approvals.decide', { id: approval.id, action: 'reject' })).toMatchObject({ status: 'rejected' });
    expect(node.db.prepare("SELECT status FROM chat_handshakes").get()).toEqual({ status: 'pending' });
  });

  it('tells listeners about a chat message only once it is committed (another connection already sees the row)', async () => {
    const node = await nodes.start();
    const { api, invite, key, inviter } = await invitedRequester(node);
    const requested = await api.call('POST', '/v1/handshake/request', { key, body: { inviter_agent_id: inviter, requester_agent_id: 'bob-agent', invite_token: invite } });
    await node.api.call('approvals.decide', { id: (await nextApproval(node)).id, action: 'approve' });
    const claim = await api.call('GET', `/v1/handshake/status/${requested.body.request_id as string}?agent_id=bob-agent`, { key });
    const reader = new Database(node.db.name, { readonly: true });
    const seen: { id: number; onDisk: boolean }[] = [];
    node.events.on('message.added', (message: MessageSummary) => seen.push({ id: message.id, onDisk: reader.prepare('SELECT 1 FROM messages WHERE id = ?').get(message.id) !== undefined }));
    const sent = await chatApi(node).call('POST', '/v1/messages/batch', {
      key,
      token: claim.body.session_token as string,
      body: { session_id: claim.body.session_id, sender_agent_id: 'bob-agent', messages: [{ content: 'one' }, { content: 'two' }] },
    });
    expect(sent.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen.every((entry) => entry.onDisk)).toBe(true);
    reader.close();
  });
});
