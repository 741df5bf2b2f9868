import type { ComposerOptionsProps, SendOptions } from '../types';

/** The options without "new conversation": it holds for one message, then the thread continues in its context. */
export function continueConversation({ newContext: _, ...rest }: SendOptions): SendOptions {
  return rest;
}

export function NewConversationOption({ options, onChange, answering }: ComposerOptionsProps) {
  return (
    <label className="check" title="Start a new A2A conversation (contextId) instead of continuing the current one">
      <input type="checkbox" checked={options.newContext === true} disabled={answering} onChange={(event) => onChange(event.target.checked ? { ...options, newContext: true } : continueConversation(options))} /> New conversation
    </label>
  );
}
