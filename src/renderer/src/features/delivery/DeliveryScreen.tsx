import { useDeadLetters, useOutbox } from '../../api/queries';
import { useDeliveryTab, useUiActions } from '../../stores/ui-store';
import { DeadLettersTab } from './DeadLettersTab';
import { OutboxTab } from './OutboxTab';

/** Repair: what is waiting to go out, and what could not be delivered. */
export function DeliveryScreen() {
  const tab = useDeliveryTab();
  const { deliveryTabSelected } = useUiActions();
  const waiting = useOutbox().data?.items.length ?? 0;
  const dead = useDeadLetters('').data?.length ?? 0;
  const tabs = [
    { id: 'outbox' as const, label: `Outbox (${waiting})` },
    { id: 'dead' as const, label: `Dead letters (${dead})` },
  ];
  return (
    <section className="screen" aria-labelledby="delivery-title">
      <header className="screen-header">
        <h1 id="delivery-title">Delivery</h1>
      </header>
      <div role="tablist" aria-label="Delivery" className="tabs">
        {tabs.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`panel-${item.id}`}
            className="tab"
            onClick={() => deliveryTabSelected(item.id)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') deliveryTabSelected(tab === 'outbox' ? 'dead' : 'outbox');
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'outbox' ? <OutboxTab /> : <DeadLettersTab />}
      </div>
    </section>
  );
}
