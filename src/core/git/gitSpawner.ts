import { type ChildProcess, spawn } from 'node:child_process';
import type { GitEvents, GitLaunch, GitProcess } from './gitProcess';

/**
 * The spawner's own program, run by `node -e` (Electron as Node in the extension host), so no
 * file has to be found next to whichever bundle loaded this one. It starts each git it is asked
 * for and relays its output and exit, in order, over the IPC channel; it exits with its parent.
 */
const SPAWNER_SOURCE = `
const { spawn } = require('node:child_process');
const running = new Map();
let base = {};
const send = (m) => { try { process.send(m); } catch {} };
process.on('message', (m) => {
  if (m.base !== undefined) { base = m.base; return; }
  if (m.kill !== undefined) { const c = running.get(m.kill); if (c && c.exitCode === null && c.signalCode === null) c.kill(); return; }
  let child;
  try {
    const env = { ...base, ...m.set };
    for (const k of m.unset) delete env[k];
    child = spawn(m.command, m.args, { cwd: m.cwd, env, stdio: [m.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true });
  } catch (e) {
    send({ id: m.id, error: { code: e.code, message: e.message } });
    send({ id: m.id, close: -2, signal: null });
    return;
  }
  running.set(m.id, child);
  send({ id: m.id, pid: child.pid });
  // Output read in one turn of the loop goes in one message: a message costs more than its bytes.
  let out = [];
  const flush = () => { if (out.length > 0) { send({ id: m.id, out: out.length === 1 ? out[0] : Buffer.concat(out) }); out = []; } };
  child.stdout.on('data', (d) => { if (out.push(d) === 1) setImmediate(flush); });
  child.stderr.on('data', (d) => send({ id: m.id, err: d }));
  if (child.stdin) { child.stdin.on('error', () => {}); child.stdin.end(Buffer.from(m.stdin)); }
  child.on('error', (e) => send({ id: m.id, error: { code: e.code, message: e.message } }));
  child.on('close', (code, signal) => { flush(); running.delete(m.id); send({ id: m.id, close: code, signal }); });
});
process.on('disconnect', () => { for (const c of running.values()) c.kill(); process.exit(0); });
`;

interface Pending {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: GitLaunch;
  readonly events: GitEvents;
  pid?: number;
  done: boolean;
  killed: boolean;
  // The same git started directly, when the helper went away before starting it.
  instead?: GitProcess;
}

/** Starts git from this process (the way back when the helper is gone). */
export type DirectLaunch = (command: string, args: readonly string[], options: GitLaunch, events: GitEvents) => GitProcess;

/**
 * Starts git from a small helper process instead of this one. Linux's fork copies the page tables
 * of the process that spawns, so in an extension host of several hundred megabytes every spawn()
 * blocks the thread for milliseconds (4.5 ms at 378 MB here, against 1.2 ms at 57 MB); the helper
 * stays small, and its forks block only itself. One helper serves every git of the process.
 */
export class GitSpawner {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private failed = false;
  private base: NodeJS.ProcessEnv = {};

  constructor(private readonly direct: DirectLaunch) {}

  /** Whether the helper can take a launch now: messages sent before it listens wait in the channel. */
  get available(): boolean {
    return !this.failed && this.child?.connected === true;
  }

  /** The helper's process id. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether the helper could not be started or has gone away (the caller spawns directly from then on). */
  get broken(): boolean {
    return this.failed;
  }

