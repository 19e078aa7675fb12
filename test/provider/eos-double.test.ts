// The EOS test double, driven over SSH as the switch provider drives a switch (pty shell,
// prompt reading), plus its pure parts checked against real EOS output from shared/fixtures.

import { sharedFixture } from '../support/shared-fixtures';
import { strict as assert } from 'assert';
import { Client, ClientChannel, ConnectConfig, utils } from 'ssh2';
import {
  CLI_MESSAGES, CONFIG_MESSAGES, EosDoubleHandle, POLICY_MESSAGES, SESSION_MESSAGES, parseRunningConfig, renderConfigBody, startEosDouble,
  unifiedDiff,
} from '../support/eos-double';
import { buildPlan } from '../../components/plan/build-plan';
import type { DevicePlan } from '../../model/device-plan';
import { eosSyntax } from '../../providers/dialects/eos/syntax';
import { dialectOf } from '../../providers/dialects/registry';
import type { LinePath, OwnedConfig } from '../../providers/dialects/types';
import { changeScript } from '../../providers/switch/config-tree/change-script';
import { findOwned, parseRunningConfig as parseDeviceConfig } from '../../providers/switch/config-tree/tree';
import { classify, negationOf } from '../../providers/switch/config-tree/syntax';
import { ALL_SECRETS, devTopology } from '../support/dev-stack';
import { pooledTopology } from '../support/generated-topology';
import { ed25519KeyPair } from '../support/ssh-keypair';

