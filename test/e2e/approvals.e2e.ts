import { TaskState, type Task } from '@a2a-js/sdk';
import { describe, expect, it } from 'vitest';
import { sdkClient, sendParams, userMessage } from '../helpers/a2a';
import { screenshot, useBrowser } from './browser';
import { useServeProcesses } from './serve-process';

const answerText = (task: Task) => task.artifacts.flatMap((a) => a.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : ''))).join('');

describe('an inbound A2A request, answered by the operator in the console', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('appears in Approvals; the operator replies by hand; the SDK client receives the reply', async () => {
    const node = await sb.serve(['--name', 'operator-node']);
    // Secure by default: the first start printed a key, once.
    const key = /A2A API key "default" \(shown only now[^\n]*\n {2}(\S+)\n/.exec(node.stdout())?.[1];
    expect(key).toBeTruthy();
    expect(node.stderr()).not.toContain(key);

    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByRole('button', { name: /^Approvals/ }).click();
    await expect.poll(() => page.getByText('Nothing is waiting for you.').count()).toBe(1);

    const client = await sdkClient({ port: node.port }, key!);
    const blocking = client.sendMessage(sendParams(userMessage('Can you approve the deploy of build 412?')));
    const item = page.getByTestId('approval').filter({ hasText: 'Can you approve the deploy of build 412?' });
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending');
    await expect.poll(() => page.getByRole('button', { name: /^Approvals/ }).textContent()).toBe('Approvals1');
    expect(await item.getByTestId('approval-expiry').textContent()).toMatch(/^expires in 23h 59m|^expires in 1d/);
    await screenshot(page, 'approvals-pending');

    // Keyboard only: focus the item, Enter opens the answer box, Enter sends.
    await item.focus();
    await page.keyboard.press('Enter');
    const answer = item.getByRole('textbox', { name: 'Answer to default' });
    await answer.fill('Approved: ship build 412.');
    await answer.press('Enter');

    const task = (await blocking) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerText(task)).toBe('Approved: ship build 412.');
    await expect.poll(() => item.getAttribute('data-status')).toBe('answered');
    expect(await item.textContent()).toContain('You answered');
    await screenshot(page, 'approvals-answered');

    // The chat window answers a waiting request too.
    const queued = (await client.sendMessage(sendParams(userMessage('And the changelog?'), { returnImmediately: true }))) as Task;
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /^default/ }).click();
    await expect.poll(() => page.getByTestId('waiting-request').textContent(), { timeout: 10_000 }).toContain('And the changelog?');
    const composer = page.getByLabel('Message to default');
    await composer.fill('It is in the release notes.');
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await expect
      .poll(async () => (await client.getTask({ tenant: '', id: queued.id, historyLength: undefined })).status?.state, { timeout: 10_000 })
      .toBe(TaskState.TASK_STATE_COMPLETED);
    await expect.poll(() => page.getByTestId('chat-bubble').filter({ hasText: 'It is in the release notes.' }).count()).toBe(1);
    await screenshot(page, 'chat-a2a-answer');

    await page.getByRole('button', { name: 'Keys' }).click();
    await expect.poll(() => page.getByTestId('api-key-row').count()).toBe(1);
    expect(await page.getByTestId('api-key-row').textContent()).toContain(`${key!.slice(0, 4)}…${key!.slice(-4)}`);
    expect(await page.content()).not.toContain(key);
    await screenshot(page, 'keys');
  });
});