  /** Starts the helper if it is not running. */
  start(): void {
    if (this.child || this.failed) return;
    let child: ChildProcess;
    try {
      // ELECTRON_RUN_AS_NODE: in VS Code execPath is Electron, which then runs as plain Node. No
      // NODE_OPTIONS: a debugger's --inspect or a test runner's --require is not the helper's.
      const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
      delete env.NODE_OPTIONS;
      child = spawn(process.execPath, ['-e', SPAWNER_SOURCE], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced', env, windowsHide: true });
    } catch {
      this.failed = true;
      return;
    }
    this.child = child;
    // Each git's environment goes as its difference from this one (a few variables, not a hundred).
    this.base = { ...process.env };
    child.send({ base: this.base });
    child.on('message', (message: Record<string, unknown>) => this.receive(message));
    child.on('error', () => this.lose());
    child.on('exit', () => this.lose());
    child.on('disconnect', () => this.lose());
    this.idle();
  }

  /** Runs git through the helper; the caller checked `available`. */
  launch(command: string, args: readonly string[], options: GitLaunch, events: GitEvents): GitProcess {
    const child = this.child as ChildProcess;
    const id = this.next++;
    const entry: Pending = { command, args, options, events, done: false, killed: false };
    this.pending.set(id, entry);
    child.ref();
    (child.channel as { ref?: () => void } | undefined)?.ref?.();
    const stdin = options.stdin === undefined ? undefined : typeof options.stdin === 'string' ? Buffer.from(options.stdin) : options.stdin;
    try {
      const { set, unset } = difference(this.base, options.env);
      child.send({ id, command, args, cwd: options.cwd, set, unset, stdin });
    } catch {
      this.lose(); // the channel closed under us: this git is started directly
    }
    return {
      get pid() {
        return entry.instead ? entry.instead.pid : entry.pid;
      },
      kill: () => {
        entry.killed = true;
        if (entry.instead) entry.instead.kill();
        else if (!entry.done && this.child?.connected) {
          try {
            this.child.send({ kill: id });
          } catch {
            // The channel closed: the helper is gone, and lose() reports this git.
          }
        }
      },
    };
  }

  private receive(message: Record<string, unknown>): void {
    const entry = this.pending.get(message.id as number);
    if (!entry) return;
    if (message.pid !== undefined) entry.pid = message.pid as number;
    else if (message.out !== undefined) entry.events.onStdout(asBuffer(message.out));
    else if (message.err !== undefined) entry.events.onStderr(asBuffer(message.err));
    else if (message.error !== undefined) {
      const { code, message: text } = message.error as { code?: string; message?: string };
      entry.events.onError(Object.assign(new Error(text ?? 'git could not be started'), { code }));
    } else if (message.close !== undefined) {
      entry.done = true;
      this.pending.delete(message.id as number);
      entry.events.onClose(message.close as number | null, (message.signal ?? null) as NodeJS.Signals | null);
      this.idle();
    }
  }

  // Nothing in flight: the helper must not keep this process alive.
  private idle(): void {
    if (this.pending.size > 0 || !this.child) return;
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
  }

  // The helper died or could not start. A git it had not started yet is started directly instead
  // (nothing of it was seen); one it was running is reported lost, as a git killed would be.
  private lose(): void {
    if (this.failed) return;
    this.failed = true;
    const lost = [...this.pending.values()];
    this.pending.clear();
    for (const entry of lost) {
      entry.done = true;
      if (entry.pid === undefined) {
        if (entry.killed) entry.events.onClose(null, 'SIGTERM');
        else entry.instead = this.direct(entry.command, entry.args, entry.options, entry.events);
        continue;
      }
      entry.events.onError(Object.assign(new Error('the helper process that started git has exited'), { code: 'ESPAWNER' }));
      entry.events.onClose(null, 'SIGKILL');
    }
  }
}

// What turns `base` into `env`: the variables to set and the ones to remove.
function difference(base: NodeJS.ProcessEnv, env: NodeJS.ProcessEnv): { set: Record<string, string>; unset: string[] } {
  const set: Record<string, string> = {};
  for (const key in env) if (env[key] !== undefined && env[key] !== base[key]) set[key] = env[key] as string;
  const unset: string[] = [];
  for (const key in base) if (env[key] === undefined) unset.push(key);
  return { set, unset };
}

// Advanced serialization hands a Buffer back as a Uint8Array on some Node versions.
function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const view = value as Uint8Array;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}
