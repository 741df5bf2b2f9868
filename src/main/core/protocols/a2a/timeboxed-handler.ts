import type { Message, Task } from '@a2a-js/sdk';
import type { A2ARequestHandler, ServerCallContext, TaskStore } from '@a2a-js/sdk/server';

type Params<K extends keyof A2ARequestHandler> = Parameters<A2ARequestHandler[K]>[0];

/**
 * Wraps the SDK's request handler so a blocking SendMessage waits at most `limitMs` (the operator may take hours
 * to answer) and then returns the task as it stands; the caller polls GetTask or subscribes for the rest.
 * `returnImmediately` is the SDK's own. Everything else passes straight through.
 */
export function timeboxed(inner: A2ARequestHandler, deps: { limitMs: () => number; taskIdFor: (messageId: string) => string | undefined; tasks: TaskStore; afterCancel?: (taskId: string) => Promise<void> }): A2ARequestHandler {
  return {
    getAgentCard: () => inner.getAgentCard(),
    getAuthenticatedExtendedAgentCard: (params, context) => inner.getAuthenticatedExtendedAgentCard(params, context),
    async sendMessage(params: Params<'sendMessage'>, context: ServerCallContext): Promise<Message | Task> {
      const result = inner.sendMessage(params, context);
      if (params.configuration?.returnImmediately === true) return result;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), deps.limitMs());
      });
      try {
        const first = await Promise.race([result, timedOut]);
        if (first !== 'timeout') return first;
        const taskId = deps.taskIdFor(params.message?.messageId ?? '');
        const task = taskId ? await deps.tasks.load(taskId, context) : undefined;
        if (!task) return result;
        // The SDK's promise settles later on its own; nobody is waiting for it any more.
        result.catch(() => {});
        const historyLength = params.configuration?.historyLength;
        if (historyLength !== undefined) task.history = historyLength === 0 ? [] : task.history.slice(-historyLength);
        return task;
      } finally {
        clearTimeout(timer);
      }
    },
    sendMessageStream: (params, context) => inner.sendMessageStream(params, context),
    getTask: (params, context) => inner.getTask(params, context),
    async cancelTask(params, context) {
      const task = await inner.cancelTask(params, context);
      await deps.afterCancel?.(params.id);
      return task;
    },
    createTaskPushNotificationConfig: (params, context) => inner.createTaskPushNotificationConfig(params, context),
    getTaskPushNotificationConfig: (params, context) => inner.getTaskPushNotificationConfig(params, context),
    listTaskPushNotificationConfigs: (params, context) => inner.listTaskPushNotificationConfigs(params, context),
    deleteTaskPushNotificationConfig: (params, context) => inner.deleteTaskPushNotificationConfig(params, context),
    resubscribe: (params, context) => inner.resubscribe(params, context),
    listTasks: (params, context) => inner.listTasks(params, context),
  };
}
