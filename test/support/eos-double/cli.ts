// The EOS CLI of one SSH channel: modes and prompts, exec commands, config sessions, show
// commands with pipes, and dispatch of configuration lines to the per-mode grammars.

import { HHMMSS, IFNAME, WORD, LINE, shortInterfaceName, tokenize, uint, CommandTokens } from './args';
import { ConfigModeKind, ConfigContext, GroupEdit } from './config-context';
import { grammarFor } from './config-commands';
import { ConfigNode, parseRunningConfig } from './config-tree';
import { EosDevice, SESSION_MESSAGES } from './device';
import { CommandSpec, Grammar, MatchResult, deeper } from './grammar';
import {
  renderSection, runningConfigJson, sectionFilter, showSessionsJson, showSessionsText, showVersionJson, showVersionText,
} from './show-output';

export type InvalidInputStyle = 'token' | 'plain';

export const CLI_MESSAGES = {
  invalid: (style: InvalidInputStyle, at: number, word: string) => (style === 'plain' ? '% Invalid input' : `% Invalid input (at token ${at}: '${word}')`),
  incomplete: '% Incomplete command',
  ambiguous: '% Ambiguous command',
  // UNVERIFIED wordings: see README.
  privilegedRequired: '% Invalid input (privileged mode required)',
  accessDenied: '% Access denied',
  unconverted: '% This is an unconverted command',
  notInSession: '% Not in a configuration session',
};

export interface CliIdentity {
  user: string;
  /** Privilege 15 users land in `#`, others in `>`. */
  privileged: boolean;
  terminal: string;
  enablePassword?: string;
  invalidInputStyle: InvalidInputStyle;
}

export interface CliResult {
  output: string[];
  /** The client logged out (`exit` at exec level). */
  close?: boolean;
  /** Output ends with an inline prompt (`Password: `) instead of a newline. */
  inlinePrompt?: string;
}

interface ModeFrame {
  kind: ConfigModeKind;
  node?: ConfigNode;
  /** Set in a group-change mode: its edits are saved when the mode is left. */
  group?: GroupEdit;
}

interface ExecContext {
  cli: EosCli;
  pipes: string[];
  out: string[];
  result: CliResult;
}

type ExecSpec = CommandSpec<ExecContext> & { privileged?: boolean; inConfig?: boolean };

export class EosCli {
  privileged: boolean;
  termLength: number;
  private modes: ModeFrame[] = [];
  private session?: string;
  private awaitingEnablePassword = false;

  constructor(readonly device: EosDevice, readonly identity: CliIdentity, termLength = 0) {
    this.privileged = identity.privileged;
    this.termLength = termLength;
  }

  get inConfig(): boolean {
    return this.modes.length > 0;
  }

  get sessionName(): string | undefined {
    return this.session;
  }

  prompt(): string {
    const host = this.device.hostname();
    if (!this.inConfig) return `${host}${this.privileged ? '#' : '>'}`;
    const base = this.session ? `config-s-${this.session.slice(0, 6)}` : 'config';
    const top = this.modes[this.modes.length - 1];
    const suffix: Record<ConfigModeKind, string> = {
      config: '',
      if: top.node ? `-if-${shortInterfaceName(top.node.line.slice('interface '.length))}` : '',
      'router-ospf': '-router-ospf',
      'router-bgp': '-router-bgp',
      'router-bgp-af': '-router-bgp-af',
      'ip-pfx': '-ip-pfx',
      'route-map': top.node ? `-route-map-${top.node.line.split(' ')[1]}` : '',
    };
    return `${host}(${base}${suffix[top.kind]})#`;
  }

  execute(raw: string): CliResult {
    if (this.awaitingEnablePassword) {
      this.awaitingEnablePassword = false;
      if (raw === this.identity.enablePassword) {
        this.privileged = true;
        return { output: [] };
      }
      return { output: [CLI_MESSAGES.accessDenied] };
    }
    const line = raw.trim();
    if (line === '' || line.startsWith('!')) return { output: [] };
    const injected = this.device.takeFailure(line);
    if (injected) return { output: [injected] };
    const [command, ...pipes] = line.split('|').map((s) => s.trim());
    let tokens = tokenize(command);
    if (this.inConfig && tokens.words[0]?.toLowerCase() === 'do' && tokens.words.length > 1) {
      tokens = tokenize(command.slice(tokens.starts[1]));
    }
    return this.dispatch(tokens, pipes);
  }

