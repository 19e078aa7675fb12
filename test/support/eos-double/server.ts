// The SSH side of the EOS double: an ssh2 Server on 127.0.0.1 with a generated ed25519 host
// key, password / keyboard-interactive / public-key auth, pty shell and exec channels.

import { timingSafeEqual } from 'crypto';
import type { Socket } from 'net';
import { AuthContext, Connection, ParsedKey, Server, ServerChannel, utils } from 'ssh2';
import { EosCli, InvalidInputStyle } from './cli';
import { parseRunningConfig } from './config-tree';
import { EosDevice, InjectedFailure, SessionInfo } from './device';
import { ed25519KeyPair } from '../ssh-keypair';

export interface EosUser {
  username: string;
  password?: string;
  /** OpenSSH public keys (`ssh-ed25519 AAAA...`) allowed to log in as this user. */
  publicKeys?: string[];
  /** 15 lands in `Leaf-1#`, anything lower in `Leaf-1>` (default 15). */
  privilege?: number;
}

export interface EosDoubleOptions {
  /** Hostname of a generated start config, or replaces the hostname of `startConfig`. */
  hostname?: string;
  /** Start running-config as EOS text; default: a fresh vEOS with `ethernetPorts` ports and `no ip routing`. */
  startConfig?: string;
  users?: EosUser[];
  enablePassword?: string;
  ethernetPorts?: number;
  managementInterface?: string;
  eosVersion?: string;
  modelName?: string;
  maxPendingSessions?: number;
  maxCompletedSessions?: number;
  /**
   * Printed before the first prompt (EOS prints a `Last login:` line); null for none. A list is written
   * piece by piece with `loginBannerPauseMs` between pieces (a slow motd or start-up file), and what the
   * client types meanwhile waits until the prompt is shown, as a CLI that has not started yet reads nothing.
   */
  loginBanner?: string | null | readonly string[];
  /** Pause after each piece of a `loginBanner` list (default 100 ms). */
  loginBannerPauseMs?: number;
  /** 'token' (EOS 4.2x: `% Invalid input (at token 1: 'x')`) or 'plain' (`% Invalid input`). */
  invalidInputStyle?: InvalidInputStyle;
  /** OpenSSH private host key; default: a new ed25519 key. */
  hostKey?: string;
}

export interface DoubleStats {
  /** TCP connections accepted. */
  connections: number;
  /** Connections that passed authentication. */
  authenticated: number;
  authFailures: number;
  shellChannels: number;
  execChannels: number;
  /** Command lines received on shell and exec channels. */
  commands: number;
}

