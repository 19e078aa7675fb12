// What a reviewer reads in `pulumi preview --diff` of the switches, through the real engine (npm run engine):
// the dev stack's fabric (components/fabric.ts: the underlay on every switch, BGP to the nodes on every leaf)
// on one EOS double per switch. A create shows each switch's lines once, as the switch prints them; a change
// of one planned value (a node's AS) shows exactly the line that changes, on the one switch it changes, and
// no other switch.
import assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { buildPlan } from "../../components/plan/build-plan";
import { dialectOf } from "../../providers/dialects/registry";
import { configText } from "../../providers/switch/config-tree/config-text";
import { engineEnv, enginePulumiCommand } from "../../tools/engine/engine-env";
import { ALL_SECRETS, devTopology, PROJECT_ROOT } from "../support/dev-stack";
import { TEST_STACK_PASSPHRASE } from "../support/engine";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";

/** Inside the repo, as a real kube-fabric project is: the program's imports resolve to this checkout. */
const TEST_ROOT = path.join(PROJECT_ROOT, ".pulumi-test");
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

function writeProject(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: switch-preview-test\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "switch-preview-test", private: true, main: "index.ts" }));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true } }));
  fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
}

/** The engine's short hash of a text asset (first 7 hex digits of its SHA-256). */
const shortHash = (text: string) => createHash("sha256").update(text, "utf8").digest("hex").slice(0, 7);

/** The rows of the preview that belong to one resource: from its header line to the next resource's. */
function resourceBlock(stdout: string, name: string): string {
  const rows = stdout.split("\n");
  const start = rows.findIndex((row) => /pulumi-nodejs:dynamic:Resource: \(/.test(row) && rows.slice(rows.indexOf(row)).find((r) => /\[urn=/.test(r))?.endsWith(`::${name}]`));
  assert.ok(start >= 0, `no block for ${name} in:\n${stdout}`);
  const end = rows.findIndex((row, i) => i > start && /^\s*[-+~]?\s*\S+:\S+:\S+: \(/.test(row));
  return rows.slice(start, end < 0 ? undefined : end).join("\n");
}

describe("engine: preview --diff of the switches reads as their config", function () {
  this.timeout(600_000);
  let command: PulumiCommand;
  let work: string;
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
    command = await enginePulumiCommand(); // "run npm run engine" if it is not built
    topology = devTopology() as TopologyDoc;
    for (const device of [...topology.spines, ...topology.leaves]) {
      const double = await startEosDouble({ hostname: device.name, users: [{ username: "admin", password: PASSWORD, privilege: 1 }], enablePassword: PASSWORD });
      doubles.set(device.name, double);
      startConfigs.set(device.name, double.runningConfig());
      device.mgmt = { host: double.host, port: double.port, hostKey: double.hostPublicKey };
    }
    fs.mkdirSync(TEST_ROOT, { recursive: true });
    work = fs.mkdtempSync(path.join(TEST_ROOT, `switch-preview-${process.pid}-`));
    fs.mkdirSync(path.join(work, "state"));
    writeProject(path.join(work, "project"));
    stack = await LocalWorkspace.createStack(
      { stackName: "preview", workDir: path.join(work, "project") },
      { pulumiCommand: command, envVars: engineEnv({ backendDir: path.join(work, "state"), passphrase: TEST_STACK_PASSPHRASE }), secretsProvider: "passphrase" },
    );
    await setTopology(topology);
    await stack.setConfig("fabric:switchPassword", { value: PASSWORD, secret: true });
  });

  after(async () => {
    try {
      if (stack) await stack.workspace.removeStack("preview", { force: true });
    } finally {
      if (work) fs.rmSync(work, { recursive: true, force: true });
      await Promise.all([...doubles.values()].map((d) => d.stop()));
    }
  });

  it("a create shows each switch's lines once, whole, as the switch prints them", async () => {
    const preview = await stack.preview({ diff: true });
    const block = resourceBlock(preview.stdout, "Leaf-2-node-peering");
    const text = plannedText("Leaf-2", "node-peering", topology);
    const shown = block.split("\n").filter((row) => /^\s*\+\s{4,}\S/.test(row) || /^\s{6,}\S/.test(row));
    assert.ok(block.includes(`config     : asset(text:${shortHash(text)}) {`), block);
    for (const row of text.trimEnd().split("\n")) {
      assert.ok(block.includes(`    ${row}\n`), `row '${row}' is shown as is:\n${block}`);
    }
    assert.ok(shown.length > 0, block);
    assert.ok(!/ownedConfig|children|"text"/.test(preview.stdout), "no second form of the lines");
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
    const before = plannedText("Leaf-1", "node-peering", topology);
    const after = plannedText("Leaf-1", "node-peering", changed);
    const preview = await stack.preview({ diff: true });
    assert.deepStrictEqual(preview.changeSummary, { same: 9, update: 1 });
    const block = resourceBlock(preview.stdout, "Leaf-1-node-peering");
    assert.strictEqual(
      block.replace(/\[urn=[^\]]*\]/, "[urn=…]"),
      [
        `    ~ pulumi-nodejs:dynamic:Resource: (update)`,
        `        [id=Leaf-1/node-peering]`,
        `        [urn=…]`,
        `      ~ config: asset(text:${shortHash(before)}->${shortHash(after)}) {`,
        `              ...`,
        `                 neighbor 10.0.11.1 route-map KF-TO-NODES out`,
        `                 neighbor 10.0.11.1 maximum-routes 100`,
        `          -      neighbor 10.1.11.1 remote-as 65001`,
        `          +      neighbor 10.1.11.1 remote-as 65101`,
        `                 neighbor 10.1.11.1 description k-w1`,
        `                 neighbor 10.1.11.1 route-map KF-FROM-NODE-10-1-11-1 in`,
        `              ...`,
        `        }`,
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
