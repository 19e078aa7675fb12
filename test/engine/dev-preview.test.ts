// A real `pulumi preview` of the dev stack (Pulumi.dev.yaml, the reference lab) through the
// Automation API: the built CLI, our Node.js language host, our command plugin stand-in and the
// switch dynamic provider, a temp file backend and the stack's own passphrase.
//
// The dev stack's hosts are 10.0.137.x placeholders this machine must never contact. So the
// preview (dev-preview-run.ts, Automation API and engine alike) runs in a network namespace of
// its own with nothing but loopback: a step that dialled a host would fail at once and fail the
// preview, and no packet could leave even then.
import assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { requireEngine } from "../../tools/engine/engine-env";
import { ALL_SECRETS, devTopology, PROJECT_ROOT } from "../support/dev-stack";
import { buildPlan } from "../../components/plan/build-plan";
import { dialectOf } from "../../providers/dialects/registry";
import { configText } from "../../providers/switch/config-tree/config-text";
import type { DevPreviewReport } from "./dev-preview-run";

interface DevTopology {
  spines: Array<{ name: string }>;
  leaves: Array<{ name: string }>;
  nodes: Array<{ name: string; role: string; leaf: string }>;
}

// components/nodes.ts: os-check, hostname, netplan, swap, kernel-modules, sysctl, containerd, kube-packages.
const BOOTSTRAP_STEPS_PER_NODE = 8;

/** What the program registers for a topology, by resource type. */
function expectedCreates(topology: DevTopology): Record<string, number> {
  const workers = topology.nodes.filter((n) => n.role !== "control-plane").length;
  const leavesWithNodes = new Set(topology.nodes.map((n) => n.leaf)).size;
  return {
    "pulumi:pulumi:Stack": 1,
    "kube-fabric:fabric:Underlay": 1,
    "kube-fabric:fabric:LeafPeering": 1,
    "kube-fabric:nodes:NodeBootstrap": topology.nodes.length,
    "kube-fabric:cluster:Cluster": 1,
    // SwitchConfig: the underlay on every switch, node peering on every leaf with nodes.
    "pulumi-nodejs:dynamic/kube-fabric:SwitchConfig": topology.spines.length + topology.leaves.length + leavesWithNodes,
    // Bootstrap steps, kubeadm init, the admin kubeconfig, and a drain-on-destroy per worker.
    "command:remote:Command": topology.nodes.length * BOOTSTRAP_STEPS_PER_NODE + 2 + workers,
    // Per worker its join (token made inside it); once, the settings kubeadm init fixed.
    "pulumi-nodejs:dynamic/kube-fabric:WorkerJoin": workers,
    "pulumi-nodejs:dynamic/kube-fabric:InitialisedSettings": 1,
  };
}

function countBy(items: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

/** Runs dev-preview-run.ts in a new network namespace with only loopback up; fails loudly if it cannot. */
function previewInOwnNetworkNamespace(reportPath: string): DevPreviewReport {
  const tsNode = path.join(PROJECT_ROOT, "node_modules", ".bin", "ts-node");
  const runner = path.join(__dirname, "dev-preview-run.ts");
  const result = spawnSync(
    "unshare",
    ["--net", "--", "/bin/sh", "-c", 'ip link set lo up && exec "$@"', "sh", tsNode, "-T", runner, reportPath],
    { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 280_000 },
  );
  if (result.error) throw new Error(`cannot run the preview in a network namespace (unshare --net): ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`the dev preview failed (exit ${result.status ?? result.signal}):\n${result.stderr}\n${result.stdout}`);
  }
  return JSON.parse(fs.readFileSync(reportPath, "utf8")) as DevPreviewReport;
}

describe("engine: pulumi preview of the dev stack", function () {
  this.timeout(300_000);

  const stackConfig = path.join(PROJECT_ROOT, "Pulumi.dev.yaml");
  let stackConfigBefore: string;
  let tmp: string;
  let report: DevPreviewReport;

  before(() => {
    requireEngine(); // "run npm run engine" before anything else
    execFileSync("unshare", ["--net", "--", "true"]); // throws if this machine cannot make a network namespace
    stackConfigBefore = fs.readFileSync(stackConfig, "utf8");
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-dev-preview-test-"));
    report = previewInOwnNetworkNamespace(path.join(tmp, "report.json"));
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("plans every resource the program registers for the reference lab as a create", () => {
    const expected = expectedCreates(devTopology() as DevTopology);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    assert.deepStrictEqual(report.changeSummary, { create: total });
    const creates = report.steps.filter((s) => s.op === "create" && !s.type.startsWith("pulumi:providers:")).map((s) => s.type);
    assert.deepStrictEqual(countBy(creates), expected);
  });

  it("uses the command plugin at the version @pulumi/command asks for, as the default provider", () => {
    const providers = report.steps.filter((s) => s.type.startsWith("pulumi:providers:")).map((s) => s.urn.split("::").slice(-2).join("::"));
    assert.ok(providers.includes("pulumi:providers:command::default_1_2_1"), `providers: ${providers.join(", ")}`);
  });

  it("contacts no host: no error or warning, no dial attempt", () => {
    const problems = report.diagnostics.filter((d) => d.severity === "error" || d.severity === "warning");
    assert.deepStrictEqual(problems.map((d) => d.message), []);
    // The command plugin logs "dialing <host>:<port>" (debug) before every connection attempt.
    const dials = report.diagnostics.filter((d) => /\bdialing\b/.test(d.message));
    assert.deepStrictEqual(dials.map((d) => d.message), []);
  });

  it("shows every line each switch's create types, once per switch and phase, as the switch prints it", () => {
    const plan = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });
    const creates = report.diagnostics.filter((d) => d.severity === "info" && / the create types these \d+ lines/.test(d.message));
    const expected = plan.devices.flatMap((device) => {
      const core = dialectOf(device.dialect);
      const phases = [{ phase: "underlay", lines: core.renderUnderlay(device) }];
      if (device.nodePeering) phases.push({ phase: "node-peering", lines: core.renderNodePeering(device) });
      return phases.map(({ phase, lines }) => ({ head: `${device.name} ${phase}: the create types these `, rows: configText(device.dialect, lines) }));
    });
    assert.strictEqual(creates.length, expected.length, creates.map((d) => d.message.split("\n")[0]).join("\n"));
    for (const { head, rows } of expected) {
      const found = creates.filter((d) => d.message.startsWith(head));
      assert.strictEqual(found.length, 1, head);
      // The message ends in a newline, and the engine adds its own: a blank row between two switches.
      assert.strictEqual(found[0].message.slice(found[0].message.indexOf("\n") + 1), `${rows}\n`, head);
    }
  });

  it("leaves the project's stack config as it was", () => {
    assert.strictEqual(fs.readFileSync(stackConfig, "utf8"), stackConfigBefore, "Pulumi.dev.yaml must not be rewritten (e.g. its encryption salt)");
  });
});
