/** The node counts unread messages up to 1,000 per conversation: past 999 the badge says "999+". */
export const UNREAD_SHOWN_MAX = 999;

export function formatUnread(count: number): string {
  return count > UNREAD_SHOWN_MAX ? `${UNREAD_SHOWN_MAX}+` : String(count);
}
