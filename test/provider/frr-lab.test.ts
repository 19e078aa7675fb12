// The FRR lab the provider's contract tests stand on: real FRR in namespaces, real OpenSSH, real ssh2.
import assert from "assert";
import { existsSync, readdirSync, readFileSync } from "fs";
import { Client, ClientChannel } from "ssh2";
import { FrrLab, LabSshTarget, startFrrLab } from "../../lab/frr-lab";
import { LabSpecError, LabStartError } from "../../lab/errors";
import { listNamespaces, namespaceExists } from "../../lab/netns";
import { descendantsOf, identify, isRunning, ProcessIdentity } from "../../lab/processes";
import { publicKeyBlob } from "../../lab/ssh-keys";
import { sshdLogEvents } from "../../lab/sshd";

const TWO_ROUTERS = {
  routers: [{ name: "r1" }, { name: "r2" }],
  links: [{ a: { router: "r1", interface: "Ethernet1" }, b: { router: "r2", interface: "Ethernet1" } }],
};

/** Connects with ssh2, accepting the server only if its host key equals `pinnedHostKey`. */
function connect(target: LabSshTarget, pinnedHostKey = target.hostKey): Promise<Client> {
  const pinned = publicKeyBlob(pinnedHostKey);
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once("ready", () => resolve(client));
    client.once("error", reject);
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      privateKey: target.privateKey,
      hostVerifier: (key: Buffer) => key.equals(pinned),
      readyTimeout: 10_000,
    });
  });
}

/** An interactive shell channel with a pty, read like an expect script. */
class Terminal {
  private transcript = "";
  private waiters: Array<() => void> = [];
  private constructor(readonly channel: ClientChannel) {
    channel.on("data", (data: Buffer) => {
      this.transcript += data.toString("utf8");
      this.waiters.forEach((wake) => wake());
    });
  }

  static open(client: Client): Promise<Terminal> {
    return new Promise((resolve, reject) => {
      client.shell({ term: "vt100", cols: 200, rows: 50 }, (error, channel) => (error ? reject(error) : resolve(new Terminal(channel))));
    });
  }

  get text(): string {
    return this.transcript;
  }

