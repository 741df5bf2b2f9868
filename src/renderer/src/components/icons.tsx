import type { ReactNode } from 'react';

/**
 * Small inline icons. Inline SVG rather than emoji or symbol characters: those depend on the fonts installed
 * (Chromium on a bare Linux draws 🔒 as an empty box). They take the text colour; a `title` names them for
 * assistive technology, otherwise they are decoration beside a word.
 */
function Icon({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      role={title ? 'img' : undefined}
      aria-label={title}
      aria-hidden={title ? undefined : true}
      focusable="false"
    >
      {title ? <title>{title}</title> : null}
      {children}
    </svg>
  );
}

/** Encrypted (a padlock). */
export function LockIcon({ title }: { title?: string }) {
  return (
    <Icon title={title}>
      <rect x="3" y="7" width="10" height="7" rx="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
    </Icon>
  );
}

/** Something is wrong with this (a circled exclamation mark). */
export function AlertIcon({ title }: { title?: string }) {
  return (
    <Icon title={title}>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M8 4.75v3.75" />
      <path d="M8 11.2v.05" />
    </Icon>
  );
}

/** Done (a tick). */
export function CheckIcon({ title }: { title?: string }) {
  return (
    <Icon title={title}>
      <path d="M3.5 8.5l3 3 6-7" />
    </Icon>
  );
}

/** Files go with it (a paperclip). */
export function PaperclipIcon({ title }: { title?: string }) {
  return (
    <Icon title={title}>
      <path d="M13 7.5l-5.3 5.3a3.2 3.2 0 0 1-4.5-4.5l5.6-5.6a2.1 2.1 0 0 1 3 3L6.2 11.3a1.05 1.05 0 0 1-1.5-1.5L9.8 4.7" />
    </Icon>
  );
}
