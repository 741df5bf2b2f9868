import { useState, type FormEvent } from 'react';
import type { InspectionReport, TryItExchange } from '@shared/domain/inspector';
import { useTryItExchanges, useTryItPreview } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JsonBlock } from '../../components/JsonBlock';
import { formatTime } from '../../components/chips';
import { useUiActions } from '../../stores/ui-store';
import { remoteTargetOf } from './inspection-target';
import { CredentialUses } from './CredentialUses';
import { OutcomeChip } from './InspectionChips';
import { useTryIt } from './useTryIt';

const CONTEXT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The metadata box: empty, or a JSON object (what the message's `metadata` must be). */
export function parseMetadata(text: string): { value: Record<string, unknown> | undefined } | { error: string } {
  if (!text.trim()) return { value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Metadata is not valid JSON (${error instanceof Error ? error.message : 'unreadable'}). Write an object such as {"priority": "high"}.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'Metadata must be a JSON object, such as {"priority": "high"}, not a list or a single value.' };
  return { value: value as Record<string, unknown> };
}

function Responses({ responses, open }: { responses: readonly unknown[]; open?: boolean }) {
  return (
    <ol className="plain-list responses" aria-label="Raw responses">
      {responses.map((response, index) => (
        <li key={index}>
          <details open={open}>
            <summary className="small">
              Response {index + 1} of {responses.length}
            </summary>
            <JsonBlock value={response} />
          </details>
        </li>
      ))}
    </ol>
  );
}

/** One exchange: the agent's words (rendered as text), the outcome, where it was saved, and everything raw. */
export function ExchangeView({ exchange }: { exchange: TryItExchange }) {
  const { chatOpened } = useUiActions();
  return (
    <div className="exchange" data-testid="exchange">
      <div className="row">
        <OutcomeChip outcome={exchange.outcome} />
        <span className="muted small">{formatTime(exchange.at)}</span>
        <span className="spacer" />
        {exchange.savedToConversation && exchange.peerId ? (
          <button type="button" className="link-button" onClick={() => chatOpened(exchange.peerId)}>
            Saved in the conversation
          </button>
        ) : (
          <span className="muted small">scratch: not in any conversation</span>
        )}
      </div>
      {exchange.replyText ? (
        <pre className="message-text" data-testid="reply-text">
          {exchange.replyText}
        </pre>
      ) : (
        <p className="muted small">No words in the reply.</p>
      )}
      <details>
        <summary className="small">Request as sent</summary>
        <JsonBlock value={exchange.request} />
      </details>
      <Responses responses={exchange.responses} />
    </div>
  );
}

function Exchanges({ url }: { url: string }) {
  const exchanges = useTryItExchanges(url);
  if (exchanges.isError) return <ErrorNotice error={exchanges.error} action="Could not load earlier exchanges" />;
  if (!exchanges.data) return <p className="muted small">Loading earlier exchanges…</p>;
  if (exchanges.data.length === 0) return <p className="muted small">No earlier exchanges with this URL.</p>;
  return (
    <ul className="plain-list exchanges" aria-label="Earlier exchanges">
      {exchanges.data.map((exchange) => (
        <li key={exchange.id} className="exchange-item">
          <details>
            <summary>
              <span className="muted small">{formatTime(exchange.at)}</span> <OutcomeChip outcome={exchange.outcome} />{' '}
              <span className="exchange-preview">{exchange.replyText || (exchange.responses.length === 1 ? '1 response' : exchange.responses.length ? `${exchange.responses.length} responses` : 'no reply')}</span>
            </summary>
            <ExchangeView exchange={exchange} />
          </details>
        </li>
      ))}
    </ul>
  );
}

/**
 * "Try it": a test message to the agent. Preview shows the exact JSON-RPC request and the masked credentials before
 * anything leaves; Send shows answers as they stream in, then the exchange. Scratch unless saved to a known peer.
 */
export function TryIt({ report }: { report: InspectionReport }) {
  const target = remoteTargetOf(report.target);
  const [text, setText] = useState('');
  const [metadataText, setMetadataText] = useState('');
  const [contextId, setContextId] = useState('');
  const [save, setSave] = useState(false);
  const preview = useTryItPreview();
  const { send, streamed } = useTryIt();
  const metadata = parseMetadata(metadataText);
  const contextError = contextId && !CONTEXT_ID.test(contextId) ? 'A context id is 1–128 letters, digits and . _ : -' : null;
  const input = 'value' in metadata ? { target, text, ...(metadata.value ? { metadata: metadata.value } : {}), ...(contextId ? { contextId } : {}) } : null;
  const ready = input !== null && text.trim().length > 0 && !contextError;

  const edited = () => preview.reset();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || send.isPending) return;
    // The reply shows the request as sent; the preview would only repeat it.
    preview.reset();
    send.mutate({ ...input, save: save && report.target.peerId ? 'conversation' : 'scratch' });
  };

  return (
    <div className="try-it">
      <form className="form card" aria-label="Try it" onSubmit={submit}>
        <label className="field">
          <span className="field-label">Message</span>
          <textarea
            value={text}
            rows={3}
            placeholder="What to ask the agent (Ctrl+Enter sends)"
            onChange={(event) => {
              setText(event.target.value);
              edited();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
            }}
          />
        </label>
        <div className="try-it-options">
          <label className="field grow">
            <span className="field-label">Metadata (optional JSON object)</span>
            <textarea
              className="mono"
              rows={2}
              value={metadataText}
              placeholder='{"priority": "high"}'
              aria-invalid={'error' in metadata ? true : undefined}
              aria-describedby={'error' in metadata ? 'metadata-error' : undefined}
              onChange={(event) => {
                setMetadataText(event.target.value);
                edited();
              }}
            />
            {'error' in metadata ? (
              <span id="metadata-error" className="small bad-text">
                {metadata.error}
              </span>
            ) : null}
          </label>
          <label className="field">
            <span className="field-label">Context id (optional)</span>
            <input
              className="mono"
              value={contextId}
              placeholder="continue a conversation"
              aria-invalid={contextError ? true : undefined}
              onChange={(event) => {
                setContextId(event.target.value);
                edited();
              }}
            />
            {contextError ? <span className="small bad-text">{contextError}</span> : null}
          </label>
        </div>
        <div className="row">
          <button type="button" className="button" disabled={!ready || preview.isPending} onClick={() => input && preview.mutate(input)}>
            Preview
          </button>
          <button type="submit" className="button button-primary" disabled={!ready || send.isPending}>
            {send.isPending ? 'Sending…' : 'Send'}
          </button>
          {report.target.peerId ? (
            <label className="check small">
              <input type="checkbox" checked={save} onChange={(event) => setSave(event.target.checked)} /> Save into {report.target.peerName ?? 'the peer'}’s conversation
            </label>
          ) : (
            <span className="muted small">Kept as a scratch exchange: this URL is not a peer.</span>
          )}
        </div>
      </form>
      {preview.isError ? <ErrorNotice error={preview.error} action="Could not prepare the request" /> : null}
      {preview.data ? (
        <section className="card" aria-label="Preview">
          <h2>Would send</h2>
          <p>
            <span className="mono">POST</span> <code>{preview.data.url}</code>
          </p>
          <div className="small">
            <CredentialUses credentials={preview.data.credentials} empty="No credentials would go with it." />
          </div>
          <JsonBlock value={preview.data.request} testId="preview-request" label="JSON-RPC request" />
        </section>
      ) : null}
      {send.isPending ? (
        <section className="card" aria-label="Answers so far" aria-busy="true">
          <h2>Waiting for the agent</h2>
          <p className="muted small" role="status">
            {streamed.length ? `${streamed.length} answer${streamed.length === 1 ? '' : 's'} so far…` : 'Sent; no answer yet…'}
          </p>
          <Responses responses={streamed} open />
        </section>
      ) : null}
      {send.isError ? <ErrorNotice error={send.error} action="Could not send the test message" /> : null}
      {send.data ? (
        <section className="card" aria-label="Reply">
          <h2>Reply</h2>
          <ExchangeView exchange={send.data} />
        </section>
      ) : null}
      <h3 className="section-title">Earlier exchanges</h3>
      <Exchanges url={report.target.url} />
    </div>
  );
}