  /** Resolves once the transcript (from `from` on) matches `pattern`; the bound is generous because a loaded 2-core CI machine starts vtysh slowly. */
  waitFor(pattern: RegExp, from = 0, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.transcript.slice(from).match(pattern);
        if (!match) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((wake) => wake !== check);
        resolve(match[0]);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((wake) => wake !== check);
        reject(new Error(`no ${pattern} within ${timeoutMs} ms; transcript:\n${this.transcript}`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  /** Types a line and waits for the next prompt matching `prompt`; returns the output in between. */
  async type(line: string, prompt: RegExp): Promise<string> {
    const from = this.transcript.length;
    this.channel.write(`${line}\n`);
    await this.waitFor(prompt, from);
    return this.transcript.slice(from);
  }
}

function exec(client: Client, command: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let output = "";
      channel.on("data", (data: Buffer) => (output += data.toString("utf8")));
      channel.stderr.on("data", (data: Buffer) => (output += data.toString("utf8")));
      channel.once("exit", (code: number) => channel.once("close", () => resolve({ code, output })));
    });
  });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const result = await probe();
      if (result !== undefined) return result;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** PIDs of processes whose command line mentions `text` (e.g. a run's pathspace prefix). */
function processesMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface OspfNeighborJson {
  neighbors?: Record<string, Array<{ state?: string; ifaceName?: string }>>;
}

describe("FRR lab: real FRR routers in namespaces behind real OpenSSH", function () {
  this.timeout(60_000);
  let lab: FrrLab | undefined;

  before(async () => {
    lab = await startFrrLab(TWO_ROUTERS);
  });
  after(async () => {
    await lab?.stop();
  });

  function started(): FrrLab {
    assert.ok(lab, "lab did not start");
    return lab;
  }

  it("lands an ssh login, verified by the pinned host key, in the vtysh of the router it addressed", async () => {
    for (const router of started().routers) {
      const client = await connect(router.ssh);
      try {
        const terminal = await Terminal.open(client);
        await terminal.waitFor(new RegExp(`\\n${router.name}# $`));
        const output = await terminal.type("show running-config", new RegExp(`\\n${router.name}# $`));
        assert.match(output, new RegExp(`^hostname ${router.name}\\r?$`, "m"));
      } finally {
        client.end();
      }
    }
  });

  it("gives every router its own host key, so a login pinned to another router's key is refused", async () => {
    const [r1, r2] = started().routers;
    assert.notStrictEqual(r1.ssh.hostKey, r2.ssh.hostKey);
    assert.notStrictEqual(r1.ssh.port, r2.ssh.port);
    await assert.rejects(connect(r1.ssh, r2.ssh.hostKey), /verification failed|Handshake failed/i);
  });

  it("counts the logins and connections each router's sshd accepted, current as soon as a login completes", async () => {
    const [r1, r2] = started().routers;
    const before = { logins: r1.sshLogins(), connections: r1.sshConnections(), otherLogins: r2.sshLogins() };
    const client = await connect(r1.ssh);
    client.end();
    assert.strictEqual(r1.sshLogins() - before.logins, 1, "one login on r1");
    assert.strictEqual(r1.sshConnections() - before.connections, 1, "one connection to r1");
    assert.strictEqual(r2.sshLogins(), before.otherLogins, "no login on r2");

    await assert.rejects(connect(r1.ssh, r2.ssh.hostKey), /verification failed|Handshake failed/i);
    assert.strictEqual(r1.sshConnections() - before.connections, 2, "the refused attempt is a connection");
    assert.strictEqual(r1.sshLogins() - before.logins, 1, "but not a login");
  });

  it("runs a one-shot CLI command sent on an exec channel, with vtysh's exit status", async () => {
    const client = await connect(started().router("r2").ssh);
    try {
      const version = await exec(client, "show version");
      assert.strictEqual(version.code, 0);
      assert.match(version.output, /^FRRouting \S+ \(r2\)/m);
      const bad = await exec(client, "show no-such-thing");
      assert.strictEqual(bad.code, 1);
      assert.match(bad.output, /% Unknown command/);
    } finally {
      client.end();
    }
  });

  it("keeps a config line typed over the ssh shell, as show running-config reports it", async () => {
    const r1 = started().router("r1");
    const client = await connect(r1.ssh);
    try {
      const terminal = await Terminal.open(client);
      await terminal.waitFor(/\nr1# $/);
      await terminal.type("configure terminal", /\nr1\(config\)# $/);
      await terminal.type("router bgp 65011", /\nr1\(config-router\)# $/);
      const typed = await terminal.type("bgp router-id 192.0.2.11", /\nr1\(config-router\)# $/);
      assert.doesNotMatch(typed, /%/);
      await terminal.type("end", /\nr1# $/);
    } finally {
      client.end();
    }
    const running = await r1.vtysh("show running-config");
    assert.match(running, /^router bgp 65011\n bgp router-id 192\.0\.2\.11$/m);
  });

  it("brings OSPF to Full over a /31 on Ethernet1 between the two routers", async () => {
    const ospf = (address: string, routerId: string) => [
      "configure terminal",
      "router ospf",
      `ospf router-id ${routerId}`,
      "exit",
      "interface Ethernet1",
      `ip address ${address}`,
      "ip ospf network point-to-point",
      // Timers before the area: the first hello leaves as soon as the area is set, and the peer
      // rejects a hello carrying the default dead interval (FRR logs "RouterDeadInterval mismatch").
      "ip ospf hello-interval 1",
      "ip ospf dead-interval 4",
      "ip ospf area 0",
      "end",
    ];
    const r1 = started().router("r1");
    const r2 = started().router("r2");
    assert.deepStrictEqual([r1.interfaces, r2.interfaces], [["Ethernet1"], ["Ethernet1"]]);
    await r1.vtysh(ospf("10.0.12.0/31", "1.1.1.1"));
    await r2.vtysh(ospf("10.0.12.1/31", "2.2.2.2"));

    const state = await eventually(
      "OSPF adjacency r1 -> 2.2.2.2 Full",
      async () => {
        const neighbors = JSON.parse(await r1.vtysh("show ip ospf neighbor json")) as OspfNeighborJson;
        const neighbor = neighbors.neighbors?.["2.2.2.2"]?.[0];
        return neighbor?.state?.startsWith("Full") ? neighbor : undefined;
      },
      30_000,
    );
    assert.match(state.ifaceName ?? "", /^Ethernet1/);
    const fromR2 = JSON.parse(await r2.vtysh("show ip ospf neighbor json")) as OspfNeighborJson;
    assert.match(fromR2.neighbors?.["1.1.1.1"]?.[0]?.state ?? "none", /^Full/);
  });
});

describe("FRR lab: reading sshd's log", () => {
  const port = 40137;
  const log = [
    "Server listening on 127.0.0.1 port 40137.",
    'Connection from 127.0.0.1 port 39174 on 127.0.0.1 port 40137 rdomain ""',
    "Accepted key ED25519 SHA256:K6Zj found at /tmp/kf/r1/sshd/authorized_keys:1",
    "Postponed publickey for root from 127.0.0.1 port 39174 ssh2 [preauth]",
    "Accepted publickey for root from 127.0.0.1 port 39174 ssh2: ED25519 SHA256:K6Zj",
    'Connection from 127.0.0.1 port 39180 on 127.0.0.1 port 40137 rdomain ""',
    "Connection closed by 127.0.0.1 port 39180 [preauth]",
    'Connection from 127.0.0.1 port 39190 on 127.0.0.1 port 50000 rdomain ""',
    "",
  ].join("\r\n");

  it("counts accepted logins (not key matches or postponed ones) and connections to this port", () => {
    assert.deepStrictEqual(sshdLogEvents(log, port), { logins: 1, connections: 2 });
  });

  it("counts only whole lines: sshd may be writing the last one", () => {
    assert.deepStrictEqual(sshdLogEvents(`${log}Accepted publickey for root from 127.0.0.1 port 39200 ssh2: ED`, port), { logins: 1, connections: 2 });
    assert.deepStrictEqual(sshdLogEvents(`${log}Accepted publickey for root from 127.0.0.1 port 39200 ssh2: ED\r\n`, port), { logins: 2, connections: 2 });
  });
});

describe("FRR lab: start failures and stop()", function () {
  this.timeout(60_000);

  it("stop() leaves no namespace, process, socket or temp directory behind, even with a session open, and can be called twice", async () => {
    const lab = await startFrrLab(TWO_ROUTERS);
    let started: ProcessIdentity[] = [];
    try {
      const client = await connect(lab.router("r1").ssh);
      const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
      client.on("error", () => undefined); // the server going away mid-session is the point
      const terminal = await Terminal.open(client);
      await terminal.waitFor(/\nr1# $/);

      const pids = lab.routers.flatMap((router) => router.pids);
      const sessions = lab.routers.flatMap((router) => descendantsOf(router.sshdPid));
      assert.ok(sessions.length > 0, "the open ssh session should show up as sshd's descendants");
      started = [...pids.map(identify), ...sessions].filter((identity): identity is ProcessIdentity => identity !== undefined);
      assert.strictEqual(started.length, pids.length + sessions.length, "every started PID should be alive before stop()");

      await lab.stop();
      await closed;
    } finally {
      await lab.stop();
    }
    await lab.stop();

    // An exited process whose parent died waits for PID 1 to reap it; it runs nothing, so it counts as gone.
    assert.deepStrictEqual(started.filter(isRunning).map((identity) => identity.pid), [], "processes left running");
    assert.deepStrictEqual(lab.namespaces.filter(namespaceExists), [], "namespaces left behind");
    assert.deepStrictEqual(listNamespaces().filter((name) => name.startsWith(`${lab.runId}-`)), []);
    assert.strictEqual(existsSync(lab.workDir), false, `temp dir ${lab.workDir} left behind`);
    for (const router of lab.routers) assert.strictEqual(existsSync(`/var/run/frr/${router.pathspace}`), false);
    assert.deepStrictEqual(processesMentioning(`${lab.runId}-`), []);
  });

  it("rejects a bad spec naming the field and the fix, before touching the host", async () => {
    const before = listNamespaces();
    await assert.rejects(
      startFrrLab({ routers: [{ name: "leaf1" }, { name: "spine1" }], links: [{ a: { router: "leaf1", interface: "Ethernet1/1" }, b: { router: "spine1", interface: "Ethernet1" } }] }),
      (error: unknown) => error instanceof LabSpecError && error.field === "links[0].a.interface" && /Ethernet1\/1/.test(error.message) && /Fix:/.test(error.message),
    );
    assert.deepStrictEqual(listNamespaces(), before);
  });

  it("fails loudly when a router cannot start, saying what failed, and removes what it had started", async () => {
    let failure: unknown;
    try {
      const lab = await startFrrLab({ routers: [{ name: "good" }, { name: "bad", config: ["router ospf", " no-such-ospf-command 1"] }] });
      await lab.stop();
    } catch (error) {
      failure = error;
    }
    assert.ok(failure instanceof LabStartError, `expected LabStartError, got ${String(failure)}`);
    assert.match(failure.message, /FRR of bad/);
    assert.match(failure.message, /no-such-ospf-command/);
    assert.match(failure.message, /everything it started was stopped and removed/);
    const runId = /lab (kf-\d+-\d+)/.exec(failure.message)?.[1];
    assert.ok(runId, "the error names the lab run");
    assert.deepStrictEqual(listNamespaces().filter((name) => name.startsWith(`${runId}-`)), []);
    assert.strictEqual(existsSync(`/var/run/frr/${runId}-good`), false);
    assert.strictEqual(existsSync(`/var/run/frr/${runId}-bad`), false);
    assert.deepStrictEqual(processesMentioning(`${runId}-`), [], "processes of the failed run left running");
  });
});
