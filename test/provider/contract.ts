// The switch provider's contract, one suite for every dialect: plan intent is rendered, applied through the
// provider's check/create/read/update/delete over SSH, and the device is inspected out of band.
// Runners: contract-frr.test.ts (real FRR behind real OpenSSH), contract-eos.test.ts (the EOS double).
import assert from "assert";
import type { DevicePlan } from "../../model/device-plan";
import { dialectOf } from "../../providers/dialects/registry";
import type { OwnedConfig } from "../../providers/dialects/types";
import type { DialectName } from "../../model/device-plan";
import {
  configPropertyOf,
  configTextOf,
  PREVIEW_FLAG,
  SwitchConfigOutputs,
  SwitchCredentials,
  setProviderHooks,
  switchProvider,
} from "../../providers/switch/provider";
import { startTcpForwarder } from "../support/tcp-forwarder";
import { CommandTimeoutError, ConfigLineRejectedError, HostKeyMismatchError } from "../../providers/switch/ssh/errors";

export interface ContractRouter {
  name: string;
  connection: { host: string; port: number; username: string; hostKey: string };
  credentials: SwitchCredentials;
  /** The interface cabled to the other router. */
  linkInterface: string;
  /** `show running-config`, read out of band (not through the provider). */
  runningConfig(): Promise<string>;
  /** Configuration lines typed out of band, from the top of config mode: a person's hand edit. */
  configureByHand(lines: readonly string[]): Promise<void>;
  /** SSH logins the device accepted so far. */
  sshLogins(): Promise<number>;
  /** TCP connections to the device's SSH port so far, refused ones included. */
  sshConnections(): Promise<number>;
}

export interface ContractTarget {
  dialect: DialectName;
  routers: readonly [ContractRouter, ContractRouter];
  /** Until both routers hold a Full OSPF adjacency; null where the target runs no routing protocols (a double). */
  awaitOspfFull: (() => Promise<void>) | null;
  /** Until `router` reports its BGP session to `neighbor` Established; null for a double. */
  awaitBgpEstablished: ((router: ContractRouter, neighbor: string) => Promise<void>) | null;
  /**
   * A hand-made config on `router` that makes the device itself refuse a line the underlay types, with the
   * lines that undo it and the line expected to be refused.
   */
  conflictWithUnderlay(router: ContractRouter): { lines: string[]; undo: string[]; refusedLine: RegExp };
  stop(): Promise<void>;
}


const ADDRESSES = ["10.11.99.0/31", "10.11.99.1/31"] as const;
const ROUTER_IDS = ["10.255.0.1", "10.255.0.2"] as const;
const ASNS = [65001, 65002] as const;
/** Long enough for any answering device under load (so only the stalled command times out), short enough to wait for. */
const COMMAND_TIMEOUT_SECONDS = 20;

/** A plan for router i of the pair: one routed /31 to the other, OSPF area 0 point-to-point, eBGP to the other. */
export function contractPlan(dialect: DialectName, routers: readonly ContractRouter[], index: 0 | 1): DevicePlan {
  const router = routers[index];
  const peer = 1 - index;
  const peerAddress = ADDRESSES[peer].split("/")[0];
  return {
    name: router.name,
    role: "leaf",
    dialect,
    id: index + 1,
    mgmt: { ...router.connection },
    routerId: ROUTER_IDS[index],
    loopback: null,
    asn: ASNS[index],
    underlay: {
      interfaces: [
        {
          name: router.linkInterface,
          address: ADDRESSES[index],
          description: `to ${routers[peer].name}`,
          routed: true,
          ospf: { area: "0", passive: false, pointToPoint: true },
        },
      ],
      ospf: { processId: 1, routerId: ROUTER_IDS[index], redistribute: [] },
      staticRoutes: [],
    },
    nodePeering: {
      bgp: {
        asn: ASNS[index],
        routerId: ROUTER_IDS[index],
        neighbors: [
          {
            address: peerAddress,
            remoteAsn: ASNS[peer],
            description: routers[peer].name,
            allowedPrefixes: [`10.66.${peer + 1}.0/24`],
            maximumRoutes: 100,
          },
        ],
      },
      ospfProcessId: 1,
      redistributeIntoOspf: ["bgp"],
    },
  } as DevicePlan;
}

