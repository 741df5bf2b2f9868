import { CopyButton } from './CopyButton';
import { Dialog } from './Dialog';

export interface ShownSecret {
  label: string;
  value: string;
  hint: string;
}

/** Something that goes with the secrets and is no secret (an agent id, the URL to reach this node): shown with copy. */
export interface HandedOutFact {
  label: string;
  value: string;
}

/**
 * Shows freshly generated secrets once, with copy buttons; after closing, only hints remain. `handOut` lists
 * what the receiver needs with them (kept visible elsewhere, so not "shown once").
 */
export function SecretOnceDialog({ title, secrets, onClose, handOut = [] }: { title: string; secrets: ShownSecret[]; onClose: () => void; handOut?: HandedOutFact[] }) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <button type="button" className="button button-primary" onClick={onClose}>
          I have saved {secrets.length > 1 ? 'them' : 'it'}
        </button>
      }
    >
      <p className="notice notice-warn">This is the only time {secrets.length > 1 ? 'these are' : 'this is'} shown. Copy {secrets.length > 1 ? 'them' : 'it'} now.</p>
      {secrets.map((secret) => (
        <div key={secret.label} className="secret-once">
          <div className="field-label">{secret.label}</div>
          <code className="secret-value" data-testid={`secret-${secret.label.toLowerCase().replace(/\W+/g, '-')}`}>
            {secret.value}
          </code>{' '}
          <CopyButton value={secret.value} label={secret.label} />
          <p className="muted small">{secret.hint}</p>
        </div>
      ))}
      {handOut.length > 0 ? (
        <dl className="hand-out" aria-label="Hand out with it">
          {handOut.map((fact) => (
            <div key={fact.label} className="hand-out-fact">
              <dt className="field-label">{fact.label}</dt>
              <dd>
                <code data-testid={`hand-out-${fact.label.toLowerCase().replace(/\W+/g, '-')}`}>{fact.value}</code> <CopyButton value={fact.value} label={fact.label} />
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </Dialog>
  );
}
