import type { ReactNode } from 'react';
import type { ScreenId } from '../stores/ui-store';

/** Line drawings for the sidebar (inline SVG: symbol fonts are not there on every machine). Decoration: the label names the screen. */
const drawings: Record<ScreenId | 'palette' | 'sidebar', ReactNode> = {
  dashboard: (
    <>
      <rect x="2" y="2" width="5" height="6" rx="1" />
      <rect x="9" y="2" width="5" height="3" rx="1" />
      <rect x="9" y="7" width="5" height="7" rx="1" />
      <rect x="2" y="10" width="5" height="4" rx="1" />
    </>
  ),
  conversations: <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />,
  timeline: (
    <>
      <path d="M5 4h9M5 8h9M5 12h9" />
      <circle cx="2.5" cy="4" r=".6" />
      <circle cx="2.5" cy="8" r=".6" />
      <circle cx="2.5" cy="12" r=".6" />
    </>
  ),
  approvals: (
    <>
      <rect x="2" y="2" width="12" height="12" rx="2" />
      <path d="M5 8.2l2 2 4-4.4" />
    </>
  ),
  peers: (
    <>
      <circle cx="6" cy="5.5" r="2.5" />
      <path d="M1.5 14c0-2.6 2-4.5 4.5-4.5s4.5 1.9 4.5 4.5" />
      <path d="M10.5 3.2a2.4 2.4 0 0 1 0 4.6M12 9.8c1.5.6 2.5 2.2 2.5 4.2" />
    </>
  ),
  keys: (
    <>
      <circle cx="5" cy="11" r="3" />
      <path d="M7.2 8.8L14 2M11 5l2 2M12.5 3.5l1.5 1.5" />
    </>
  ),
  delivery: <path d="M14 2L7 9M14 2l-4.5 12L7 9 2 6.5z" />,
  inspector: (
    <>
      <path d="M8 1.8l5.5 2v4c0 3.2-2.3 5.5-5.5 6.4C4.8 13.3 2.5 11 2.5 7.8v-4z" />
      <path d="M5.6 8l1.7 1.7 3.2-3.4" />
    </>
  ),
  settings: (
    <>
      <path d="M2 4h7M12 4h2M2 8h2M7 8h7M2 12h8M13 12h1" />
      <circle cx="10.5" cy="4" r="1.5" />
      <circle cx="5.5" cy="8" r="1.5" />
      <circle cx="11.5" cy="12" r="1.5" />
    </>
  ),
  palette: (
    <>
      <circle cx="7" cy="7" r="4.5" />
      <path d="M10.4 10.4L14 14" />
    </>
  ),
  sidebar: (
    <>
      <rect x="1.8" y="2.5" width="12.4" height="11" rx="1.5" />
      <path d="M6 2.5v11" />
    </>
  ),
};

export function ScreenIcon({ screen }: { screen: keyof typeof drawings }) {
  return (
    <svg
      className="icon screen-icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {drawings[screen]}
    </svg>
  );
}
