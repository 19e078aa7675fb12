// What a reviewer reads in `pulumi preview --diff` of the switches, through the real engine (npm run engine):
// the dev stack's fabric (components/fabric.ts: the underlay on every switch, BGP to the nodes on every leaf)
// on one EOS double per switch. A create shows each switch's lines once, as the switch prints them; a change
// of one planned value (a node's AS) shows exactly the line that changes, on the one switch it changes, and
// no other switch.
import assert from "assert";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import { buildPlan } from "../../components/plan/build-plan";
import { dialectOf } from "../../providers/dialects/registry";
import { configText } from "../../providers/switch/config-tree/config-text";
import { resourceShortId } from "../../providers/switch/provider";
import { ALL_SECRETS, devTopology, PROJECT_ROOT } from "../support/dev-stack";
import { ThrowawayStack, createThrowawayStack } from "../support/engine";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";
import { typeAtConsole } from "../support/eos-double/console";

const PASSWORD = "Preview-Test-Pw-7";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { buildPlan } from ${JSON.stringify(path.join(PROJECT_ROOT, "components", "plan", "build-plan"))};
import { LeafPeering, Underlay } from ${JSON.stringify(path.join(PROJECT_ROOT, "components", "fabric"))};

const config = new pulumi.Config("fabric");
const plan = buildPlan({ topology: config.requireObject("topology"), secrets: ${JSON.stringify(ALL_SECRETS)} });
const switches = { credentials: { password: config.requireSecret("switchPassword") }, options: plan.switchOptions };
const underlay = new Underlay("fabric", { devices: plan.devices, ...switches });
new LeafPeering("leaf-peering", { devices: plan.devices, underlay, dependsOn: [], ...switches });
`;

interface TopologyDoc {
  spines: Array<{ name: string; mgmt: Record<string, unknown> }>;
  leaves: Array<{ name: string; mgmt: Record<string, unknown> }>;
  nodes: Array<{ name: string; asn: number }>;
}

/** How the engine prints a create's string: quoted, its first three rows, then `...` (Go's %q, as JSON for ASCII). */
const cutAfterThreeRows = (text: string) => JSON.stringify(text.split("\n").slice(0, 3).join("\n") + "\n...");

/** The properties every switch resource prints after `config`: the same on a create and an update. */
function otherProperties(indent: string, double: EosDoubleHandle, device: string, phase: string): string[] {
  return [
    `connection : {`,
    `    host    : "127.0.0.1"`,
    // The plan keeps the key's type and base64, not its comment.
    `    hostKey : "${double.hostPublicKey.split(" ").slice(0, 2).join(" ")}"`,
    `    port    : ${double.port}`,
    `    username: "admin"`,
    `}`,
    `credentials: [secret]`,
    `device     : "${device}"`,
    `dialect    : "eos"`,
    `options    : {`,
    `    commitConfirmSeconds: 300`,
    `}`,
    `phase      : "${phase}"`,
  ].map((row) => indent + row);
}

/** The rows of the preview that belong to one resource: its header to the next resource's, or to the summary. */
function resourceBlock(stdout: string, name: string): string {
  const rows = stdout.split("\n");
  const isHeader = (row: string) => /^\s*[-+~]?\s*\S+:\S+:\S+: \(/.test(row);
  const start = rows.findIndex((row, i) => isHeader(row) && rows.slice(i + 1, i + 3).some((r) => r.trim().startsWith("[urn=") && r.trim().endsWith(`::${name}]`)));
  assert.ok(start >= 0, `no block for ${name} in:\n${stdout}`);
  const end = rows.findIndex((row, i) => i > start && (isHeader(row) || /^\S/.test(row)));
  return rows.slice(start, end < 0 ? undefined : end).join("\n");
}

describe("engine: preview --diff of the switches reads as their config", function () {
  this.timeout(600_000);
  let throwaway: ThrowawayStack;
  let stack: Stack;
  let topology: TopologyDoc;
  const doubles = new Map<string, EosDoubleHandle>();
  const startConfigs = new Map<string, string>();

  const setTopology = (doc: TopologyDoc) => stack.setConfig("fabric:topology", { value: JSON.stringify(doc) });
  const plannedText = (device: string, phase: "underlay" | "node-peering", doc: TopologyDoc) => {
    const plan = buildPlan({ topology: doc, secrets: ALL_SECRETS });
    const found = plan.devices.find((d) => d.name === device);
    assert.ok(found, device);
    const core = dialectOf(found.dialect);
    return configText(found.dialect, phase === "underlay" ? core.renderUnderlay(found) : core.renderNodePeering(found));
  };

  before(async () => {
    topology = devTopology() as TopologyDoc;
    for (const device of [...topology.spines, ...topology.leaves]) {
      const double = await startEosDouble({ hostname: device.name, users: [{ username: "admin", password: PASSWORD, privilege: 1 }], enablePassword: PASSWORD });
      doubles.set(device.name, double);
      // Leaf-2's server port had a server before kube-fabric: its description and address are the operator's.
      if (device.name === "Leaf-2") typeAtConsole(double, ["interface Ethernet2", "no switchport", "description legacy-server", "ip address 192.168.50.1/24"]);
      startConfigs.set(device.name, double.runningConfig());
      device.mgmt = { host: double.host, port: double.port, hostKey: double.hostPublicKey };
    }
    throwaway = await createThrowawayStack("switch-preview-test", PROGRAM, "preview");
    stack = throwaway.stack;
    await setTopology(topology);
    await stack.setConfig("fabric:switchPassword", { value: PASSWORD, secret: true });
  });

  after(async () => {
    try {
      if (throwaway) await throwaway.remove();
    } finally {
      await Promise.all([...doubles.values()].map((d) => d.stop()));
    }
  });

  it("a create shows every line each switch will be typed, once, as the switch prints them, and the values they replace there", async () => {
    const preview = await stack.preview({ diff: true });
    assert.ok(!/ownedConfig|children|"text"/.test(preview.stdout), "no second form of the lines");
    // Every line of every create, whole and once, in the order typed, indented as EOS prints it. The engine
    // prints these messages beside the resources (stderr of a --diff run); the `config` rows below are cut.
    const plan = buildPlan({ topology, secrets: ALL_SECRETS });
    const shown: string[] = [];
    for (const device of plan.devices) {
      for (const phase of device.nodePeering ? (["underlay", "node-peering"] as const) : (["underlay"] as const)) {
        const rows = plannedText(device.name, phase, topology).split("\n").filter((row) => row !== "");
        assert.ok(rows.some((row) => row.startsWith("   ")), "indented rows");
        const block = [
          `${device.name} ${phase}: the create types these ${rows.length} lines, and kube-fabric's record of what they replace (route-map kube-fabric-baseline-${resourceShortId(device.name, phase)}):`,
          ...rows,
          "",
        ].join("\n");
        assert.strictEqual(preview.stderr.split(block).length - 1, 1, `${device.name} ${phase}, once and whole, in:\n${preview.stderr}`);
        shown.push(block);
      }
    }
    assert.ok(shown.some((block) => /\nrouter ospf 1\n/.test(block)) && shown.some((block) => /\nrouter bgp \d+\n/.test(block)) && shown.some((block) => /\nroute-map /.test(block)));
    const rowsOf = (text: string) => text.split("\n").filter((row) => row !== "").sort();
    assert.deepStrictEqual(rowsOf(preview.stderr), rowsOf(shown.join("")), "nothing else on stderr");
    const leaf2 = doubles.get("Leaf-2") as EosDoubleHandle;
    const urn = (parent: string, name: string) => `[urn=urn:pulumi:preview::switch-preview-test::kube-fabric:fabric:${parent}$pulumi-nodejs:dynamic/kube-fabric:SwitchConfig::${name}]`;
    assert.strictEqual(
      resourceBlock(preview.stdout, "Leaf-2-node-peering"),
      [
        `        + pulumi-nodejs:dynamic/kube-fabric:SwitchConfig: (create)`,
        `            ${urn("LeafPeering", "Leaf-2-node-peering")}`,
        `            config     : ${cutAfterThreeRows(plannedText("Leaf-2", "node-peering", topology))}`,
        ...otherProperties("            ", leaf2, "Leaf-2", "node-peering"),
      ].join("\n"),
    );
    // The port's own description and address, and EOS's default `no ip routing`: what the underlay replaces,
    // read from the switch (and typed back by destroy).
    assert.strictEqual(
      resourceBlock(preview.stdout, "Leaf-2-underlay"),
      [
        `        + pulumi-nodejs:dynamic/kube-fabric:SwitchConfig: (create)`,
        `            ${urn("Underlay", "Leaf-2-underlay")}`,
        `            config     : ${cutAfterThreeRows(plannedText("Leaf-2", "underlay", topology))}`,
        ...otherProperties("            ", leaf2, "Leaf-2", "underlay"),
        `            replaces   : [`,
        `                [0]: "no ip routing"`,
        `                [1]: "interface Ethernet2 > description legacy-server"`,
        `                [2]: "interface Ethernet2 > ip address 192.168.50.1/24"`,
        `            ]`,
      ].join("\n"),
    );
  });

  it("up creates every switch's lines, one resource per switch and phase", async () => {
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.match(doubles.get("Leaf-1")?.runningConfig() ?? "", /^ {3}neighbor 10\.1\.11\.1 remote-as 65001$/m);
  });

  it("one node's AS changed: preview --diff shows that one line, -/+, on that one leaf, and no other switch", async () => {
    const changed = structuredClone(topology);
    const node = changed.nodes.find((n) => n.name === "k-w1");
    assert.ok(node && node.asn === 65001, "k-w1 has AS 65001 in the dev stack");
    node.asn = 65101;
    await setTopology(changed);
    const preview = await stack.preview({ diff: true });
    assert.deepStrictEqual(preview.changeSummary, { same: 9, update: 1 });
    assert.strictEqual(preview.stderr, "", "an update shows its changed rows only, not every line again");
    assert.strictEqual(
      resourceBlock(preview.stdout, "Leaf-1-node-peering"),
      [
        `    ~ pulumi-nodejs:dynamic/kube-fabric:SwitchConfig: (update)`,
        `        [id=Leaf-1/node-peering]`,
        `        [urn=urn:pulumi:preview::switch-preview-test::kube-fabric:fabric:LeafPeering$pulumi-nodejs:dynamic/kube-fabric:SwitchConfig::Leaf-1-node-peering]`,
        `      ~ config     : `,
        `            ...`,
        `               neighbor 10.0.11.1 route-map KF-TO-NODES out`,
        `               neighbor 10.0.11.1 maximum-routes 368`,
        `          -    neighbor 10.1.11.1 remote-as 65001`,
        `          +    neighbor 10.1.11.1 remote-as 65101`,
        `               neighbor 10.1.11.1 description k-w1`,
        `               neighbor 10.1.11.1 route-map KF-FROM-NODE-10-1-11-1 in`,
        `            ...`,
        ...otherProperties("        ", doubles.get("Leaf-1") as EosDoubleHandle, "Leaf-1", "node-peering"),
      ].join("\n"),
    );
    for (const other of ["Spine-1", "Leaf-2", "Leaf-3", "Leaf-1-underlay"]) {
      assert.ok(!preview.stdout.includes(other), `${other} is not mentioned:\n${preview.stdout}`);
    }
  });

  it("up applies it; destroy gives every switch back the config it started with", async () => {
    const up = await stack.up();
    assert.deepStrictEqual(up.summary.resourceChanges, { same: 9, update: 1 });
    assert.match(doubles.get("Leaf-1")?.runningConfig() ?? "", /^ {3}neighbor 10\.1\.11\.1 remote-as 65101$/m);
    await stack.destroy();
    for (const [name, double] of doubles) assert.strictEqual(double.runningConfig(), startConfigs.get(name), name);
  });
});
