import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { usePeers } from '../api/queries';
import { Dialog } from '../components/Dialog';
import { uiStore, usePaletteOpen, useUiActions } from '../stores/ui-store';
import { paletteCommands, type PaletteAction, type PaletteCommand } from './palette-commands';

/**
 * Focuses an element once it is on the page (the conversation loads its peer first), giving up after a while.
 * Started after the palette has closed, so the focus the dialog hands back does not undo it.
 */
function focusWhenShown(find: () => HTMLElement | null, timeoutMs = 3000): void {
  const attempt = () => {
    const element = find();
    if (!element) return false;
    element.focus();
    return true;
  };
  setTimeout(() => {
    if (attempt()) return;
    const observer = new MutationObserver(() => attempt() && observer.disconnect());
    observer.observe(document.body, { childList: true, subtree: true });
    setTimeout(() => observer.disconnect(), timeoutMs);
  }, 0);
}

function perform(action: PaletteAction): void {
  const ui = uiStore.getState().actions;
  switch (action.kind) {
    case 'screen':
      // The Timeline from the palette, as from the sidebar, starts unfiltered.
      return action.screen === 'timeline' ? ui.timelineShown({}) : ui.screenSelected(action.screen);
    case 'peer':
      return ui.peerShown(action.peerId);
    case 'trace':
      return ui.timelineShown({ traceId: action.traceId });
    case 'message': {
      ui.chatOpened(action.peerId);
      const label = `Message to ${action.peerName}`;
      return focusWhenShown(() => [...document.querySelectorAll<HTMLTextAreaElement>('.composer textarea')].find((area) => area.getAttribute('aria-label') === label) ?? null);
    }
  }
}

/** Ctrl/⌘-K anywhere opens the palette (and closes it again). */
export function usePaletteShortcut(): void {
  const { paletteToggled } = useUiActions();
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'k') return;
      event.preventDefault();
      paletteToggled(!uiStore.getState().paletteOpen);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [paletteToggled]);
}

function Palette({ onClose }: { onClose: () => void }) {
  const peers = usePeers();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const commands = useMemo(() => paletteCommands(query, peers.data ?? []), [query, peers.data]);
  const index = Math.min(active, commands.length - 1);
  const optionId = (i: number) => `${listId}-option-${i}`;

  useEffect(() => {
    if (index >= 0) document.getElementById(optionId(index))?.scrollIntoView?.({ block: 'nearest' });
  });

  const run = (command: PaletteCommand | undefined) => {
    if (!command) return;
    onClose();
    perform(command.action);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = commands.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count) setActive((index + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Home' || event.key === 'End') {
      if (!count) return;
      event.preventDefault();
      setActive(event.key === 'Home' ? 0 : count - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(commands[index]);
    }
  };

  return (
    <Dialog title="Command palette" onClose={onClose} className="palette">
      <input
        className="palette-input"
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={index >= 0 ? optionId(index) : undefined}
        placeholder="Go to a screen, find a peer, paste a trace id…"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul role="listbox" id={listId} aria-label="Commands" className="palette-list">
        {commands.map((command, i) => (
          <li
            key={command.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === index}
            className="palette-option"
            // The input keeps the focus (and with it the keyboard) while the mouse picks.
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => i !== index && setActive(i)}
            onClick={() => run(command)}
          >
            <span className="palette-label">{command.label}</span>
            <span className="palette-hint">{command.hint}</span>
          </li>
        ))}
      </ul>
      {commands.length === 0 ? (
        <p className="muted small palette-empty" role="status">
          Nothing matches “{query.trim()}”. Try a screen or a peer’s name, or paste a whole trace id.
        </p>
      ) : null}
      <p className="muted small palette-keys">
        <kbd>↑</kbd>
        <kbd>↓</kbd> choose · <kbd>Enter</kbd> go · <kbd>Esc</kbd> close
      </p>
    </Dialog>
  );
}

/** The command palette (UI.md, Keyboard): go to a screen, open a peer, find a trace id, write to a peer. */
export function CommandPalette() {
  const open = usePaletteOpen();
  const { paletteToggled } = useUiActions();
  usePaletteShortcut();
  return open ? <Palette onClose={() => paletteToggled(false)} /> : null;
}
