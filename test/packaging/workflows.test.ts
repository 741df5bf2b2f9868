import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

/**
 * What a reading of the release machinery can check before GitHub runs it: the workflows and
 * electron-builder.yml parse, name only scripts and files that exist, upload every installer, keep each signing
 * secret on its own OS, smoke-test every packaged app, and publish from one job that alone may write.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const WORKFLOWS = join(ROOT, '.github/workflows');

type Os = 'macOS' | 'Windows' | 'Linux';
const ALL_OS: Os[] = ['macOS', 'Windows', 'Linux'];

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, unknown>;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: string;
  if?: string;
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: unknown;
  permissions?: Record<string, string> | string;
  env?: Record<string, unknown>;
  strategy?: { matrix?: { os?: string[]; include?: { os?: string }[] } };
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function readYaml<T>(path: string): T {
  const document = parseDocument(readFileSync(path, 'utf8'));
  if (document.errors.length > 0) throw new Error(`${path}: ${document.errors.map((error) => error.message).join('; ')}`);
  return document.toJS() as T;
}

const workflowFiles = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
const workflows = new Map(workflowFiles.map((name) => [name, readYaml<Workflow>(join(WORKFLOWS, name))]));
const release = workflows.get('release.yml')!;
const builder = readYaml<Record<string, unknown> & { mac?: Record<string, unknown>; nsis?: Record<string, unknown> }>(join(ROOT, 'electron-builder.yml'));
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

const allSteps = [...workflows].flatMap(([file, workflow]) =>
  Object.entries(workflow.jobs).flatMap(([jobId, job]) => (job.steps ?? []).map((step) => ({ file, jobId, job, step }))),
);
const runs = allSteps.filter(({ step }) => typeof step.run === 'string').map(({ file, jobId, step }) => ({ where: `${file} ${jobId}`, run: step.run! }));

/** `runs-on: macos-latest` → macOS; `${{ matrix.os }}` → every OS of the matrix. */
function jobOses(job: Job): Os[] {
  const osOf = (label: string): Os | null => (/^macos/i.test(label) ? 'macOS' : /^windows/i.test(label) ? 'Windows' : /^ubuntu/i.test(label) ? 'Linux' : null);
  const runsOn = job['runs-on'] ?? '';
  const labels = /\$\{\{\s*matrix\.os\s*\}\}/.test(runsOn)
    ? [...(job.strategy?.matrix?.os ?? []), ...(job.strategy?.matrix?.include ?? []).map((entry) => entry.os ?? '')]
    : [runsOn];
  const oses = labels.map(osOf);
  // An expression or label this cannot read runs anywhere, as far as this test knows.
  return oses.includes(null) || oses.length === 0 ? ALL_OS : [...new Set(oses as Os[])];
}

/** A step whose whole condition is `runner.os == '<OS>'` runs only there; any other condition restricts nothing. */
function stepOses(job: Job, step: Step): Os[] {
  const only = /^\s*(?:\$\{\{\s*)?runner\.os\s*==\s*'(macOS|Windows|Linux)'\s*(?:\}\})?\s*$/.exec(step.if ?? '')?.[1] as Os | undefined;
  return jobOses(job).filter((os) => only === undefined || os === only);
}

/** Which OS a secret belongs to, by its name; null for secrets every OS may see (GITHUB_TOKEN). */
function secretOs(name: string): Os | null {
  if (/^(MAC_|APPLE_)/.test(name)) return 'macOS';
  if (/^WIN_/.test(name)) return 'Windows';
  return null;
}

function secretsIn(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
}