export interface EosDoubleHandle {
  readonly host: string;
  readonly port: number;
  /** The host key to pin, OpenSSH format (`ssh-ed25519 AAAA... eos-double`). */
  readonly hostPublicKey: string;
  readonly device: EosDevice;
  runningConfig(): string;
  startupConfig(): string | undefined;
  /** Replaces the running-config (a hand edit on the switch). */
  setRunningConfig(text: string): void;
  sessions(): SessionInfo[];
  injectFailure(failure: InjectedFailure): void;
  clearFailures(): void;
  /** The next `n` command lines are answered; the one after is not run and the TCP connection is cut. */
  dropConnectionAfter(n: number | undefined): void;
  /** Delay before each answer. */
  setResponseDelay(ms: number): void;
  stats(): DoubleStats;
  resetStats(): void;
  /** Every command line received, in order, with the connection number. */
  transcript(): Array<{ connection: number; line: string }>;
  stop(): Promise<void>;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function defaultStartConfig(hostname: string, ethernetPorts: number, management: string): string {
  const interfaces = Array.from({ length: ethernetPorts }, (_v, i) => [`interface Ethernet${i + 1}`, '!']).flat();
  return [
    'no aaa root', '!', 'transceiver qsfp default-mode 4x10G', '!', 'service routing protocols model multi-agent', '!',
    `hostname ${hostname}`, '!', 'spanning-tree mode mstp', '!', ...interfaces, `interface ${management}`, '!',
    'no ip routing', '!', 'end',
  ].join('\n');
}

function withHostname(config: string, hostname: string | undefined): string {
  if (!hostname) return config;
  return /^hostname /m.test(config) ? config.replace(/^hostname .*$/m, `hostname ${hostname}`) : `hostname ${hostname}\n${config}`;
}

function rawSocket(client: Connection): Socket | undefined {
  const candidate = (client as unknown as { _sock?: Socket })._sock;
  return candidate && typeof candidate.destroy === 'function' ? candidate : undefined;
}

export async function startEosDouble(options: EosDoubleOptions = {}): Promise<EosDoubleHandle> {
  const ethernetPorts = options.ethernetPorts ?? 8;
  const management = options.managementInterface ?? 'Management1';
  const startConfig = withHostname(options.startConfig ?? defaultStartConfig(options.hostname ?? 'localhost', ethernetPorts, management), options.hostname);
  const physical = new Set([...Array.from({ length: ethernetPorts }, (_v, i) => `Ethernet${i + 1}`), management]);
  for (const m of startConfig.matchAll(/^interface ((?:Ethernet|Management)\S+)/gm)) physical.add(m[1]);
  const device = new EosDevice({
    eosVersion: options.eosVersion ?? '4.32.0F',
    modelName: options.modelName ?? 'vEOS-lab',
    bootLine: '! boot system flash:/vEOS-lab.swi',
    maxPendingSessions: options.maxPendingSessions ?? 5,
    maxCompletedSessions: options.maxCompletedSessions ?? 1,
    physicalInterfaces: [...physical],
  }, startConfig);

  let hostKeyPrivate = options.hostKey;
  let hostPublicKey: string;
  if (hostKeyPrivate) {
    const parsed = utils.parseKey(hostKeyPrivate);
    if (parsed instanceof Error) throw new Error(`eos-double: hostKey is not a valid private key: ${parsed.message}`);
    hostPublicKey = `${parsed.type} ${parsed.getPublicSSH().toString('base64')} eos-double`;
  } else {
    const pair = ed25519KeyPair({ comment: 'eos-double' });
    hostKeyPrivate = pair.private;
    hostPublicKey = pair.public;
  }

  const users = options.users ?? [{ username: 'admin', password: 'admin', privilege: 15 }];
  const stats: DoubleStats = { connections: 0, authenticated: 0, authFailures: 0, shellChannels: 0, execChannels: 0, commands: 0 };
  const transcript: Array<{ connection: number; line: string }> = [];
  const clients = new Set<Connection>();
  let delayMs = 0;
  let dropAfter: number | undefined;
  let terminalCounter = 0;

  /** Counts a command line; true when the connection must be cut instead of answering it. */
  function admitCommand(connection: number, line: string): boolean {
    stats.commands++;
    transcript.push({ connection, line });
    if (dropAfter === undefined) return false;
    if (dropAfter === 0) {
      dropAfter = undefined;
      return true;
    }
    dropAfter--;
    return false;
  }

  const server = new Server({ hostKeys: [hostKeyPrivate] }, (client) => {
    const connection = ++stats.connections;
    clients.add(client);
    // The echo goes out at once and the answer is a second small write: with Nagle on, that write waits
    // for the client's delayed ACK (~40 ms on Linux) on every command. A switch answers at once.
    rawSocket(client)?.setNoDelay(true);
    let user: EosUser | undefined;
    client.on('error', () => undefined);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx: AuthContext) => {
      const candidate = users.find((u) => u.username === ctx.username);
      const reject = () => {
        if (ctx.method !== 'none') stats.authFailures++;
        ctx.reject(['publickey', 'password', 'keyboard-interactive']);
      };
      if (!candidate) return reject();
      if (ctx.method === 'password') {
        if (candidate.password !== undefined && safeEqual(ctx.password, candidate.password)) {
          user = candidate;
          return ctx.accept();
        }
        return reject();
      }
      if (ctx.method === 'keyboard-interactive') {
        if (candidate.password === undefined) return reject();
        return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
          if (answers.length === 1 && safeEqual(answers[0], candidate.password as string)) {
            user = candidate;
            ctx.accept();
          } else reject();
        });
      }
      if (ctx.method === 'publickey') {
        const offered = ctx.key;
        const allowed = (candidate.publicKeys ?? [])
          .map((k) => utils.parseKey(k))
          .find((k): k is ParsedKey => !(k instanceof Error) && k.getPublicSSH().equals(offered.data));
        if (!allowed) return reject();
        if (!ctx.signature) return ctx.accept(); // key query: "would this key be accepted?"
        if (allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) === true) {
          user = candidate;
          return ctx.accept();
        }
        return reject();
      }
      return reject();
    });
    client.on('ready', () => {
      stats.authenticated++;
      const identity = {
        user: (user as EosUser).username,
        privileged: ((user as EosUser).privilege ?? 15) >= 15,
        enablePassword: options.enablePassword,
        invalidInputStyle: options.invalidInputStyle ?? 'token',
      };
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let rows = 0;
        const terminal = `vty${++terminalCounter}`;
        session.on('pty', (accept, _reject, info) => {
          rows = info.rows;
          accept?.();
        });
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('shell', (accept) => {
          stats.shellChannels++;
          runShell(accept(), new EosCli(device, { ...identity, terminal }, rows), client, connection);
        });
        session.on('exec', (accept, _reject, info) => {
          stats.execChannels++;
          const stream = accept();
          const line = info.command;
          if (admitCommand(connection, line)) {
            rawSocket(client)?.destroy();
            return;
          }
          setTimeout(() => {
            const result = new EosCli(device, { ...identity, terminal }, 0).execute(line);
            if (result.output.length > 0) stream.write(`${result.output.join('\n')}\n`);
            stream.exit(result.output.some((l) => l.startsWith('% ')) ? 1 : 0);
            stream.end();
          }, delayMs);
        });
      });
    });
  });

  async function writeBanner(stream: ServerChannel): Promise<void> {
    const banner = options.loginBanner === undefined ? 'Last login: Thu Jan  1 00:00:00 2025 from 127.0.0.1\r\n' : options.loginBanner ?? '';
    if (typeof banner === 'string') {
      stream.write(banner);
      return;
    }
    for (const piece of banner) {
      stream.write(piece);
      await new Promise((resolve) => setTimeout(resolve, options.loginBannerPauseMs ?? 100));
    }
  }

  function runShell(stream: ServerChannel, cli: EosCli, client: Connection, connection: number): void {
    let buffer = '';
    let lastWasCr = false;
    let secretNext = false;
    let chain: Promise<void> = writeBanner(stream).then(() => void stream.write(cli.prompt()));
    let pagerKey: ((key: string) => void) | undefined;

    const page = async (lines: string[]): Promise<void> => {
      const pageSize = cli.termLength > 1 ? cli.termLength - 1 : Infinity;
      let index = 0;
      while (index < lines.length) {
        const chunk = lines.slice(index, index + pageSize);
        stream.write(chunk.map((l) => `${l}\r\n`).join(''));
        index += chunk.length;
        if (index >= lines.length) return;
        stream.write(' --More-- ');
        const key = await new Promise<string>((resolve) => { pagerKey = resolve; });
        stream.write('\r          \r');
        if (key === 'q' || key === 'Q') return;
        if (key === '\r' || key === '\n') {
          stream.write(`${lines[index]}\r\n`);
          index++;
          if (index >= lines.length) return;
        }
      }
    };

    const processLine = async (line: string): Promise<void> => {
      const secret = secretNext;
      secretNext = false;
      stream.write(secret ? '\r\n' : `${line}\r\n`);
      if (admitCommand(connection, secret ? '<secret>' : line)) {
        rawSocket(client)?.destroy();
        return;
      }
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const result = cli.execute(line);
      await page(result.output);
      if (result.close) {
        stream.exit(0);
        stream.end();
        client.end();
        return;
      }
      if (result.inlinePrompt) {
        secretNext = true;
        stream.write(result.inlinePrompt);
        return;
      }
      stream.write(cli.prompt());
    };

    stream.on('data', (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (pagerKey) {
          const resolve = pagerKey;
          pagerKey = undefined;
          resolve(ch);
          continue;
        }
        if (ch === '\n' && lastWasCr) {
          lastWasCr = false;
          continue;
        }
        lastWasCr = ch === '\r';
        if (ch === '\r' || ch === '\n') {
          const line = buffer;
          buffer = '';
          chain = chain.then(() => processLine(line)).catch(() => undefined);
        } else if (ch === '\x7f' || ch === '\b') {
          buffer = buffer.slice(0, -1);
        } else if (ch >= ' ') {
          buffer += ch;
        }
      }
    });
    stream.on('error', () => undefined);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    host: '127.0.0.1',
    port,
    hostPublicKey,
    device,
    runningConfig: () => ['! Command: show running-config', ...device.configFileLines(device.running)].join('\n'),
    startupConfig: () => (device.startup ? device.configFileLines(device.startup).join('\n') : undefined),
    setRunningConfig: (text) => device.replaceRunning(parseRunningConfig(text)),
    sessions: () => device.sessionInfos(),
    injectFailure: (f) => device.injectFailure(f),
    clearFailures: () => device.clearFailures(),
    dropConnectionAfter: (n) => { dropAfter = n; },
    setResponseDelay: (ms) => { delayMs = ms; },
    stats: () => ({ ...stats }),
    resetStats: () => {
      Object.assign(stats, { connections: 0, authenticated: 0, authFailures: 0, shellChannels: 0, execChannels: 0, commands: 0 });
      transcript.length = 0;
    },
    transcript: () => transcript.map((t) => ({ ...t })),
    stop: async () => {
      device.stop();
      for (const c of clients) rawSocket(c)?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
