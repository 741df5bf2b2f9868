import { useNodeStatus, useSettings } from '../../api/queries';

/**
 * What someone needs, with an invite token, to ask this node for a chat: its agent id and the server URL (the
 * public URL when set, else the listening URL — reachable from outside only if this machine is).
 */
export function useChatAddress(): { agentId: string | null; serverUrl: string | null; isPublic: boolean } {
  const settings = useSettings().data;
  const status = useNodeStatus().data;
  const publicUrl = settings?.publicUrl ?? status?.publicUrl ?? null;
  return { agentId: settings?.chat.agentId ?? null, serverUrl: publicUrl ?? status?.listeningUrl ?? null, isPublic: publicUrl !== null };
}
