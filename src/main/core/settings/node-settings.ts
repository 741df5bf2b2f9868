import { z } from 'zod';
import { baseUrl, nodeName } from '../../../shared/contract';
import type { NodeSettings } from '../../../shared/domain/node';
import type { AuditLog } from '../store/audit-log';
import type { SettingsStore } from '../store/settings-store';
import type { UnitOfWork } from '../store/unit-of-work';
import { parseInput } from '../validation';
import type { SettingsSlice } from './settings-slice';

const NAME = 'node.name';
const PUBLIC_URL = 'node.publicUrl';
const PORT = 'node.port';
const SETUP_DONE = 'node.setupDone';
/** The public listener's port when neither the settings nor a flag name one. */
export const DEFAULT_LISTEN_PORT = 8080;

export interface NodeSettingsService {
  name(): string;
  publicUrl(): string | null;
  /** The port to listen on when the command line does not say (Settings › Node, the first-run setup). */
  port(): number;
  /** Whether the first-run setup was finished or skipped. */
  setupDone(): boolean;
  /** Adds an owner's slice; its keys must not clash with another's. */
  register(slice: SettingsSlice): void;
  /** What the command line or the desktop said at start (`--name`, `--public-url`): remembered, like a change. */
  startWith(values: { name?: string | undefined; publicUrl?: string | undefined }): void;
  get(): NodeSettings;
  /** Validates the whole patch against every owner's schema, then stores it in one unit of work. */
  update(patch: Record<string, unknown>): NodeSettings;
}

/** The chat agent id a node has until the operator picks one: its name, in the characters agent ids allow. */
export function agentIdFor(name: string): string {
  const id = name.replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128);
  return id || 'switchboard';
}

/** The node's own settings, kept in the database so they travel with the data dir. */
export function createNodeSettings(deps: { store: SettingsStore; uow: UnitOfWork; audit: AuditLog; defaultName: string }): NodeSettingsService {
  const { store } = deps;
  const name = () => store.get<string>(NAME) ?? deps.defaultName;
  const publicUrl = () => store.get<string | null>(PUBLIC_URL) ?? null;
  const port = () => store.get<number>(PORT) ?? DEFAULT_LISTEN_PORT;
  const setupDone = () => store.get<boolean>(SETUP_DONE) === true;
  const identity: SettingsSlice = {
    fields: { name: nodeName, publicUrl: baseUrl.nullable(), port: z.number().int().min(1, 'must be a port from 1 to 65535').max(65535, 'must be a port from 1 to 65535'), setupDone: z.boolean() },
    read: () => ({ name: name(), publicUrl: publicUrl(), port: port(), setupDone: setupDone() }),
    write(patch) {
      if (patch.name !== undefined) store.set(NAME, patch.name);
      if (patch.publicUrl !== undefined) store.set(PUBLIC_URL, patch.publicUrl);
      if (patch.port !== undefined) store.set(PORT, patch.port);
      if (patch.setupDone !== undefined) store.set(SETUP_DONE, patch.setupDone);
    },
  };
  const slices: SettingsSlice[] = [identity];
  let schema: z.ZodObject | null = null;

  const get = () => Object.assign({}, ...slices.map((slice) => slice.read())) as NodeSettings;

  return {
    name,
    publicUrl,
    port,
    setupDone,
    register(slice) {
      const taken = Object.keys(slice.fields).filter((key) => slices.some((other) => key in other.fields));
      if (taken.length > 0) throw new Error(`Two settings slices declare ${taken.join(', ')}.`);
      slices.push(slice);
      schema = null;
    },
    startWith(values) {
      identity.write(values);
    },
    get,
    update(raw) {
      schema ??= z.object(Object.assign({}, ...slices.map((slice) => slice.fields)) as z.ZodRawShape).partial().strict();
      const patch = parseInput(schema, raw) as Record<string, unknown>;
      const changed = Object.keys(patch).filter((key) => patch[key] !== undefined);
      return deps.uow.run('settings.update', () => {
        for (const slice of slices) {
          const mine = Object.fromEntries(Object.keys(slice.fields).filter((key) => patch[key] !== undefined).map((key) => [key, patch[key]]));
          if (Object.keys(mine).length > 0) slice.write(mine);
        }
        if (changed.length > 0) deps.audit.audit('settings.updated', { fields: changed });
        const next = get();
        deps.uow.events.emit('settings.changed', next);
        return next;
      });
    },
  };
}