describe('the workflows', () => {
  it('all parse as YAML with triggers and jobs', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'release.yml', 'desktop-e2e.yml']));
    for (const [file, workflow] of workflows) {
      expect(workflow.on, file).toBeTruthy();
      expect(Object.keys(workflow.jobs ?? {}).length, file).toBeGreaterThan(0);
    }
  });

  it('run only package.json scripts that exist', () => {
    const named = runs.flatMap(({ where, run }) =>
      [...run.matchAll(/\bnpm\s+(?:run(?:-script)?\s+(?:--?[\w-]+\s+)*([\w:.-]+)|(test|start)\b)/g)].map((match) => ({ where, script: match[1] ?? match[2]! })),
    );
    expect(named.map(({ script }) => script)).toEqual(expect.arrayContaining(['build', 'test', 'test:desktop-e2e']));
    for (const { where, script } of named) expect(scripts[script], `${where}: npm run ${script}`).toBeDefined();
  });

  it('run only files that exist (node <file>, bash <file>) and call only local workflows that exist', () => {
    const files = runs.flatMap(({ where, run }) =>
      [...run.matchAll(/(?:^|[\s;&|(])(?:node|bash)\s+(?!-)([^\s;&|)]+)/gm)].map((match) => ({ where, file: match[1]! })),
    );
    expect(files.map(({ file }) => file)).toEqual(expect.arrayContaining(['.ci/run', 'scripts/electron-sqlite.mjs']));
    for (const { where, file } of files) expect(existsSync(join(ROOT, file)), `${where}: ${file}`).toBe(true);
    const local = [...workflows].flatMap(([file, workflow]) =>
      [...Object.values(workflow.jobs).map((job) => job.uses), ...Object.values(workflow.jobs).flatMap((job) => (job.steps ?? []).map((step) => step.uses))]
        .filter((uses): uses is string => typeof uses === 'string' && uses.startsWith('./'))
        .map((uses) => ({ file, uses })),
    );
    expect(local.length).toBeGreaterThan(0);
    for (const { file, uses } of local) expect(existsSync(join(ROOT, uses)), `${file}: ${uses}`).toBe(true);
  });

  it('keep every signing secret on its own OS', () => {
    const uses: { where: string; secret: string; oses: Os[] }[] = [];
    for (const [file, workflow] of workflows) {
      for (const secret of secretsIn(workflow.env)) uses.push({ where: `${file} env`, secret, oses: ALL_OS });
      for (const [jobId, job] of Object.entries(workflow.jobs)) {
        expect(job.secrets, `${file} ${jobId} passes secrets to a called workflow`).toBeUndefined();
        for (const secret of secretsIn({ env: job.env, with: job.with })) uses.push({ where: `${file} ${jobId} env`, secret, oses: jobOses(job) });
        for (const step of job.steps ?? []) {
          for (const secret of secretsIn({ env: step.env, with: step.with, run: step.run })) uses.push({ where: `${file} ${jobId} "${step.name ?? step.run ?? step.uses}"`, secret, oses: stepOses(job, step) });
        }
      }
    }
    // The certificates and notarisation secrets are used, each in a step that runs on its OS alone.
    const used = (secret: string) => [...new Set(uses.filter((use) => use.secret === secret).flatMap((use) => use.oses))];
    expect(used('MAC_CERT_P12_BASE64')).toEqual(['macOS']);
    expect(used('APPLE_ID')).toEqual(['macOS']);
    expect(used('WIN_CSC_LINK')).toEqual(['Windows']);
    for (const { where, secret, oses } of uses) {
      const os = secretOs(secret);
      if (os !== null) expect(oses, `${where}: secrets.${secret} may reach ${oses.join(', ')}`).toEqual([os]);
    }
  });
});

