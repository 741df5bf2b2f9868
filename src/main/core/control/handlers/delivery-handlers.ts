import type { OutboxService } from '../../outbox/outbox-service';
import type { ControlHandlers } from '../control-api';

type DeliveryMethods =
  | 'messages.send'
  | 'deadLetters.list'
  | 'deadLetters.replay'
  | 'deadLetters.discard'
  | 'deadLetters.editAndReplay'
  | 'outbox.list'
  | 'outbox.retryNow'
  | 'outbox.setPaused'
  | 'outbox.setOrdered'
  | 'peers.setRetryPolicy';

export function deliveryHandlers(deps: { outbox: OutboxService }): Pick<ControlHandlers, DeliveryMethods> {
  const { outbox } = deps;
  return {
    'messages.send': (input) => outbox.send(input),
    'deadLetters.list': (filter) => ({ deadLetters: outbox.deadLetters(filter) }),
    'deadLetters.replay': (target) => outbox.replay(target),
    'deadLetters.discard': ({ ids }) => outbox.discard(ids),
    'deadLetters.editAndReplay': (input) => outbox.editAndReplay(input),
    'outbox.list': () => outbox.view(),
    'outbox.retryNow': (target) => outbox.retryNow(target),
    'outbox.setPaused': ({ peer, paused }) => outbox.setPaused(peer, paused),
    'outbox.setOrdered': ({ peer, ordered }) => outbox.setOrdered(peer, ordered),
    'peers.setRetryPolicy': ({ peer, policy }) => outbox.setPolicy(peer, policy),
  };
}