  private workingTree(): ConfigNode[] | undefined {
    if (!this.session) return this.device.running;
    const session = this.device.sessions.get(this.session);
    return session && session.state !== 'completed' ? session.config : undefined;
  }

  private dispatch(tokens: CommandTokens, pipes: string[]): CliResult {
    let best: MatchResult<unknown> = { kind: 'invalid', at: 0 };
    if (this.inConfig) {
      for (let depth = this.modes.length - 1; depth >= 0; depth--) {
        const frame = this.modes[depth];
        const r = grammarFor(frame.kind, frame.node).match(tokens);
        if (r.kind === 'ok') return pipes.length > 0 ? this.pipeError(tokens) : this.applyConfig(depth, r.spec.run, r.args, r.negate);
        if (deeper(r, best)) best = r;
      }
    }
    const inGroup = this.modes[this.modes.length - 1]?.group !== undefined;
    const execGrammars = this.inConfig
      ? [...(inGroup ? [GROUP_GRAMMAR] : []), ...(this.session ? [SESSION_GRAMMAR] : []), MODE_GRAMMAR, EXEC_IN_CONFIG_GRAMMAR]
      : [EXEC_GRAMMAR];
    for (const grammar of execGrammars) {
      const r = grammar.match(tokens);
      if (r.kind === 'ok') {
        const spec = r.spec as ExecSpec;
        const ctx: ExecContext = { cli: this, pipes, out: [], result: { output: [] } };
        if (spec.privileged && !this.privileged) return { output: [CLI_MESSAGES.privilegedRequired] };
        spec.run(ctx, r.args, r.negate);
        return { ...ctx.result, output: ctx.out };
      }
      if (deeper(r, best)) best = r;
    }
    return { output: [this.failureMessage(best, tokens)] };
  }

  private failureMessage(r: MatchResult<unknown>, tokens: CommandTokens): string {
    if (r.kind === 'incomplete') return CLI_MESSAGES.incomplete;
    if (r.kind === 'ambiguous') return CLI_MESSAGES.ambiguous;
    const at = r.kind === 'invalid' ? r.at : 0;
    return CLI_MESSAGES.invalid(this.identity.invalidInputStyle, at, tokens.words[at] ?? '');
  }

  private pipeError(tokens: CommandTokens): CliResult {
    return { output: [CLI_MESSAGES.invalid(this.identity.invalidInputStyle, tokens.words.length, '|')] };
  }

  private applyConfig(depth: number, run: (ctx: ConfigContext, args: string[], negate: boolean) => void, args: string[], negate: boolean): CliResult {
    const tree = this.workingTree();
    if (!tree) {
      const gone = this.session as string;
      this.leaveConfig();
      return { output: [SESSION_MESSAGES.noSuchSession(gone)] };
    }
    // A command of an outer mode leaves the group-change modes above it, which saves their edits first.
    if (this.modes.slice(depth + 1).some((m) => m.group)) this.leaveModesAbove(depth);
    const entered: ModeFrame[] = [];
    const ctx: ConfigContext = {
      tree,
      path: this.modes.slice(1, depth + 1).map((m) => m.node as ConfigNode),
      physicalInterfaces: new Set(this.device.settings.physicalInterfaces),
      enter: (kind, node, group) => entered.push({ kind, node, group }),
      output: [],
    };
    run(ctx, args, negate);
    if (!ctx.output.some((l) => l.startsWith('%'))) {
      this.modes.length = depth + 1;
      this.modes.push(...entered);
    }
    return { output: ctx.output };
  }

  // ---- actions used by the exec grammars ------------------------------------------------------

  enterConfig(session?: string): void {
    this.session = session;
    this.modes = [{ kind: 'config' }];
  }

  /** Leaves config mode (`end`, a commit or abort of the session): group-change edits are saved on the way out. */
  leaveConfig(): void {
    this.leaveModesAbove(-1);
    this.session = undefined;
  }

  /** Pops the modes deeper than `depth`, innermost first, saving each group-change mode's edits. */
  leaveModesAbove(depth: number): void {
    while (this.modes.length > depth + 1) this.modes.pop()?.group?.save();
  }

