import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInProtocols } from '../src/shared/protocols';

/**
 * The rules of DESIGN.md that a reading of the source can check: protocols plug in (nothing outside their
 * folders branches on a protocol id), the core's folders depend on each other in one direction only, and the
 * UI's error vocabulary stays at the control boundary.
 */

const SRC = resolve('src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** Where protocol knowledge may live: the protocols' own folders in the core, the renderer and the CLI. */
const PROTOCOL_FOLDERS = ['main/core/protocols/', 'renderer/src/protocols/', 'main/headless/protocols/'];
const ids = builtInProtocols.map((protocol) => protocol.id).join('|');
/** A protocol id, or a name made from one (`a2a.request`, `chat.`), in any quotes. */
const ID = `(?<q>['"\`])(${ids})(\\.[A-Za-z_]*)?\\k<q>`;
/**
 * The ways code branches on a protocol: compared (`=== 'a2a'`, `'chat' !==`), switched on (`case 'secure'`),
 * tested by prefix or membership (`startsWith('chat.')`, `includes('a2a')`, `['a2a', 'chat'].includes(p)`), or a
 * table indexed by a peer's or message's protocol (`labels[peer.protocol]`).
 */
const BRANCHES = [
  `(===|!==|==|!=)\\s*${ID}`,
  `${ID}\\s*(===|!==|==|!=)`,
  `case\\s+${ID}`,
  `\\.(startsWith|endsWith|includes)\\(\\s*${ID}`,
  `\\[\\s*${ID}\\s*,[^\\]]*\\]\\s*\\.includes`,
  `\\[[\\w.?]*\\.protocol\\]`,
].map((source) => new RegExp(source));
const BRANCH = { test: (line: string) => BRANCHES.some((pattern) => pattern.test(line)) };

describe('the architecture', () => {
  it('has no branch on a protocol id or an approval kind outside the protocol folders', () => {
    const branches = files
      .filter((file) => !PROTOCOL_FOLDERS.some((folder) => file.path.startsWith(folder)))
      .flatMap((file) => file.text.split('\n').flatMap((line, index) => (BRANCH.test(line) ? [`${file.path}:${index + 1}: ${line.trim()}`] : [])));
    expect(branches).toEqual([]);
  });

  it('finds branches where they are (the check itself works)', () => {
    for (const branch of [
      "if (peer.protocol === 'chat') return;",
      'if (peer.protocol !== "a2a") return;',
      'const same = `secure` == protocol;',
      "approval.kind !== 'a2a.request'",
      "    case 'secure':",
      "if (method.startsWith('chat.')) refresh();",
      "if (kinds.includes('a2a')) go();",
      "if (['a2a', 'chat'].includes(peer.protocol)) go();",
      'const label = labels[peer.protocol];',
      'const label = labels[message?.protocol];',
    ]) {
      expect(BRANCH.test(branch), branch).toBe(true);
    }
    for (const plain of ["const label = 'chat';", "registry.get(peer.protocol)", "call('chat.status', input)", "const key = ['chat', peerId];"]) {
      expect(BRANCH.test(plain), plain).toBe(false);
    }
  });

  it('keeps the core folders free of cycles (each depends on others in one direction)', () => {
    const core = resolve(SRC, 'main/core');
    // A unit is a folder of the core (a protocol's folder on its own), or a file at its top; the built-in
    // protocol list and the node itself are where everything is put together, so they may import anything.
    const unitOf = (path: string) => {
      const parts = relative(core, path).split('/');
      if (parts[0] === 'protocols' && parts.length > 2) return `protocols/${parts[1]}`;
      if (parts.join('/') === 'protocols/index.ts') return 'protocols/index';
      return parts.length === 1 ? `core/${parts[0]!.replace(/\.ts$/, '')}` : parts[0]!;
    };
    const edges = new Map<string, Set<string>>();
    for (const file of files.filter((f) => f.path.startsWith('main/core/'))) {
      const from = unitOf(resolve(SRC, file.path));
      for (const [, specifier] of file.text.matchAll(/from '(\.[^']+)'/g)) {
        const target = resolve(dirname(resolve(SRC, file.path)), specifier!);
        if (!target.startsWith(core)) continue;
        const to = unitOf(statSync(target, { throwIfNoEntry: false })?.isDirectory() ? join(target, 'index.ts') : `${target}.ts`);
        if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const cycles: string[] = [];
    const visit = (unit: string, path: string[]) => {
      for (const next of edges.get(unit) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else visit(next, [...path, next]);
      }
    };
    for (const unit of edges.keys()) visit(unit, [unit]);
    expect([...new Set(cycles)]).toEqual([]);
    // The one way in to the protocols from the rest of the core is their contract and registry.
    for (const [from, to] of edges) {
      if (from.startsWith('protocols') || from === 'core/node') continue;
      expect([...to].filter((unit) => unit.startsWith('protocols/')), `${from} reaches into a protocol`).toEqual([]);
    }
  });

  it("speaks the UI's error vocabulary (ControlError) only at the control boundary", () => {
    const users = files.filter((file) => file.path.startsWith('main/core/') && /from '[^']*shared\/control-error'/.test(file.text) && !file.path.startsWith('main/core/control/'));
    expect(users.map((file) => file.path)).toEqual([]);
  });
});