describe('release.yml', () => {
  const jobs = release.jobs;
  const needs = (job: Job) => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []);

  it('runs on v* tags and by hand, with read-only permissions by default', () => {
    expect((release.on.push as { tags?: string[] } | undefined)?.tags).toContain('v*');
    expect('workflow_dispatch' in release.on).toBe(true);
    expect(release.permissions).toEqual({ contents: 'read' });
  });

  it('tests, then runs the desktop e2e, before building installers on macOS, Windows and Linux', () => {
    const installers = jobs.installers!;
    expect(needs(installers)).toEqual(expect.arrayContaining(['test', 'desktop-e2e']));
    expect(jobs.test!.steps!.some((step) => /\bnpm test\b/.test(step.run ?? ''))).toBe(true);
    expect(jobs['desktop-e2e']!.uses).toBe('./.github/workflows/desktop-e2e.yml');
    expect(jobOses(installers).sort()).toEqual([...ALL_OS].sort());
    for (const os of ALL_OS) {
      const packaging = installers.steps!.filter((step) => /electron-builder/.test(step.run ?? '') && stepOses(installers, step).includes(os));
      expect(packaging.length, `a packaging step runs on ${os}`).toBeGreaterThan(0);
      for (const step of packaging) expect(step.run, step.name).toMatch(/--publish never/);
    }
  });

  it('uploads .dmg, .zip, .exe, .AppImage and .deb, with latest*.yml and .blockmap for electron-updater', () => {
    const upload = jobs.installers!.steps!.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    const paths = String(upload?.with?.path ?? '').split('\n').map((line) => line.trim());
    for (const pattern of ['dist/*.dmg', 'dist/*.zip', 'dist/*.exe', 'dist/*.AppImage', 'dist/*.deb', 'dist/latest*.yml', 'dist/*.blockmap']) expect(paths).toContain(pattern);
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('launches every packaged app with --smoke-test after packaging, on each OS, and checks that it passed', () => {
    const smokeJobs = Object.values(jobs).filter((job) => needs(job).includes('installers') && (job.steps ?? []).some((step) => /--smoke-test/.test(step.run ?? '')));
    const covered = new Set<Os>();
    for (const job of smokeJobs) {
      for (const step of job.steps!.filter((s) => /--smoke-test/.test(s.run ?? ''))) {
        expect(step.run, step.name).toMatch(/Switchboard smoke test passed/);
        const oses = stepOses(job, step);
        if (oses.includes('Linux')) expect(step.run, step.name).toMatch(/xvfb-run/);
        for (const os of oses) covered.add(os);
      }
    }
    expect([...covered].sort()).toEqual([...ALL_OS].sort());
  });

  it('drafts the GitHub release on tags only, after the smoke tests, from the only job that may write', () => {
    const writers = Object.entries(jobs).filter(([, job]) => typeof job.permissions === 'object' && job.permissions.contents === 'write');
    expect(writers.map(([id]) => id)).toEqual(['publish']);
    const publish = jobs.publish!;
    expect(publish.if).toMatch(/startsWith\(github\.ref, 'refs\/tags\/v'\)/);
    expect(needs(publish)).toEqual(expect.arrayContaining(['installers', 'smoke']));
    expect(publish.steps!.some((step) => /gh release create\b.*--draft/.test(step.run ?? ''))).toBe(true);
    expect(secretsIn(publish).filter((secret) => secretOs(secret) !== null)).toEqual([]);
  });
});

describe('the desktop e2e job', () => {
  it('is the one job ci.yml and release.yml both call, and runs the real Electron under Xvfb', () => {
    for (const file of ['ci.yml', 'release.yml']) {
      expect(Object.values(workflows.get(file)!.jobs).map((job) => job.uses), file).toContain('./.github/workflows/desktop-e2e.yml');
    }
    expect(Object.values(workflows.get('ci.yml')!.jobs).some((job) => (job.steps ?? []).some((step) => step.run === 'bash .ci/run'))).toBe(true);
    const e2e = workflows.get('desktop-e2e.yml')!;
    expect('workflow_call' in e2e.on).toBe(true);
    const job = Object.values(e2e.jobs)[0]!;
    expect(job['runs-on']).toBe('ubuntu-latest');
    const commands = (job.steps ?? []).map((step) => step.run ?? '');
    const order = ['npm ci', 'npm run build', 'node scripts/electron-sqlite.mjs', 'xvfb-run -a npm run test:desktop-e2e'].map((command) => commands.indexOf(command));
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!)), commands.join(' / ')).toBe(true);
    expect(commands.some((command) => /apt-get install[^\n]*\bxvfb\b/.test(command))).toBe(true);
  });
});

describe('electron-builder.yml', () => {
  it('registers the switchboard:// scheme', () => {
    const protocols = builder.protocols as { name?: string; schemes?: string[] }[] | undefined;
    expect(protocols?.flatMap((protocol) => protocol.schemes ?? [])).toContain('switchboard');
  });

  it('signs with hardened-runtime entitlements that hold allow-jit and nothing Electron 12+ does not need', () => {
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const file = builder.mac?.[key];
      expect(typeof file, `mac.${key}`).toBe('string');
      expect(existsSync(join(ROOT, file as string)), `mac.${key}: ${String(file)}`).toBe(true);
    }
    expect(builder.mac?.hardenedRuntime).toBe(true);
    const plist = readFileSync(join(ROOT, builder.mac!.entitlements as string), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
    for (const needless of ['allow-unsigned-executable-memory', 'disable-library-validation', 'com.apple.security.network']) expect(plist).not.toContain(needless);
  });

  it('re-signs an unsigned mac build ad hoc after flipping the fuses, and keeps the inspector fuse off', () => {
    const fuses = builder.electronFuses as Record<string, unknown>;
    expect(fuses.resetAdHocDarwinSignature).toBe(true);
    expect(fuses.enableNodeCliInspectArguments).toBe(false);
    expect(fuses.runAsNode).toBe(false);
    // Hook scripts the config names exist (afterSign would not run for an unsigned build: see the yml).
    for (const hook of ['beforePack', 'afterPack', 'afterSign', 'afterAllArtifactBuild']) {
      if (typeof builder[hook] === 'string') expect(existsSync(join(ROOT, builder[hook] as string)), `${hook}: ${String(builder[hook])}`).toBe(true);
    }
  });

  it('publishes to GitHub Releases under names GitHub keeps as they are', () => {
    expect((builder.publish as { provider?: string } | null)?.provider).toBe('github');
    // GitHub turns spaces in asset names into dots; latest.yml would then name a file the release lacks.
    expect(String(builder.nsis?.artifactName ?? '${productName} Setup ${version}.${ext}')).not.toMatch(/\s/);
  });
});
