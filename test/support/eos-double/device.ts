// One simulated EOS switch: running/startup config, configuration sessions with commit timers,
// and the test hooks. Shared by every SSH connection to that switch.

import { ConfigNode, cloneTree, parseRunningConfig, renderConfigBody } from './config-tree';
import { unifiedDiff } from './unified-diff';

export type SessionState = 'pending' | 'pendingCommitTimer' | 'completed';

export interface ConfigSession {
  name: string;
  state: SessionState;
  config: ConfigNode[];
  user: string;
  terminal: string;
  /** Running-config to restore if a commit timer expires unconfirmed. */
  rollback?: ConfigNode[];
  commitTimer?: NodeJS.Timeout;
  commitBy?: number;
  completedAt?: Date;
  committedBy?: string;
}

export interface SessionInfo {
  name: string;
  state: SessionState;
  user: string;
  terminal: string;
  config: string;
}

export interface InjectedFailure {
  /** The command line (trimmed, exact) or a pattern it must match. */
  match: string | RegExp;
  /** What the switch answers instead of applying the line. */
  message?: string;
  /** How many times it fails (default: always). */
  times?: number;
}

export interface DeviceSettings {
  eosVersion: string;
  modelName: string;
  bootLine?: string;
  maxPendingSessions: number;
  maxCompletedSessions: number;
  physicalInterfaces: string[];
}

export const SESSION_MESSAGES = {
  // Partly confirmed: automation seen in public code matches "maximum number of pending sessions" in EOS output.
  tooManyPending: '% Maximum number of pending sessions has been reached',
  // Quoted (without the leading `% `) by public automation as EOS's answer for a completed session.
  alreadyCompleted: '% Cannot enter session (already completed)',
  // UNVERIFIED wording.
  noSuchSession: (name: string) => `% Session ${name} does not exist`,
  copyCompleted: 'Copy completed successfully.',
};

export class EosDevice {
  readonly running: ConfigNode[];
  startup?: ConfigNode[];
  readonly sessions = new Map<string, ConfigSession>();
  readonly bootedAt = Date.now();
  private readonly failures: Array<Required<Pick<InjectedFailure, 'match' | 'message'>> & { remaining: number }> = [];
  private autoSessionCounter = 0;

  constructor(readonly settings: DeviceSettings, startConfig: string) {
    this.running = parseRunningConfig(startConfig);
  }

  hostname(): string {
    return this.running.find((n) => n.line.startsWith('hostname '))?.line.slice('hostname '.length) ?? 'localhost';
  }

  /** The config file as EOS keeps it: device/boot header, body, `end` (what session diffs compare). */
  configFileLines(tree: ConfigNode[]): string[] {
    const header = [`! device: ${this.hostname()} (${this.settings.modelName}, EOS-${this.settings.eosVersion})`, '!'];
    if (this.settings.bootLine) header.push(this.settings.bootLine, '!');
    return [...header, ...renderConfigBody(tree), 'end'];
  }

  replaceRunning(tree: ConfigNode[]): void {
    this.running.splice(0, this.running.length, ...cloneTree(tree));
  }

  // ---- configuration sessions ----------------------------------------------------------------

  pendingCount(): number {
    return [...this.sessions.values()].filter((s) => s.state !== 'completed').length;
  }

  autoSessionName(): string {
    return `sess-${process.pid}-${this.autoSessionCounter++}`;
  }

  /** Opens (or re-enters) a session; returns it, or the error line EOS prints. */
  openSession(name: string, user: string, terminal: string): ConfigSession | string {
    const existing = this.sessions.get(name);
    if (existing) return existing.state === 'completed' ? SESSION_MESSAGES.alreadyCompleted : existing;
    if (this.pendingCount() >= this.settings.maxPendingSessions) return SESSION_MESSAGES.tooManyPending;
    const session: ConfigSession = { name, state: 'pending', config: cloneTree(this.running), user, terminal };
    this.sessions.set(name, session);
    return session;
  }

  /** Commits a session; with `timerSeconds`, rolls back unless confirmed in time. Returns an error line or undefined. */
  commitSession(name: string, user: string, timerSeconds?: number): string | undefined {
    const session = this.sessions.get(name);
    if (!session) return SESSION_MESSAGES.noSuchSession(name);
    if (session.state === 'completed') return SESSION_MESSAGES.alreadyCompleted;
    if (session.state === 'pendingCommitTimer') {
      if (timerSeconds !== undefined) return undefined; // EOS would restart the timer; the double keeps the first one.
      clearTimeout(session.commitTimer);
      this.complete(session, user);
      return undefined;
    }
    if (timerSeconds !== undefined) {
      session.rollback = cloneTree(this.running);
      this.replaceRunning(session.config);
      session.state = 'pendingCommitTimer';
      session.commitBy = Date.now() + timerSeconds * 1000;
      session.commitTimer = setTimeout(() => this.rollbackSession(session), timerSeconds * 1000);
      session.commitTimer.unref();
      return undefined;
    }
    this.replaceRunning(session.config);
    this.complete(session, user);
    return undefined;
  }

  private complete(session: ConfigSession, user: string): void {
    session.state = 'completed';
    session.completedAt = new Date();
    session.committedBy = user;
    session.rollback = undefined;
    const completed = [...this.sessions.values()].filter((s) => s.state === 'completed');
    for (const old of completed.slice(0, Math.max(0, completed.length - this.settings.maxCompletedSessions))) this.sessions.delete(old.name);
  }

  private rollbackSession(session: ConfigSession): void {
    if (session.rollback) this.replaceRunning(session.rollback);
    this.sessions.delete(session.name);
  }

  /** Aborts a session; a session under a commit timer is rolled back now. */
  abortSession(name: string): string | undefined {
    const session = this.sessions.get(name);
    if (!session) return SESSION_MESSAGES.noSuchSession(name);
    if (session.state === 'completed') return SESSION_MESSAGES.alreadyCompleted;
    clearTimeout(session.commitTimer);
    this.rollbackSession(session);
    return undefined;
  }

  sessionDiff(name: string): string[] | string {
    const session = this.sessions.get(name);
    if (!session) return SESSION_MESSAGES.noSuchSession(name);
    return unifiedDiff(this.configFileLines(this.running), this.configFileLines(session.config), 'system:/running-config', `session:/${name}-session-config`);
  }

  sessionInfos(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => ({
      name: s.name, state: s.state, user: s.user, terminal: s.terminal, config: this.configFileLines(s.config).join('\n'),
    }));
  }

  // ---- test hooks ----------------------------------------------------------------------------

  injectFailure(failure: InjectedFailure): void {
    this.failures.push({
      match: failure.match,
      message: failure.message ?? '% Error: injected failure (EOS test double)',
      remaining: failure.times ?? Infinity,
    });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** The message to answer instead of running `line`, if a failure was injected for it. */
  takeFailure(line: string): string | undefined {
    const hit = this.failures.find((f) => f.remaining > 0 && (typeof f.match === 'string' ? f.match === line : f.match.test(line)));
    if (!hit) return undefined;
    hit.remaining--;
    return hit.message;
  }

  stop(): void {
    for (const s of this.sessions.values()) clearTimeout(s.commitTimer);
  }
}