  exitMode(): CliResult {
    this.leaveModesAbove(this.modes.length - 2);
    if (this.modes.length === 0) this.session = undefined;
    return { output: [] };
  }

  /** `abort` in a group-change mode: drops that mode's edits and returns to the mode above. */
  abortGroup(): void {
    this.modes.pop();
  }

  requestEnable(ctx: ExecContext): void {
    if (this.privileged) return;
    if (this.identity.enablePassword === undefined) {
      this.privileged = true;
      return;
    }
    this.awaitingEnablePassword = true;
    ctx.result.inlinePrompt = 'Password: ';
  }

  disable(): void {
    this.leaveConfig();
    this.privileged = false;
  }

  /** Writes show output through the pipes (`| json`, `| include`, `| section`, ...). */
  emit(ctx: ExecContext, lines: string[], json?: () => object): void {
    let out = lines;
    for (const [i, pipe] of ctx.pipes.entries()) {
      const t = tokenize(pipe);
      const hit = PIPES.filter((p) => p.startsWith((t.words[0] ?? '').toLowerCase()));
      if (t.words.length === 0 || hit.length !== 1) {
        ctx.out.push(hit.length > 1 ? CLI_MESSAGES.ambiguous : CLI_MESSAGES.invalid(this.identity.invalidInputStyle, 0, t.words[0] ?? '|'));
        return;
      }
      const pattern = pipe.slice(t.starts[1] ?? pipe.length).trim();
      if (hit[0] === 'json') {
        if (i > 0 || !json) {
          ctx.out.push(CLI_MESSAGES.unconverted);
          return;
        }
        out = JSON.stringify(json(), null, 4).split('\n');
      } else if (hit[0] === 'no-more') {
        continue;
      } else {
        if (pattern === '') {
          ctx.out.push(CLI_MESSAGES.incomplete);
          return;
        }
        const re = new RegExp(pattern);
        if (hit[0] === 'include') out = out.filter((l) => re.test(l));
        else if (hit[0] === 'exclude') out = out.filter((l) => !re.test(l));
        else if (hit[0] === 'begin') out = out.slice(Math.max(0, out.findIndex((l) => re.test(l))));
        else out = renderSection(sectionFilter(parseRunningConfig(out.join('\n')), re));
      }
    }
    ctx.out.push(...out);
  }

  showRunning(ctx: ExecContext, filter?: { section?: string; iface?: string }): void {
    const device = this.device;
    if (filter?.section !== undefined) {
      this.emit(ctx, renderSection(sectionFilter(device.running, new RegExp(filter.section))));
      return;
    }
    if (filter?.iface !== undefined) {
      const block = device.running.filter((n) => n.line === `interface ${filter.iface}`);
      this.emit(ctx, renderSection(block).slice(0, -1));
      return;
    }
    this.emit(ctx, ['! Command: show running-config', ...device.configFileLines(device.running)], () => runningConfigJson(device));
  }

  showSessionDiff(ctx: ExecContext, name: string | undefined): void {
    if (!name) {
      ctx.out.push(CLI_MESSAGES.notInSession);
      return;
    }
    const diff = this.device.sessionDiff(name);
    if (typeof diff === 'string') ctx.out.push(diff);
    else this.emit(ctx, diff);
  }

  openSession(ctx: ExecContext, name: string): void {
    const opened = this.device.openSession(name, this.identity.user, this.identity.terminal);
    if (typeof opened === 'string') ctx.out.push(opened);
    else this.enterConfig(name);
  }

  commit(ctx: ExecContext, name: string | undefined, timer?: string): void {
    if (!name) {
      ctx.out.push(CLI_MESSAGES.notInSession);
      return;
    }
    const seconds = timer?.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
    // `commit` typed in a route-map or prefix-list mode commits that mode's edits too.
    if (this.session === name) this.leaveModesAbove(0);
    const error = this.device.commitSession(name, this.identity.user, seconds);
    if (error) ctx.out.push(error);
    else if (this.session === name) this.leaveConfig();
  }

  abort(ctx: ExecContext, name: string | undefined): void {
    if (!name) {
      ctx.out.push(CLI_MESSAGES.notInSession);
      return;
    }
    const error = this.device.abortSession(name);
    if (error) ctx.out.push(error);
    else if (this.session === name) {
      // The session is gone: nothing of its modes is saved.
      this.modes = [];
      this.session = undefined;
    }
  }
}

