import { CopyButton } from './CopyButton';
import { Dialog } from './Dialog';

export interface ShownSecret {
  label: string;
  value: string;
  hint: string;
}

/** Shows freshly generated secrets once, with copy buttons; after closing, only hints remain. */
export function SecretOnceDialog({ title, secrets, onClose }: { title: string; secrets: ShownSecret[]; onClose: () => void }) {
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
    </Dialog>
  );
}
