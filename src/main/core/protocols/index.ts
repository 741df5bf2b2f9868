import { a2aProtocol } from './a2a/a2a-protocol';
import { chatProtocol } from './chat/chat-protocol';
import type { ProtocolModule } from './protocol';
import { secureProtocol } from './secure/secure-protocol';

/** The protocols a node speaks, in the order the UI lists them (the same order as shared/protocols.ts). */
export const builtInProtocolModules: readonly ProtocolModule[] = [secureProtocol, a2aProtocol, chatProtocol];