const PIPES = ['begin', 'exclude', 'include', 'json', 'no-more', 'section'];

const session = (fn: (ctx: ExecContext, name: string | undefined, args: string[]) => void) =>
  (ctx: ExecContext, args: string[]) => fn(ctx, ctx.cli.sessionName, args);

const EXEC_SPECS: ExecSpec[] = [
  { pattern: ['enable'], inConfig: true, run: (ctx) => ctx.cli.requestEnable(ctx) },
  { pattern: ['disable'], run: (ctx) => ctx.cli.disable() },
  { pattern: ['exit'], run: (ctx) => { ctx.result.close = true; } },
  { pattern: ['logout'], run: (ctx) => { ctx.result.close = true; } },
  {
    pattern: ['terminal', 'length', uint(0, 32767)], inConfig: true,
    run: (ctx, [n]) => {
      ctx.cli.termLength = Number(n);
      ctx.out.push(n === '0' ? 'Pagination disabled.' : `Pagination set to ${n} lines.`);
    },
  },
  { pattern: ['terminal', 'width', uint(10, 32767)], inConfig: true, run: (ctx, [n]) => ctx.out.push(`Width set to ${n} columns.`) },
  { pattern: ['configure'], privileged: true, run: (ctx) => ctx.cli.enterConfig() },
  { pattern: ['configure', 'terminal'], privileged: true, run: (ctx) => ctx.cli.enterConfig() },
  { pattern: ['configure', 'session'], privileged: true, run: (ctx) => ctx.cli.openSession(ctx, ctx.cli.device.autoSessionName()) },
  { pattern: ['configure', 'session', WORD], privileged: true, run: (ctx, [name]) => ctx.cli.openSession(ctx, name) },
  {
    pattern: ['configure', 'session', WORD], no: 'full', noOnly: true, privileged: true,
    run: (ctx, [name]) => {
      const s = ctx.cli.device.sessions.get(name);
      if (!s) ctx.out.push(SESSION_MESSAGES.noSuchSession(name));
      else if (s.state === 'pending') ctx.cli.device.sessions.delete(name);
      else ctx.cli.abort(ctx, name);
    },
  },
  { pattern: ['configure', 'session', WORD, 'commit'], privileged: true, run: (ctx, [name]) => ctx.cli.commit(ctx, name) },
  { pattern: ['configure', 'session', WORD, 'commit', 'timer', HHMMSS], privileged: true, run: (ctx, [name, t]) => ctx.cli.commit(ctx, name, t) },
  { pattern: ['configure', 'session', WORD, 'abort'], privileged: true, run: (ctx, [name]) => ctx.cli.abort(ctx, name) },
  {
    pattern: ['copy', 'running-config', 'startup-config'], privileged: true, inConfig: true,
    run: (ctx) => {
      ctx.cli.device.startup = parseRunningConfig(ctx.cli.device.configFileLines(ctx.cli.device.running).join('\n'));
      ctx.out.push(SESSION_MESSAGES.copyCompleted);
    },
  },
  {
    pattern: ['write'], privileged: true, inConfig: true,
    run: (ctx) => {
      ctx.cli.device.startup = parseRunningConfig(ctx.cli.device.configFileLines(ctx.cli.device.running).join('\n'));
      ctx.out.push(SESSION_MESSAGES.copyCompleted);
    },
  },
  {
    pattern: ['write', 'memory'], privileged: true, inConfig: true,
    run: (ctx) => {
      ctx.cli.device.startup = parseRunningConfig(ctx.cli.device.configFileLines(ctx.cli.device.running).join('\n'));
      ctx.out.push(SESSION_MESSAGES.copyCompleted);
    },
  },
  { pattern: ['show', 'version'], inConfig: true, run: (ctx) => ctx.cli.emit(ctx, showVersionText(ctx.cli.device), () => showVersionJson(ctx.cli.device)) },
  { pattern: ['show', 'running-config'], privileged: true, inConfig: true, run: (ctx) => ctx.cli.showRunning(ctx) },
  { pattern: ['show', 'running-config', 'section', LINE], privileged: true, inConfig: true, run: (ctx, [s]) => ctx.cli.showRunning(ctx, { section: s }) },
  { pattern: ['show', 'running-config', 'interfaces', IFNAME], privileged: true, inConfig: true, run: (ctx, [i]) => ctx.cli.showRunning(ctx, { iface: i }) },
  {
    pattern: ['show', 'startup-config'], privileged: true, inConfig: true,
    run: (ctx) => {
      const startup = ctx.cli.device.startup;
      if (startup) ctx.cli.emit(ctx, ['! Command: show startup-config', ...ctx.cli.device.configFileLines(startup)]);
      else ctx.out.push('% Startup-config does not exist');
    },
  },
  {
    pattern: ['show', 'configuration', 'sessions'], privileged: true, inConfig: true,
    run: (ctx) => ctx.cli.emit(ctx, showSessionsText(ctx.cli.device, false, ctx.cli.sessionName), () => showSessionsJson(ctx.cli.device, false)),
  },
  {
    pattern: ['show', 'configuration', 'sessions', 'detail'], privileged: true, inConfig: true,
    run: (ctx) => ctx.cli.emit(ctx, showSessionsText(ctx.cli.device, true, ctx.cli.sessionName), () => showSessionsJson(ctx.cli.device, true)),
  },
  { pattern: ['show', 'session-config', 'diffs'], privileged: true, inConfig: true, run: session((ctx, name) => ctx.cli.showSessionDiff(ctx, name)) },
  { pattern: ['show', 'session-config', 'named', WORD, 'diffs'], privileged: true, inConfig: true, run: (ctx, [name]) => ctx.cli.showSessionDiff(ctx, name) },
];