const PROMPT = /(?:^|\n)([\w.-]+(?:\([\w./-]+\))?[>#])$/;

/** A pty shell on the double, read the way a client reads EOS: up to the next prompt. */
class Shell {
  private buffer = '';
  private waiter?: () => void;
  closed = false;

  private constructor(private readonly client: Client, private readonly stream: ClientChannel) {
    stream.on('data', (d: Buffer) => {
      this.buffer += d.toString('utf8');
      this.waiter?.();
    });
    stream.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static async open(handle: EosDoubleHandle, extra: Partial<ConnectConfig> = {}, rows = 24): Promise<Shell> {
    const client = await connect(handle, extra);
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: 'vt100', rows, cols: 200 }, (err, s) => (err ? reject(err) : resolve(s))));
    const shell = new Shell(client, stream);
    await shell.until((b) => PROMPT.test(b) || b.endsWith('Password: '));
    shell.buffer = '';
    return shell;
  }

  private async until(done: (buffer: string) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.buffer.replace(/\r/g, ''))) {
      if (this.closed) throw new Error(`shell closed; output so far: ${JSON.stringify(this.buffer)}`);
      if (Date.now() > deadline) throw new Error(`no prompt within ${timeoutMs} ms; output so far: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  /** Sends one line; returns its output (echo and prompt removed) and the prompt that followed. */
  async run(line: string, expect: 'prompt' | 'password' | 'more' = 'prompt'): Promise<{ output: string; prompt: string }> {
    this.buffer = '';
    this.stream.write(`${line}\n`);
    await this.until((b) => (expect === 'password' ? b.endsWith('Password: ') : expect === 'more' ? b.endsWith(' --More-- ') : PROMPT.test(b)));
    const text = this.buffer.replace(/\r/g, '');
    this.buffer = '';
    const m = PROMPT.exec(text);
    const prompt = expect === 'prompt' && m ? m[1] : '';
    const body = expect === 'prompt' && m ? text.slice(0, m.index + (m[0].startsWith('\n') ? 1 : 0)) : text;
    const lines = body.split('\n');
    return { output: lines.slice(1).join('\n').replace(/\n$/, ''), prompt };
  }

  write(data: string): void {
    this.stream.write(data);
  }

  close(): void {
    this.client.end();
  }
}

function connect(handle: EosDoubleHandle, extra: Partial<ConnectConfig> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('ready', () => resolve(client)).on('error', reject);
    client.connect({
      host: handle.host, port: handle.port, username: 'admin', password: 'admin', readyTimeout: 5000,
      hostVerifier: (key: Buffer) => key.equals(pinnedKey(handle.hostPublicKey)),
      ...extra,
    });
  });
}

function pinnedKey(openSsh: string): Buffer {
  const parsed = utils.parseKey(openSsh);
  if (parsed instanceof Error) throw parsed;
  return parsed.getPublicSSH();
}

function exec(handle: EosDoubleHandle, command: string): Promise<{ stdout: string; code: number }> {
  return connect(handle).then((client) => new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      let stdout = '';
      let code = -1;
      stream.on('data', (d: Buffer) => { stdout += d.toString(); });
      stream.on('exit', (c: number) => { code = c; });
      stream.on('close', () => {
        client.end();
        resolve({ stdout, code });
      });
    });
  }));
}

/** The running-config body as EOS prints it: without the `! Command`/`! device`/boot header and `end`. */
function body(runningConfig: string): string {
  return runningConfig.split('\n').filter((l) => l !== '' && !/^! (Command|device|boot)/.test(l)).join('\n').replace(/^(!\n)+/, '').replace(/\nend$/, '');
}

// The reference lab, Leaf-1: the /31s, OSPF on everything, BGP to k-master and k-w1, BGP into OSPF.
const SEED_LEAF1_LINES = [
  'interface Ethernet1', 'no switchport', 'ip address 10.11.99.1/31', '!',
  'interface Ethernet2', 'no switchport', 'ip address 10.0.11.0/31', '!',
  'interface Ethernet3', 'no switchport', 'ip address 10.1.11.0/31',
  'router ospf 1', 'network 0.0.0.0/0 area 0.0.0.0',
  'router bgp 65011', 'neighbor 10.0.11.1 remote-as 65000', 'neighbor 10.1.11.1 remote-as 65001', '!',
  'address-family ipv4', 'neighbor 10.0.11.1 activate', 'neighbor 10.1.11.1 activate',
  'router ospf 1', 'redistribute bgp',
];

const SEED_LEAF1_EXPECTED_BODY = `no aaa root
!
transceiver qsfp default-mode 4x10G
!
service routing protocols model multi-agent
!
hostname Leaf-1
!
spanning-tree mode mstp
!
interface Ethernet1
   no switchport
   ip address 10.11.99.1/31
!
interface Ethernet2
   no switchport
   ip address 10.0.11.0/31
!
interface Ethernet3
   no switchport
   ip address 10.1.11.0/31
!
interface Management1
!
no ip routing
!
router bgp 65011
   neighbor 10.0.11.1 remote-as 65000
   neighbor 10.1.11.1 remote-as 65001
   !
   address-family ipv4
      neighbor 10.0.11.1 activate
      neighbor 10.1.11.1 activate
!
router ospf 1
   redistribute bgp
   network 0.0.0.0/0 area 0.0.0.0
   max-lsa 12000
!`;

describe('EOS double: running-config model (pure)', () => {
  it('renders each cEOS lab running-config exactly as the switch printed it', () => {
    const capture = sharedFixture('ceos_lab4_running_configs.txt');
    const sections = capture.split('> show run\n').slice(1).map((s) => s.slice(0, s.indexOf('\nend\n')));
    assert.equal(sections.length, 5);
    for (const section of sections) {
      const original = section.split('\n').filter((l) => l !== '' && !l.startsWith('! Command') && !l.startsWith('! device')).join('\n').replace(/^!\n/, '');
      assert.equal(renderConfigBody(parseRunningConfig(section)).join('\n'), original);
    }
  });

  it('formats session diffs like EOS (napalm fixtures of show session-config named … diffs)', () => {
    for (const name of ['napalm_eos_new_good.diff.txt', 'napalm_eos_merge_good.diff.txt']) {
      const fixture = sharedFixture(name).replace(/\n$/, '');
      // Rebuild both files from the hunks; lines outside them are filler equal on both sides.
      const before: string[] = [];
      const after: string[] = [];
      let filler = 0;
      const fillTo = (line: number) => {
        while (before.length < line - 1) {
          before.push(`filler ${filler}`);
          after.push(`filler ${filler++}`);
        }
      };
      for (const line of fixture.split('\n')) {
        const hunk = /^@@ -(\d+)/.exec(line);
        if (hunk) fillTo(Number(hunk[1]));
        else if (line.startsWith('-')) before.push(line.slice(1));
        else if (line.startsWith('+')) after.push(line.slice(1));
        else {
          before.push(line.slice(1));
          after.push(line.slice(1));
        }
      }
      // Both captures end at the last block of the file; EOS config files then end with `end`.
      before.push('end');
      after.push('end');
      const diff = unifiedDiff(before, after, 'system:/running-config', 'session:/s-session-config');
      assert.deepEqual(diff.slice(0, 2), ['--- system:/running-config', '+++ session:/s-session-config']);
      assert.equal(diff.slice(2).join('\n'), fixture, name);
    }
  });
});

describe('EOS double over SSH', function () {
  this.timeout(20000);
  let sw: EosDoubleHandle;
  const shells: Shell[] = [];
  const openShell = async (extra: Partial<ConnectConfig> = {}, rows = 24) => {
    const s = await Shell.open(sw, extra, rows);
    shells.push(s);
    return s;
  };

  beforeEach(async () => {
    sw = await startEosDouble({ hostname: 'Leaf-1', ethernetPorts: 3 });
  });

  afterEach(async () => {
    for (const s of shells.splice(0)) s.close();
    await sw.stop();
  });

  it('configures Leaf-1 of the reference lab through a config session: prompts, diff, commit, one SSH session', async () => {
    const sh = await openShell();
    assert.equal((await sh.run('terminal length 0')).prompt, 'Leaf-1#');
    await sh.run('terminal width 32767');
    const before = sw.runningConfig();
    const opened = await sh.run('configure session kf-leaf1-a1b2c3');
    assert.equal(opened.prompt, 'Leaf-1(config-s-kf-lea)#', 'EOS shows the first 6 characters of the session name');
    const prompts: string[] = [];
    for (const line of SEED_LEAF1_LINES) {
      const r = await sh.run(line);
      assert.equal(r.output, '', `'${line}' answered ${r.output}`);
      prompts.push(r.prompt);
    }
    assert.deepEqual([...new Set(prompts)], [
      'Leaf-1(config-s-kf-lea-if-Et1)#', 'Leaf-1(config-s-kf-lea-if-Et2)#', 'Leaf-1(config-s-kf-lea-if-Et3)#',
      'Leaf-1(config-s-kf-lea-router-ospf)#', 'Leaf-1(config-s-kf-lea-router-bgp)#', 'Leaf-1(config-s-kf-lea-router-bgp-af)#',
    ]);
    assert.equal(sw.runningConfig(), before, 'nothing reaches running-config before commit');

    const diff = (await sh.run('show session-config named kf-leaf1-a1b2c3 diffs')).output.split('\n');
    assert.deepEqual(diff.slice(0, 2), ['--- system:/running-config', '+++ session:/kf-leaf1-a1b2c3-session-config']);
    assert.match(diff[2], /^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    assert.ok(diff.includes('+   ip address 10.0.11.0/31') && diff.includes('+router bgp 65011') && diff.includes('+      neighbor 10.1.11.1 activate'));
    assert.ok(diff.includes(' interface Ethernet2'), 'unchanged lines appear as context');

    const sessions = (await sh.run('show configuration sessions')).output;
    assert.match(sessions, /^\* kf-leaf1-a1b2c3 +pending +admin +vty\d+$/m);

    const committed = await sh.run('commit');
    assert.deepEqual([committed.output, committed.prompt], ['', 'Leaf-1#']);
    assert.equal(body(sw.runningConfig()), SEED_LEAF1_EXPECTED_BODY);
    assert.equal((await sh.run('write memory')).output, 'Copy completed successfully.');
    assert.equal(sw.startupConfig(), sw.runningConfig().replace('! Command: show running-config\n', ''));
    assert.equal((await sh.run('show running-config')).output, sw.runningConfig());
    assert.deepEqual(sw.sessions().map((s) => [s.name, s.state]), [['kf-leaf1-a1b2c3', 'completed']]);
    assert.deepEqual([sw.stats().connections, sw.stats().shellChannels], [1, 1]);
  });

  it('abort leaves running-config unchanged and removes the session', async () => {
    const sh = await openShell();
    const before = sw.runningConfig();
    await sh.run('configure session kf-abort-1');
    await sh.run('interface Ethernet2');
    await sh.run('description to k-master');
    const aborted = await sh.run('abort');
    assert.deepEqual([aborted.output, aborted.prompt], ['', 'Leaf-1#']);
    assert.equal(sw.runningConfig(), before);
    assert.deepEqual(sw.sessions(), []);
    assert.equal((await sh.run('show session-config named kf-abort-1 diffs')).output, SESSION_MESSAGES.noSuchSession('kf-abort-1'));
  });

  it('commit timer: rolls back when not confirmed in time, keeps the change when confirmed', async () => {
    const sh = await openShell();
    const before = sw.runningConfig();
    await sh.run('configure session kf-timer-1');
    await sh.run('router bgp 65011');
    await sh.run('neighbor 10.0.11.1 remote-as 65000');
    assert.equal((await sh.run('commit timer 00:00:02')).prompt, 'Leaf-1#');
    assert.match(sw.runningConfig(), /neighbor 10\.0\.11\.1 remote-as 65000/, 'committed for the duration of the timer');
    assert.match((await sh.run('show configuration sessions')).output, /kf-timer-1 +pendingCommitTimer/);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(sw.runningConfig(), before, 'unconfirmed commit rolled back');
    assert.deepEqual(sw.sessions(), []);

    await sh.run('configure session kf-timer-2');
    await sh.run('router bgp 65011');
    await sh.run('end');
    await sh.run('configure session kf-timer-2 commit timer 00:00:02');
    assert.equal((await sh.run('configure session kf-timer-2 commit')).output, '');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.match(sw.runningConfig(), /^router bgp 65011$/m, 'confirmed commit stays');
    assert.deepEqual(sw.sessions().map((s) => s.state), ['completed']);
  });

  it('answers invalid, incomplete, ambiguous and semantic errors like EOS, and applies none of them', async () => {
    const sh = await openShell();
    await sh.run('configure terminal');
    await sh.run('router bgp 65011');
    await sh.run('neighbor 10.0.11.1 remote-as 65000');
    await sh.run('exit');
    await sh.run('interface Ethernet2');
    await sh.run('no switchport');
    await sh.run('ip address 10.0.11.0/31');
    await sh.run('router ospf 1');
    await sh.run('interface Loopback0');
    await sh.run('end');
    const before = sw.runningConfig();
    const cases: Array<[string, string, string]> = [
      ['router bgp 65011', 'neighbor 10.0.11.1 remote-as', CLI_MESSAGES.incomplete],
      ['router bgp 65011', 'neighbor 10.0.11.1 remote-as 4294967296', "% Invalid input (at token 3: '4294967296')"],
      ['router bgp 65011', 'neighbor 10.0.11.1 remote-ass 65000', "% Invalid input (at token 2: 'remote-ass')"],
      ['router bgp 65011', 'neighbor 10.0.11.1 activate', "% Invalid input (at token 2: 'activate')"],
      ['router bgp 65011', 'router bgp 65012', CONFIG_MESSAGES.bgpAlreadyRunning('65011')],
      ['router ospf 1', 'network 10.0.0.0/33 area 0', "% Invalid input (at token 1: '10.0.0.0/33')"],
      ['router ospf 1', 'redistribute', CLI_MESSAGES.incomplete],
      ['router ospf 1', 'redistribute rip', "% Invalid input (at token 1: 'rip')"],
      ['interface Ethernet3', 'ip address 10.0.11.1/31', '% Subnet 10.0.11.0/31 overlaps with subnet 10.0.11.0/31 of interface Ethernet2'],
      ['interface Ethernet3', 'ip address 10.0.11.0/31', CONFIG_MESSAGES.addressAssigned('10.0.11.0/31', 'Ethernet2')],
      ['interface Ethernet3', 'ip ospf network broadcast', "% Invalid input (at token 3: 'broadcast')"],
      ['interface Loopback0', 'no switchport', "% Invalid input (at token 1: 'switchport')"],
      ['configure terminal', 'i', CLI_MESSAGES.ambiguous],
      ['configure terminal', 'ro', CLI_MESSAGES.ambiguous],
      ['configure terminal', 'ip rout', CLI_MESSAGES.ambiguous],
      ['configure terminal', 'interface', CLI_MESSAGES.incomplete],
      ['configure terminal', 'interface Ethernet', CLI_MESSAGES.incomplete],
      ['configure terminal', 'interface Port-Channel1', "% Invalid input (at token 1: 'Port-Channel1')"],
      ['configure terminal', 'no interface Ethernet2', CONFIG_MESSAGES.physicalRemoval],
      ['configure terminal', 'ip domain-name lab', "% Invalid input (at token 1: 'domain-name')"],
      ['configure terminal', 'hostname', CLI_MESSAGES.incomplete],
      ['configure terminal', 'frobnicate', "% Invalid input (at token 0: 'frobnicate')"],
    ];
    for (const [context, line, expected] of cases) {
      await sh.run('end');
      await sh.run('configure terminal');
      if (context !== 'configure terminal') await sh.run(context);
      assert.equal((await sh.run(line)).output, expected, `'${line}' in '${context}'`);
    }
    await sh.run('end');
    assert.equal(sw.runningConfig(), before);
    await sh.run('configure session kf-no-neighbor');
    await sh.run('router bgp 65011');
    await sh.run('address-family ipv4');
    await sh.run('neighbor 10.0.11.1 activate');
    await sh.run('exit');
    await sh.run('no neighbor 10.0.11.1');
    assert.doesNotMatch(sw.sessions()[0].config, /10\.0\.11\.1/, '`no neighbor` removes the neighbor everywhere');
    await sh.run('abort');
    assert.equal((await sh.run('show ip bgp summary')).output, "% Invalid input (at token 1: 'ip')");
    assert.equal((await sh.run('sh run sec bgp')).output, 'router bgp 65011\n   neighbor 10.0.11.1 remote-as 65000\n!');
  });

  it('prints warnings (`!`) for accepted lines EOS warns about', async () => {
    const sh = await openShell();
    await sh.run('configure terminal');
    await sh.run('interface Ethernet2');
    assert.equal((await sh.run('ip address 10.0.11.0/31')).output, CONFIG_MESSAGES.notRoutedPort('Ethernet2'));
    assert.equal((await sh.run('interface Ethernet9')).output, CONFIG_MESSAGES.interfaceMissing);
    assert.match(sw.runningConfig(), /interface Ethernet2\n {3}ip address 10\.0\.11\.0\/31/);
  });

  it('limits pending sessions and refuses to re-enter a completed one', async () => {
    const sh = await openShell();
    for (let i = 1; i <= 5; i++) {
      assert.equal((await sh.run(`configure session kf-s${i}`)).prompt, `Leaf-1(config-s-kf-s${i})#`);
      await sh.run('end');
    }
    const sixth = await sh.run('configure session kf-s6');
    assert.deepEqual([sixth.output, sixth.prompt], [SESSION_MESSAGES.tooManyPending, 'Leaf-1#']);
    assert.equal((await sh.run('no configure session kf-s5')).output, '');
    assert.equal((await sh.run('configure session kf-s6')).prompt, 'Leaf-1(config-s-kf-s6)#');
    await sh.run('commit');
    const again = await sh.run('configure session kf-s6');
    assert.deepEqual([again.output, again.prompt], [SESSION_MESSAGES.alreadyCompleted, 'Leaf-1#']);
    assert.equal((await sh.run('show configuration sessions')).output.split('\n').slice(0, 2).join('\n'),
      'Maximum number of completed sessions: 1\nMaximum number of pending sessions: 5');
  });

  it('pins its host key: the right key connects, any other key is refused', async () => {
    assert.match(sw.hostPublicKey, /^ssh-ed25519 AAAA[\w+/=]+ eos-double$/);
    const ok = await connect(sw);
    ok.end();
    const other = ed25519KeyPair().public;
    await assert.rejects(connect(sw, { hostVerifier: (key: Buffer) => key.equals(pinnedKey(other)) }), /verification failed/i);
  });

  it('runs show commands on an exec channel, with | json where EOS has a JSON model', async () => {
    const version = await exec(sw, 'show version');
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^Arista vEOS-lab\n[\s\S]*Software image version: 4\.32\.0F\n/);
    const json = JSON.parse((await exec(sw, 'show running-config | json')).stdout) as { cmds: Record<string, unknown> };
    assert.equal(json.cmds['hostname Leaf-1'], null);
    assert.deepEqual(json.cmds['interface Ethernet1'], null);
    const unconverted = await exec(sw, 'show session-config named x diffs | json');
    assert.deepEqual([unconverted.stdout, unconverted.code], [`${SESSION_MESSAGES.noSuchSession('x')}\n`, 1]);
    assert.equal((await exec(sw, 'show running-config | include ^hostname')).stdout, 'hostname Leaf-1\n');
    assert.equal(sw.stats().execChannels, 4);
  });

  it('pages long output unless the client sends terminal length 0', async () => {
    const sh = await openShell({}, 10);
    const paged = await sh.run('show running-config', 'more');
    assert.equal(paged.output.split('\n').length, 9 + 1, '9 lines, then --More--');
    sh.write('q');
    await sh.run('');
    await sh.run('terminal length 0');
    assert.ok(!(await sh.run('show running-config')).output.includes('--More--'));
  });

  it('starts unprivileged when configured, with an enable password', async () => {
    await sw.stop();
    sw = await startEosDouble({ hostname: 'Leaf-1', users: [{ username: 'ops', password: 'pw', privilege: 1 }], enablePassword: 'en-secret' });
    const sh = await openShell({ username: 'ops', password: 'pw' });
    assert.equal((await sh.run('show version')).prompt, 'Leaf-1>');
    assert.equal((await sh.run('configure session kf-x')).output, CLI_MESSAGES.privilegedRequired);
    await sh.run('enable', 'password');
    assert.deepEqual(await sh.run('wrong'), { output: CLI_MESSAGES.accessDenied, prompt: 'Leaf-1>' });
    await sh.run('enable', 'password');
    assert.deepEqual(await sh.run('en-secret'), { output: '', prompt: 'Leaf-1#' });
    assert.ok(!sw.transcript().some((t) => t.line.includes('en-secret')), 'the enable password is not recorded');
  });

  it('accepts public-key auth for a configured key and rejects wrong passwords', async () => {
    await sw.stop();
    const key = ed25519KeyPair();
    sw = await startEosDouble({ hostname: 'Leaf-1', users: [{ username: 'admin', publicKeys: [key.public] }] });
    const sh = await openShell({ password: undefined, privateKey: key.private });
    assert.equal((await sh.run('show version')).prompt, 'Leaf-1#');
    await assert.rejects(connect(sw, { password: 'nope' }), /authentication/i);
    assert.equal(sw.stats().authFailures >= 1, true);
  });

  it('test hooks: injected failure, dropped connection, direct state access, concurrent sessions', async () => {
    sw.injectFailure({ match: 'neighbor 10.0.11.1 remote-as 65000', message: '% Error: out of memory', times: 1 });
    const a = await openShell();
    const b = await openShell();
    await a.run('configure session kf-a');
    await b.run('configure session kf-b');
    await a.run('router bgp 65011');
    assert.equal((await a.run('neighbor 10.0.11.1 remote-as 65000')).output, '% Error: out of memory');
    assert.equal((await a.run('neighbor 10.0.11.1 remote-as 65000')).output, '', 'the failure was injected once');
    assert.deepEqual(sw.sessions().map((s) => s.name).sort(), ['kf-a', 'kf-b']);
    assert.match(sw.sessions().find((s) => s.name === 'kf-a')?.config ?? '', /neighbor 10\.0\.11\.1 remote-as 65000/);

    sw.setRunningConfig(sw.runningConfig().replace('hostname Leaf-1', 'hostname Leaf-1-edited'));
    assert.equal((await b.run('end')).prompt, 'Leaf-1-edited#', 'hand edits show up at once');

    sw.dropConnectionAfter(1);
    await a.run('exit');
    await assert.rejects(a.run('show version'), /shell closed/);
    assert.ok(a.closed);
    assert.deepEqual([sw.stats().connections, sw.stats().shellChannels], [2, 2]);
  });

  it('loads an EOS running-config as start config and keeps EOS order when lines are added', async () => {
    await sw.stop();
    const capture = sharedFixture('ceos_lab4_running_configs.txt');
    const leaf2 = capture.split('> show run\n')[3];
    const start = leaf2.slice(0, leaf2.indexOf('\nend\n') + 5);
    sw = await startEosDouble({ startConfig: start, managementInterface: 'Management0' });
    const sh = await openShell();
    assert.equal((await sh.run('terminal length 0')).prompt, 'leaf2#');
    assert.equal(body(sw.runningConfig()), body(start.split('\n').filter((l) => !l.startsWith('! Command')).join('\n').replace(/\n$/, '')));
    await sh.run('configure session kf-l2');
    assert.equal((await sh.run('router bgp 65001')).output, CONFIG_MESSAGES.bgpAlreadyRunning('65002'));
    await sh.run('router bgp 65002');
    await sh.run('neighbor 10.1.0.8 remote-as 65000');
    await sh.run('commit');
    assert.match(sw.runningConfig(), /neighbor 10\.1\.0\.6 remote-as 65000\n {3}neighbor 10\.1\.0\.8 remote-as 65000\n {3}neighbor 100\.100\.100\.1 remote-as/);
  });
});

