import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import { CliFailure } from '../cli-context';
import type { CliProtocol } from './cli-protocol';
import { outboundSecretRow } from './shared-rows';

/** a2a-secure on the command line: per-peer secrets and the AES key, the card's skills, the legacy secret. */
export const secureCli: CliProtocol = {
  id: 'secure',
  peerOptions: [
    new Option('--generate-inbound-secret', 'a2a-secure: generate the secret this peer will present to you (printed once)'),
    new Option('--inbound-secret <secret>', 'a2a-secure: the secret this peer will present to you'),
    new Option('--generate-aes-key', 'a2a-secure: generate an AES-256 key for encrypted messages (printed once)'),
    new Option('--aes-key-file <file>', 'a2a-secure: an AES-256 key file as `openssl rand -hex 32` writes it'),
  ],
  peerInput(options, io) {
    if (options.generateInboundSecret && options.inboundSecret) throw new CliFailure('Use either --generate-inbound-secret or --inbound-secret, not both.');
    if (options.generateAesKey && options.aesKeyFile) throw new CliFailure('Use either --generate-aes-key or --aes-key-file, not both.');
    let aesKey: string | undefined;
    if (typeof options.aesKeyFile === 'string') {
      try {
        aesKey = (io.readFile ?? ((path: string) => readFileSync(path, 'utf8')))(options.aesKeyFile).trim();
      } catch (error) {
        throw new CliFailure(`Could not read the AES key file ${options.aesKeyFile}: ${(error as Error).message}`);
      }
    }
    return {
      ...(options.generateInboundSecret ? { inboundSecret: 'generate' } : typeof options.inboundSecret === 'string' ? { inboundSecret: options.inboundSecret } : {}),
      ...(options.generateAesKey ? { aesKey: 'generate' } : aesKey ? { aesKey } : {}),
    };
  },
  added({ peer, generated }, _options, io) {
    if (generated.inboundSecret) io.stdout(`Inbound secret (give it to ${peer.name}; it is shown only now):\n  ${generated.inboundSecret}\n`);
    if (generated.aesKey) io.stdout(`AES-256 key (share it with ${peer.name} over a secure channel; shown only now):\n  ${generated.aesKey}\n`);
    if (peer.inboundSecrets.length === 0) io.stdout(`Note: ${peer.name} has no inbound secret yet, so it cannot send to you.\n`);
  },
  peerRows: (peer) => [
    ['Inbound secrets', peer.inboundSecrets.length ? peer.inboundSecrets.map((s) => `${s.hint}${s.expiresAt ? ` (expires ${s.expiresAt})` : ''}`).join(', ') : 'none (this peer cannot reach you yet)'],
    outboundSecretRow(peer),
    ['AES key', peer.hasAesKey ? 'set' : 'not set'],
  ],
  settingsOptions: [
    new Option('--skills <list>', 'comma-separated skills for the a2a-secure card'),
    new Option('--legacy-secret <secret>', "accept the seed's one shared secret from any sender (identity is then only claimed)"),
    new Option('--clear-legacy-secret', 'stop accepting the legacy shared secret'),
  ],
  settingsPatch: (options) => ({
    ...(typeof options.skills === 'string' ? { skills: options.skills.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    ...(typeof options.legacySecret === 'string' ? { legacySecret: options.legacySecret } : {}),
    ...(options.clearLegacySecret ? { legacySecret: null } : {}),
  }),
  settingsRows: (settings) => [
    ['Skills', settings.skills.join(', ') || 'none'],
    ['Legacy secret', settings.legacySecretSet ? 'set (seed-style senders accepted)' : 'not set'],
  ],
};