const EXEC_SHADOWS: Record<string, string[]> = {
  '': ['bash', 'clear', 'cli', 'clock', 'debug', 'default', 'delete', 'diff', 'dir', 'event-monitor', 'more', 'no', 'ping', 'platform',
    'reload', 'rollback', 'schedule', 'send', 'ssh', 'tcpdump', 'telnet', 'test', 'traceroute', 'watch', 'zerotouch'],
  show: ['aaa', 'arp', 'bgp', 'boot-config', 'clock', 'environment', 'extensions', 'hardware', 'history', 'hostname', 'interfaces',
    'inventory', 'ip', 'ipv6', 'lacp', 'lldp', 'logging', 'mac', 'management', 'mlag', 'ntp', 'platform', 'port-channel',
    'privilege', 'processes', 'redundancy', 'reload', 'route-map', 'spanning-tree', 'system', 'tech-support', 'terminal',
    'uptime', 'users', 'vlan', 'vrf'],
  terminal: ['monitor', 'dont-ask', 'exec'],
  configure: ['checkpoint', 'convert', 'lock', 'network', 'replace', 'unlock'],
  copy: ['boot-extensions', 'certificate:', 'checkpoint:', 'clean-config', 'extension:', 'file:', 'flash:', 'ftp:', 'http:', 'https:', 'scp:', 'sftp:', 'startup-config', 'system:', 'terminal:', 'tftp:'],
};

const EXEC_GRAMMAR = new Grammar<ExecContext>(EXEC_SPECS, EXEC_SHADOWS);
const EXEC_IN_CONFIG_GRAMMAR = new Grammar<ExecContext>(EXEC_SPECS.filter((s) => s.inConfig), { show: EXEC_SHADOWS.show });

const MODE_GRAMMAR = new Grammar<ExecContext>([
  { pattern: ['exit'], run: (ctx) => Object.assign(ctx.result, ctx.cli.exitMode()) },
  { pattern: ['end'], run: (ctx) => ctx.cli.leaveConfig() },
]);

// Route-map and prefix-list modes have their own `abort` (discard the edits of this mode), which a
// session's `abort` does not override while the prompt is in such a mode.
const GROUP_GRAMMAR = new Grammar<ExecContext>([{ pattern: ['abort'], run: (ctx) => ctx.cli.abortGroup() }]);

const SESSION_GRAMMAR = new Grammar<ExecContext>([
  { pattern: ['commit'], run: session((ctx, name) => ctx.cli.commit(ctx, name)) },
  { pattern: ['commit', 'timer', HHMMSS], run: session((ctx, name, [t]) => ctx.cli.commit(ctx, name, t)) },
  { pattern: ['abort'], run: session((ctx, name) => ctx.cli.abort(ctx, name)) },
], { '': ['rollback'] });