// ---- the lines kube-fabric types --------------------------------------------------------------
// Every line the EOS renderer emits (both phases, every EOS switch of the dev stack and of a pooled fabric),
// planned by the provider's change-script core and typed into the double over SSH in a config session.

const eosCore = dialectOf('eos');
const devStackSwitches = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS }).devices.filter((d) => d.dialect === 'eos');
const pooledSwitches = buildPlan({ topology: pooledTopology({ spines: 2, leaves: 4, nodes: 10 }), secrets: ALL_SECRETS }).devices
  .filter((d) => d.dialect === 'eos');
const phasesOf = (device: DevicePlan): Array<[string, OwnedConfig]> => [
  ['underlay', eosCore.renderUnderlay(device)],
  ['node-peering', eosCore.renderNodePeering(device)],
];
const ETHERNET_PORTS = 52; // pooled leaves use Ethernet49/50 as uplinks

/** Types `lines` in a new config session: each must be accepted silently in a session prompt; then commits. */
async function typeInSession(sh: Shell, session: string, lines: readonly string[], finish: 'commit' | 'abort' = 'commit'): Promise<string[]> {
  const prompts: string[] = [];
  const opened = await sh.run(`configure session ${session}`);
  assert.equal(opened.output, '');
  for (const line of lines) {
    const r = await sh.run(line);
    assert.equal(r.output, '', `'${line}' answered ${r.output}`);
    assert.ok(r.prompt.includes(`(config-s-${session.slice(0, 6)}`), `'${line}' left the session: ${r.prompt}`);
    prompts.push(r.prompt);
  }
  const done = await sh.run(finish);
  assert.equal(done.output, '');
  assert.match(done.prompt, /#$/);
  assert.ok(!done.prompt.includes('(config'), `${finish} leaves configuration mode`);
  return prompts;
}

const deviceTree = (sw: EosDoubleHandle) => parseDeviceConfig('eos', sw.runningConfig());

function notPresent(statuses: ReturnType<typeof findOwned>): string[] {
  return statuses.filter((s) => s.state !== 'present').map((s) => `${s.path.join(' > ')}: ${s.state}`);
}

/** Creates both phases, checks every owned line runs, re-plans nothing, deletes both and is back at the start. */
async function roundTrip(device: DevicePlan): Promise<void> {
  const sw = await startEosDouble({ hostname: device.name, ethernetPorts: ETHERNET_PORTS });
  const sh = await Shell.open(sw);
  try {
    await sh.run('terminal length 0');
    const baseline = sw.runningConfig();
    const adopted: Record<string, LinePath[]> = {};
    for (const [phase, owned] of phasesOf(device)) {
      const change = changeScript('eos', deviceTree(sw), [], owned);
      adopted[phase] = change.adopted.map((p) => [...p]);
      await typeInSession(sh, `kf-${phase}-create`, change.lines);
      assert.deepEqual(notPresent(findOwned('eos', deviceTree(sw), owned)), [], `${device.name} ${phase}: every owned line runs`);
    }
    for (const [phase, owned] of phasesOf(device)) {
      const again = changeScript('eos', deviceTree(sw), owned, owned, { adopted: adopted[phase] });
      assert.deepEqual(again.lines, [], `${device.name} ${phase}: the double prints the lines as the provider expects them`);
    }
    for (const [phase, owned] of phasesOf(device).reverse()) {
      const removal = changeScript('eos', deviceTree(sw), owned, [], { adopted: adopted[phase] });
      await typeInSession(sh, `kf-${phase}-delete`, removal.lines);
    }
    assert.equal(sw.runningConfig(), baseline, `${device.name}: deleting both phases restores the start config`);
  } finally {
    sh.close();
    await sw.stop();
  }
}

describe('EOS double: every line the EOS renderer types', function () {
  this.timeout(300000); // ten switches, three config sessions each: minutes on a loaded 2-core machine

  it('dev stack: both phases of every EOS switch apply, commit and read back in full; deleting them restores the start config', async () => {
    assert.deepEqual(devStackSwitches.map((d) => d.name), ['Spine-1', 'Leaf-1', 'Leaf-2', 'Leaf-3']);
    for (const device of devStackSwitches) await roundTrip(device);
  });

  it('pooled fabric (2 spines, 4 leaves, 10 nodes, loopbacks): the same on every switch', async () => {
    assert.equal(pooledSwitches.length, 6);
    for (const device of pooledSwitches) await roundTrip(device);
  });

  it('accepts the negation of every owned line (the syntax rules\' removal commands) and each one removes its line', async () => {
    for (const device of [...devStackSwitches, ...pooledSwitches]) {
      const sw = await startEosDouble({ hostname: device.name, ethernetPorts: ETHERNET_PORTS });
      const sh = await Shell.open(sw);
      try {
        await sh.run('terminal length 0');
        for (const [phase, owned] of phasesOf(device)) await typeInSession(sh, `kf-${phase}`, changeScript('eos', deviceTree(sw), [], owned).lines);
        const applied = sw.runningConfig();
        const owned = phasesOf(device).flatMap(([, lines]) => lines);
        // One negation per owned line, typed in its context; contexts that cannot be removed are only entered.
        const lines: string[] = [];
        const negateAll = (list: OwnedConfig, kind: string, contexts: string[]) => {
          for (const line of list) {
            const rule = classify(eosSyntax, kind, line.text)?.rule;
            assert.ok(rule, `${device.name}: the EOS syntax has a rule for '${[...contexts, line.text].join(' > ')}'`);
            if (rule.opens !== undefined) negateAll(line.children, rule.opens, [...contexts, line.text]);
            if (rule.opens === undefined || rule.removable === true) lines.push(...contexts, negationOf(eosSyntax, kind, line.text), ...contexts.map(() => 'exit'));
          }
        };
        negateAll(owned, 'top', []);
        await typeInSession(sh, 'kf-negations', lines, 'abort');
        assert.equal(sw.runningConfig(), applied, 'abort left the running config alone');
        await typeInSession(sh, 'kf-negations-2', lines);
        const left = findOwned('eos', deviceTree(sw), owned).filter((s) => s.state === 'present').map((s) => s.path.join(' > '));
        // Hidden defaults stay in effect by definition; everything else is gone.
        assert.deepEqual(left.filter((p) => !/maximum-routes 12000$|max-lsa 12000$/.test(p)), [], device.name);
      } finally {
        sh.close();
        await sw.stop();
      }
    }
  });

  it('prints Leaf-1\'s BGP policy where EOS does: prefix-lists after ip routing, route-maps before router bgp', async () => {
    const leaf1 = devStackSwitches.find((d) => d.name === 'Leaf-1') as DevicePlan;
    const sw = await startEosDouble({ hostname: 'Leaf-1', ethernetPorts: 3 });
    const sh = await Shell.open(sw);
    try {
      await sh.run('terminal length 0');
      for (const [phase, owned] of phasesOf(leaf1)) await typeInSession(sh, `kf-${phase}`, changeScript('eos', deviceTree(sw), [], owned).lines);
      const text = body(sw.runningConfig());
      assert.equal(text.slice(text.indexOf('ip routing')), LEAF1_POLICY_BODY);
    } finally {
      sh.close();
      await sw.stop();
    }
  });

  it('route-map and prefix-list modes: EOS prompts in and out of a session, saved on exit, dropped by their own abort', async () => {
    const sw = await startEosDouble({ hostname: 'Leaf-1', ethernetPorts: 3 });
    const sh = await Shell.open(sw);
    try {
      await sh.run('configure session kf-policy');
      assert.equal((await sh.run('ip prefix-list PL-A')).prompt, 'Leaf-1(config-s-kf-pol-ip-pfx)#');
      assert.equal((await sh.run('seq 10 permit 10.66.0.0/24 le 32')).output, '');
      assert.equal((await sh.run('permit 10.96.0.0/12')).output, '', 'a rule without a number gets the last one + 10');
      assert.equal((await sh.run('seq 10 deny 10.0.0.0/8')).output, POLICY_MESSAGES.duplicateSequence);
      assert.equal((await sh.run('route-map RM-A permit 10')).prompt, 'Leaf-1(config-s-kf-pol-route-map-RM-A)#', 'another mode saves the list');
      await sh.run('match ip address prefix-list PL-A');
      assert.doesNotMatch(sw.sessions()[0].config, /route-map RM-A/, 'a route-map edit is not in the config before the mode is left');
      assert.equal((await sh.run('exit')).prompt, 'Leaf-1(config-s-kf-pol)#');
      assert.match(sw.sessions()[0].config, /\nip prefix-list PL-A\n {3}seq 10 permit 10\.66\.0\.0\/24 le 32\n {3}seq 20 permit 10\.96\.0\.0\/12\n!\n/);
      assert.match(sw.sessions()[0].config, /\nroute-map RM-A permit 10\n {3}match ip address prefix-list PL-A\n!\n/);
      await sh.run('route-map RM-A permit 10');
      await sh.run('no match ip address prefix-list PL-A');
      const aborted = await sh.run('abort');
      assert.equal(aborted.prompt, 'Leaf-1(config-s-kf-pol)#', 'abort in a route-map mode leaves the session open');
      assert.match(sw.sessions()[0].config, /match ip address prefix-list PL-A/, 'the aborted edit is dropped');
      await sh.run('commit');
      await sh.run('configure');
      assert.equal((await sh.run('route-map RM-A deny 10')).prompt, 'Leaf-1(config-route-map-RM-A)#');
      assert.equal((await sh.run('ip prefix-list PL-A')).prompt, 'Leaf-1(config-ip-pfx)#');
      await sh.run('no seq 20');
      await sh.run('end');
      assert.match(sw.runningConfig(), /\nip prefix-list PL-A\n {3}seq 10 permit 10\.66\.0\.0\/24 le 32\n!\nroute-map RM-A deny 10\n {3}match ip address prefix-list PL-A\n!\n/);
      await sh.run('configure');
      await sh.run('no route-map RM-A deny 10');
      await sh.run('no ip prefix-list PL-A');
      await sh.run('end');
      assert.doesNotMatch(sw.runningConfig(), /RM-A|PL-A/);
    } finally {
      sh.close();
      await sw.stop();
    }
  });
});

const LEAF1_POLICY_BODY = `ip routing
!
ip prefix-list KF-NODE-10-0-11-1
   seq 10 permit 10.66.0.0/24 le 32
   seq 20 permit 10.96.0.0/12 le 32
!
ip prefix-list KF-NODE-10-1-11-1
   seq 10 permit 10.66.1.0/24 le 32
   seq 20 permit 10.96.0.0/12 le 32
!
route-map KF-FROM-NODE-10-0-11-1 permit 10
   match ip address prefix-list KF-NODE-10-0-11-1
!
route-map KF-FROM-NODE-10-1-11-1 permit 10
   match ip address prefix-list KF-NODE-10-1-11-1
!
route-map KF-TO-NODES deny 10
!
router bgp 65011
   router-id 10.11.99.1
   no bgp default ipv4-unicast
   neighbor 10.0.11.1 remote-as 65000
   neighbor 10.0.11.1 description k-master
   neighbor 10.0.11.1 route-map KF-FROM-NODE-10-0-11-1 in
   neighbor 10.0.11.1 route-map KF-TO-NODES out
   neighbor 10.0.11.1 maximum-routes 368
   neighbor 10.1.11.1 remote-as 65001
   neighbor 10.1.11.1 description k-w1
   neighbor 10.1.11.1 route-map KF-FROM-NODE-10-1-11-1 in
   neighbor 10.1.11.1 route-map KF-TO-NODES out
   neighbor 10.1.11.1 maximum-routes 368
   !
   address-family ipv4
      neighbor 10.0.11.1 activate
      neighbor 10.1.11.1 activate
!
router ospf 1
   router-id 10.11.99.1
   passive-interface Ethernet2
   passive-interface Ethernet3
   redistribute bgp
   max-lsa 12000
!`;