type Props = Record<string, unknown>;

export function inputsFor(dialect: DialectName, router: ContractRouter, phase: string, ownedConfig: OwnedConfig, options: Props = {}): Props {
  return {
    device: router.name,
    dialect,
    phase,
    connection: { ...router.connection },
    credentials: { ...router.credentials },
    config: configPropertyOf(dialect, ownedConfig),
    options,
  };
}

/** check() of a switch resource's inputs, which must pass: the inputs as the provider then works on them. */
export async function checked(news: Props): Promise<Props> {
  const result = await switchProvider.check({}, news);
  assert.deepStrictEqual(result.failures ?? [], [], "check() accepts the inputs");
  return result.inputs as Props;
}

/** Runs one provider operation and asserts it used exactly one SSH session on the device. */
async function inOneSession<T>(router: ContractRouter, operation: () => Promise<T>): Promise<T> {
  const before = await router.sshLogins();
  const result = await operation();
  assert.strictEqual((await router.sshLogins()) - before, 1, `exactly one SSH session on ${router.name} for the operation`);
  return result;
}

function lineOf(text: string, running: string): boolean {
  return running.split("\n").some((line) => line.trim() === text);
}

/** Defines the contract suite for one target. */
export function defineSwitchContract(title: string, start: () => Promise<ContractTarget>): void {
  describe(title, function () {
    this.timeout(180_000);
    let target: ContractTarget;
    let dialect: DialectName;
    const baselines: string[] = [];
    const underlay: Array<SwitchConfigOutputs | null> = [null, null];
    const peering: Array<SwitchConfigOutputs | null> = [null, null];

    before(async () => {
      // A target that cannot start fails here, loudly: nothing below is skipped.
      target = await start();
      dialect = target.dialect;
      for (const router of target.routers) baselines.push(await router.runningConfig());
    });
    after(async () => {
      await target?.stop();
    });

    const routers = () => target.routers;
    const plan = (i: 0 | 1) => contractPlan(dialect, routers(), i);
    const underlayConfig = (i: 0 | 1) => dialectOf(dialect).renderUnderlay(plan(i));
    const peeringConfig = (i: 0 | 1) => dialectOf(dialect).renderNodePeering(plan(i));

    it("check() rejects unusable inputs by property, before any device is touched", async () => {
      const router = routers()[0];
      const loginsBefore = await router.sshLogins();
      const connectionsBefore = await router.sshConnections();
      const bad = inputsFor(dialect, router, "underlay", [
        { text: "interface Ethernet1", children: [{ text: "description x; reload", children: [] }] },
      ]);
      (bad.connection as Props).hostKey = "ssh-ed25519 not-base64!";
      bad.credentials = {};
      const result = await switchProvider.check({}, bad);
      const properties = (result.failures ?? []).map((f) => f.property);
      assert.ok(properties.includes("connection.hostKey"), JSON.stringify(result.failures));
      assert.ok(properties.includes("connection"), "missing credentials are reported");
      assert.ok(properties.some((p) => p.startsWith("config[") && p.includes("description x; reload")), "the unsafe line is reported");
      assert.strictEqual(await router.sshLogins(), loginsBefore);
      assert.strictEqual(await router.sshConnections(), connectionsBefore);
    });

    it("a host key mismatch fails at once, without retry and without logging in", async () => {
      const [r1, r2] = routers();
      const inputs = await checked(inputsFor(dialect, r1, "underlay", underlayConfig(0)));
      (inputs.connection as Props).hostKey = r2.connection.hostKey; // another device's key
      const logins = await r1.sshLogins();
      const connections = await r1.sshConnections();
      await assert.rejects(switchProvider.create(inputs), (e: unknown) => e instanceof HostKeyMismatchError && e.message.includes(r1.name));
      assert.strictEqual((await r1.sshConnections()) - connections, 1, "one connection, no retry");
      assert.strictEqual(await r1.sshLogins(), logins, "no login");
      assert.strictEqual(await r1.runningConfig(), baselines[0]);
    });

    it("a line the device refuses fails the change, names the line, and leaves the config identical", async () => {
      const router = routers()[0];
      const conflict = target.conflictWithUnderlay(router);
      await router.configureByHand(conflict.lines);
      const before = await router.runningConfig();
      try {
        const inputs = await checked(inputsFor(dialect, router, "underlay", underlayConfig(0)));
        const error = await inOneSession(router, () =>
          switchProvider.create(inputs).then(
            () => assert.fail("the device accepted a conflicting line"),
            (e: unknown) => e,
          ),
        );
        assert.ok(error instanceof ConfigLineRejectedError, String(error));
        assert.match(error.line, conflict.refusedLine);
        assert.ok(error.lineNumber > 2, "lines before the refused one had been applied and had to be undone");
        assert.ok(error.message.includes(`'${error.line}'`), "the message names the line");
        assert.ok(error.restored, error.message);
        assert.strictEqual(await router.runningConfig(), before, "the running config is exactly as before");
      } finally {
        await router.configureByHand(conflict.undo);
      }
      assert.strictEqual(await router.runningConfig(), baselines[0], "the conflict is undone");
    });

    it("creates the underlay on both routers, one SSH session each; OSPF comes up", async () => {
      for (const i of [0, 1] as const) {
        const router = routers()[i];
        const inputs = await checked(inputsFor(dialect, router, "underlay", underlayConfig(i)));
        const created = await inOneSession(router, () => switchProvider.create(inputs));
        assert.strictEqual(created.id, `${router.name}/underlay`);
        underlay[i] = created.outs as SwitchConfigOutputs;
        const running = await router.runningConfig();
        assert.ok(lineOf(`interface ${router.linkInterface}`, running), running);
        assert.ok(lineOf(`ip address ${ADDRESSES[i]}`, running), running);
        assert.ok(running.includes(`description to ${routers()[1 - i].name}`), running);
        assert.deepStrictEqual(underlay[i]?.drift, []);
      }
      if (target.awaitOspfFull) await target.awaitOspfFull();
    });

    it("reads back no drift right after create", async () => {
      const router = routers()[0];
      const state = underlay[0] as SwitchConfigOutputs;
      const result = await inOneSession(router, () => switchProvider.read(`${router.name}/underlay`, state as unknown as Props));
      const props = result.props as SwitchConfigOutputs;
      assert.deepStrictEqual(props.drift, []);
      assert.deepStrictEqual(props.config, state.config);
      assert.deepStrictEqual((result.inputs as SwitchConfigOutputs).config, state.config, "the device runs the lines as written");
    });

    it("diffs a changed line as an update of that line, and applies it", async () => {
      const router = routers()[0];
      const state = underlay[0] as SwitchConfigOutputs;
      const changedConfig = underlayConfig(0).map((line) =>
        line.text === `interface ${router.linkInterface}`
          ? { ...line, children: line.children.map((c) => (c.text.startsWith("description ") ? { text: "description uplink to peer", children: [] } : c)) }
          : line,
      );
      const news = await checked(inputsFor(dialect, router, "underlay", changedConfig));
      const diff = await switchProvider.diff(`${router.name}/underlay`, state as unknown as Props, news);
      assert.strictEqual(diff.changes, true);
      assert.deepStrictEqual(diff.replaces, []);
      assert.deepStrictEqual(Object.keys(diff.detailedDiff), ["config"]);

      const updated = await inOneSession(router, () => switchProvider.update(`${router.name}/underlay`, state as unknown as Props, news));
      underlay[0] = updated.outs as SwitchConfigOutputs;
      const running = await router.runningConfig();
      assert.ok(running.includes("description uplink to peer"), running);
      assert.ok(!running.includes(`description to ${routers()[1].name}`), "the old value is gone");
    });

    it("reports a hand edit of an owned line on read, keeps the line as written, and the next update puts it back", async () => {
      const router = routers()[0];
      await router.configureByHand([`interface ${router.linkInterface}`, "description edited by hand"]);
      const state = underlay[0] as SwitchConfigOutputs;
      const read = await inOneSession(router, () => switchProvider.read(`${router.name}/underlay`, state as unknown as Props));
      const props = read.props as SwitchConfigOutputs;
      assert.deepStrictEqual(props.drift, [`interface ${router.linkInterface} > description uplink to peer: changed to description edited by hand`]);
      // The state keeps what kube-fabric wrote: the hand edit is drift, never a line it now owns.
      assert.deepStrictEqual(props.config, state.config);
      // The refreshed inputs hold the lines as the device runs them: the next preview diffs the plan against them.
      const onDevice = configTextOf((read.inputs as unknown as Props).config) ?? "";
      assert.ok(onDevice.includes("description edited by hand") && !onDevice.includes("description uplink to peer"), onDevice);
      const desired = { ...(read.inputs as unknown as Props), config: state.config };
      const diff = await switchProvider.diff(`${router.name}/underlay`, props as unknown as Props, desired);
      assert.strictEqual(diff.changes, true, "the drift found by the refresh is a change to make");
      assert.deepStrictEqual(Object.keys(diff.detailedDiff), ["drift"]);
      const fixed = await inOneSession(router, () => switchProvider.update(`${router.name}/underlay`, props as unknown as Props, desired));
      underlay[0] = fixed.outs as SwitchConfigOutputs;
      const running = await router.runningConfig();
      assert.ok(running.includes("description uplink to peer") && !running.includes("edited by hand"), running);
    });

    it("adds BGP to the other router as a second resource; the session comes up", async () => {
      for (const i of [0, 1] as const) {
        const router = routers()[i];
        const inputs = await checked(inputsFor(dialect, router, "node-peering", peeringConfig(i)));
        const created = await inOneSession(router, () => switchProvider.create(inputs));
        peering[i] = created.outs as SwitchConfigOutputs;
        const running = await router.runningConfig();
        assert.ok(lineOf(`router bgp ${ASNS[i]}`, running), running);
        assert.ok(lineOf(`neighbor ${ADDRESSES[1 - i].split("/")[0]} remote-as ${ASNS[1 - i]}`, running), running);
        assert.ok(lineOf("redistribute bgp", running), "redistribute bgp joins the underlay's router ospf");
      }
      if (target.awaitBgpEstablished) await target.awaitBgpEstablished(routers()[0], ADDRESSES[1].split("/")[0]);
    });

    it("deleting the BGP resource removes only its lines; the underlay's stay", async () => {
      for (const i of [0, 1] as const) {
        const router = routers()[i];
        assert.ok(peering[i], `the BGP resource on ${router.name} was created by the previous test`);
        await inOneSession(router, () => switchProvider.delete(`${router.name}/node-peering`, peering[i] as unknown as Props));
        const running = await router.runningConfig();
        assert.ok(!lineOf(`router bgp ${ASNS[i]}`, running), running);
        assert.ok(!lineOf("redistribute bgp", running), running);
        assert.ok(lineOf(`ip address ${ADDRESSES[i]}`, running), "the underlay is untouched");
      }
      if (target.awaitOspfFull) await target.awaitOspfFull();
    });

    it("deleting the underlay restores each router's baseline exactly", async () => {
      for (const i of [0, 1] as const) {
        const router = routers()[i];
        await inOneSession(router, () => switchProvider.delete(`${router.name}/underlay`, underlay[i] as unknown as Props));
        assert.strictEqual(await router.runningConfig(), baselines[i]);
      }
    });

    it("refresh then delete never removes an operator's value of a multi-value setting (ip route)", async () => {
      const router = routers()[0];
      const id = `${router.name}/default-route`;
      await router.configureByHand(["ip route 0.0.0.0/0 192.168.0.1"]);
      try {
        const start = await router.runningConfig();
        const inputs = await checked(inputsFor(dialect, router, "default-route", [{ text: "ip route 0.0.0.0/0 10.0.137.1", children: [] }]));
        const created = await switchProvider.create(inputs);
        assert.ok(lineOf("ip route 0.0.0.0/0 10.0.137.1", await router.runningConfig()));
        await router.configureByHand(["no ip route 0.0.0.0/0 10.0.137.1"]); // someone removes ours by hand
        const refreshed = await switchProvider.read(id, created.outs as unknown as Props);
        const props = refreshed.props as SwitchConfigOutputs;
        // Ours is missing; the operator's route to the same prefix is not ours "changed", and is adopted nowhere.
        assert.deepStrictEqual(props.drift, ["ip route 0.0.0.0/0 10.0.137.1: missing"]);
        assert.deepStrictEqual(props.config, (created.outs as SwitchConfigOutputs).config, "the refresh keeps our line, not the operator's");
        assert.strictEqual(configTextOf((refreshed.inputs as unknown as Props).config), "", "the refreshed inputs hold none of the operator's lines");
        await switchProvider.delete(id, props as unknown as Props);
        const after = await router.runningConfig();
        assert.ok(lineOf("ip route 0.0.0.0/0 192.168.0.1", after), "the operator's default route stays");
        assert.strictEqual(after, start, "the device is as before kube-fabric");
      } finally {
        await router.configureByHand(["no ip route 0.0.0.0/0 192.168.0.1"]);
      }
      assert.strictEqual(await router.runningConfig(), baselines[0]);
    });

    it("create over single-valued settings: its preview shows what it replaces, it records it, and delete types it back", async () => {
      const router = routers()[0];
      const port = `interface ${router.linkInterface}`;
      const routed = dialect === "eos" ? ["no switchport"] : [];
      await router.configureByHand([port, ...routed, "description legacy-server", "ip address 192.168.50.1/24"]);
      try {
        const start = await router.runningConfig();
        // The preview of the create (check() of a new resource, marked as `pulumi preview` marks it) reads the
        // device once and shows what the create replaces; it types nothing.
        const preview = await inOneSession(router, () => switchProvider.check({}, { ...inputsFor(dialect, router, "underlay", underlayConfig(0)), [PREVIEW_FLAG]: true }));
        assert.deepStrictEqual(preview.failures ?? [], []);
        // EOS has one primary address per port: ours replaces it. (FRR adds a second one, nothing is replaced.)
        const replaced = [`${port} > description legacy-server`, ...(dialect === "eos" ? [`${port} > ip address 192.168.50.1/24`] : [])];
        const shown = (preview.inputs as Props).replaces as string[];
        assert.deepStrictEqual(shown.filter((row) => row.startsWith(port)), replaced);
        // Anything else shown is a top-level value the device runs now (the EOS double starts with `no ip routing`).
        for (const row of shown.filter((r) => !r.startsWith(port))) assert.ok(lineOf(row, start), `'${row}' runs on the device: ${shown.join(" | ")}`);
        assert.strictEqual(await router.runningConfig(), start, "the preview typed nothing");
        const logins = await router.sshLogins();
        const inputs = await checked(inputsFor(dialect, router, "underlay", underlayConfig(0)));
        assert.strictEqual(await router.sshLogins(), logins, "check() outside a preview reads nothing");
        assert.strictEqual((inputs as Props).replaces, undefined);
        const created = await switchProvider.create(inputs);
        const outs = created.outs as SwitchConfigOutputs;
        const running = await router.runningConfig();
        assert.ok(lineOf(`description to ${routers()[1].name}`, running) && !lineOf("description legacy-server", running), running);
        assert.ok(
          outs.baseline.replaced.some((p) => p.join(" / ") === `${port} / description legacy-server`),
          `the replaced description is recorded: ${JSON.stringify(outs.baseline)}`,
        );
        if (dialect === "eos") {
          // EOS has one primary address per port: ours replaces it. (FRR adds a second one, nothing is replaced.)
          assert.ok(outs.baseline.replaced.some((p) => p.join(" / ") === `${port} / ip address 192.168.50.1/24`), JSON.stringify(outs.baseline));
        }
        await switchProvider.delete(`${router.name}/underlay`, outs as unknown as Props);
        assert.strictEqual(await router.runningConfig(), start, "delete gave the port back its own description and address");
      } finally {
        await router.configureByHand([port, "no description", "no ip address 192.168.50.1/24", ...(dialect === "eos" ? ["switchport"] : [])]);
      }
      assert.strictEqual(await router.runningConfig(), baselines[0]);
    });

    it("after a lost state, create finds its own lines (from the device's record) and delete removes them", async () => {
      const router = routers()[1];
      const start = await router.runningConfig();
      const inputs = await checked(inputsFor(dialect, router, "underlay", underlayConfig(1)));
      const first = await switchProvider.create(inputs); // this run's state is lost
      const again = await switchProvider.create(inputs);
      const outs = again.outs as SwitchConfigOutputs;
      assert.deepStrictEqual(outs.baseline, (first.outs as SwitchConfigOutputs).baseline, "what the device had before the first run, not what it has now");
      await switchProvider.delete(`${router.name}/underlay`, outs as unknown as Props);
      assert.strictEqual(await router.runningConfig(), start, "no orphan lines");
    });

    it("after a half-applied run and a lost state, delete still returns the device to what it was", async () => {
      const router = routers()[1];
      const start = await router.runningConfig();
      const inputs = await checked(inputsFor(dialect, router, "underlay", underlayConfig(1)));
      const first = await switchProvider.create(inputs);
      // What a run that stopped half-way leaves: its record and part of its lines (no OSPF process yet).
      await router.configureByHand([dialect === "eos" ? "no router ospf 1" : "no router ospf"]);
      const again = await switchProvider.create(inputs);
      assert.deepStrictEqual((again.outs as SwitchConfigOutputs).baseline, (first.outs as SwitchConfigOutputs).baseline);
      await switchProvider.delete(`${router.name}/underlay`, again.outs as unknown as Props);
      assert.strictEqual(await router.runningConfig(), start);
    });

    /**
     * A create of router 2's underlay through a forwarder that breaks right after the first address is typed:
     * `cut` drops the connection (the switch stays reachable: the run settles what it left over a new session at
     * once); `stall` stops every connection through it answering (no new session gets through: the next run
     * settles it first). Then the next create, direct.
     */
    async function interruptedThenNextCreate(breakWith: "cut" | "stall", options: Props, failure: (error: unknown) => boolean): Promise<void> {
      const router = routers()[1];
      const start = await router.runningConfig();
      const forwarder = await startTcpForwarder("127.0.0.2", router.connection.port);
      const viaForwarder = await checked({
        ...inputsFor(dialect, router, "underlay", underlayConfig(1), options),
        connection: { ...router.connection, host: "127.0.0.2", port: forwarder.port },
      });
      setProviderHooks({ onTranscript: (entry) => void (/^ip address /.test(entry.command) && forwarder[breakWith]()) });
      try {
        await assert.rejects(switchProvider.create(viaForwarder), failure);
      } finally {
        setProviderHooks({});
        await forwarder.stop();
      }
      const cutOff = await router.runningConfig();
      if (breakWith === "cut") assert.strictEqual(cutOff, start, "the run settled what the broken session left: the router is as before");
      else if (dialect === "frr") assert.ok(lineOf(`ip address ${ADDRESSES[1]}`, cutOff), "FRR applied what was typed before the break");
      else assert.strictEqual(cutOff, start, "EOS committed nothing of the session");
      const typed: string[] = [];
      setProviderHooks({ onTranscript: (entry) => typed.push(entry.command) });
      let created: Awaited<ReturnType<typeof switchProvider.create>>;
      try {
        created = await switchProvider.create(await checked(inputsFor(dialect, router, "underlay", underlayConfig(1))));
      } finally {
        setProviderHooks({});
      }
      const warnings = (created.outs as SwitchConfigOutputs).lastChange?.warnings ?? [];
      const expected = dialect === "frr" ? "restored the router to what it ran before an earlier change that was cut off" : "removed uncommitted config session kf-";
      if (breakWith === "cut") assert.deepStrictEqual(warnings, [], "nothing was left for the next run");
      else assert.ok(warnings.some((w) => w.startsWith(expected)), warnings.join("\n"));
      if (dialect === "frr" && breakWith === "stall") {
        // The restore comes first: the undo of the cut-off address is typed before this run's own first line.
        const undo = typed.findIndex((command) => command === `no ip address ${ADDRESSES[1]}`);
        const own = typed.findIndex((command, i) => i > undo && command === `ip address ${ADDRESSES[1]}`);
        assert.ok(undo >= 0 && own > undo, typed.join(" / "));
      }
      assert.deepStrictEqual((created.outs as SwitchConfigOutputs).baseline.kept.filter((p) => p.some((t) => t.startsWith("ip address"))), [], "the cut-off lines were not taken for the operator's");
      await switchProvider.delete(`${router.name}/underlay`, created.outs as unknown as Props);
      assert.strictEqual(await router.runningConfig(), start);
    }

    it("a change cut off half-way (SSH dropped) is undone over a new session by the same run, and says so", async () => {
      await interruptedThenNextCreate("cut", {}, (e: unknown) => /SSH session closed/.test(String(e)) && /a new SSH session settled what the broken one left: /.test(String(e)));
    });

    it("a change cut off by a command timeout (the device stops answering, to every session) is found and undone by the next run first", async () => {
      await interruptedThenNextCreate(
        "stall",
        { commandTimeoutSeconds: COMMAND_TIMEOUT_SECONDS, connectTimeoutSeconds: 5 },
        (e: unknown) => e instanceof CommandTimeoutError && /settling over a new SSH session failed too/.test(String(e)),
      );
    });

    it("a new management address or SSH port is an update that types nothing; another device name replaces", async () => {
      const router = routers()[0];
      const id = `${router.name}/default-route`;
      const owned = [{ text: "ip route 0.0.0.0/0 10.0.137.1", children: [] }];
      const created = await switchProvider.create(await checked(inputsFor(dialect, router, "default-route", owned)));
      const configured = await router.runningConfig();
      // The same switch, reached at another address and port (its new management address, say).
      const forwarder = await startTcpForwarder("127.0.0.2", router.connection.port);
      const typed: string[] = [];
      setProviderHooks({ onTranscript: (entry) => typed.push(entry.command) });
      try {
        const moved = await checked({ ...inputsFor(dialect, router, "default-route", owned), connection: { ...router.connection, host: "127.0.0.2", port: forwarder.port } });
        const diff = await switchProvider.diff(id, created.outs as unknown as Props, moved);
        assert.strictEqual(diff.changes, true);
        assert.deepStrictEqual(diff.replaces, [], "not a replacement: that would strip the switch and configure it again");
        assert.deepStrictEqual(Object.keys(diff.detailedDiff).sort(), ["connection.host", "connection.port"]);
        const updated = await switchProvider.update(id, created.outs as unknown as Props, moved);
        assert.strictEqual(forwarder.connections(), 1, "the update reached the switch at its new address");
        assert.deepStrictEqual(typed.filter((command) => /^configure|^no |^ip /.test(command)), [], `nothing typed: ${typed.join(" / ")}`);
        assert.strictEqual(await router.runningConfig(), configured);
        await switchProvider.delete(id, updated.outs as unknown as Props);
        assert.strictEqual(forwarder.connections(), 2);
      } finally {
        setProviderHooks({});
        await forwarder.stop();
      }
      assert.strictEqual(await router.runningConfig(), baselines[0]);
      const olds = created.outs as unknown as Props;
      const renamed = await switchProvider.diff(id, olds, await checked({ ...inputsFor(dialect, router, "default-route", owned), device: "Other-1" }));
      assert.deepStrictEqual(renamed.replaces, ["device"]);
      assert.strictEqual(renamed.deleteBeforeReplace, true);
      const rekeyed = await checked({ ...inputsFor(dialect, router, "default-route", owned), connection: { ...router.connection, username: "operator" } });
      const rekeyedDiff = await switchProvider.diff(id, olds, rekeyed);
      assert.deepStrictEqual(rekeyedDiff.replaces, []);
      assert.strictEqual(rekeyedDiff.changes, true);
    });
  });
}
