// End to end, as `npm start` does it, on the dev stack's topology: lab:up → a real `pulumi up` of the
// lab stack (built engine, real FRR switches, chroot Debian nodes with BIRD) → verify passes → a
// no-change preview opens no SSH session → one planned value changed shows as exactly that line on
// that device → up → a hand edit through vtysh is reported by refresh → destroy leaves every switch
// in its base state → lab:down leaves no namespace, process or file.
//
// The lab stack gets its own name and state directory, so a user's `npm start` lab is never touched.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { bringLabUp, labPaths, LabPaths, takeLabDown } from "../../lab/stack-lab";
import { labPulumi } from "../../lab/stack-lab/pulumi-cli";
import { LabState, readLabState, sshdActivity } from "../../lab/stack-lab/state";
import { listNamespaces } from "../../lab/netns";
import { isRunning } from "../../lab/processes";
import { sshExec } from "../support/lab-ssh";
import { renderTable } from "../../verify/checks";
import { verifyStack } from "../../verify/stack";
import { enginePulumiCommand, requireEngine } from "../../tools/engine/engine-env";

interface StoredResource {
  urn: string;
  type: string;
  outputs?: { drift?: string[] };
}

const switches = (state: LabState) => state.endpoints.filter((e) => e.kind === "switch").map((e) => e.name);
const connections = (state: LabState) => Object.fromEntries(state.endpoints.map((e) => [e.name, sshdActivity(e).connections]));

describe("lab: npm start's path on the dev stack, end to end", function () {
  this.timeout(900_000);
  let tmp: string;
  let paths: LabPaths;
  let state: LabState;
  let stack: Stack;
  const baseline = new Map<string, string>();
  const log: string[] = [];

  before(async () => {
    requireEngine();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kf-lab-e2e-"));
    fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
    paths = labPaths("dev", `lab-e2e-${process.pid}`, { KUBE_FABRIC_LAB_DIR: tmp });
    const lab = await bringLabUp(paths, (line) => log.push(line));
    state = lab.state;
    for (const name of switches(state)) baseline.set(name, await sshExec(state, name, "show running-config"));
    const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
    stack = await LocalWorkspace.selectStack(
      { stackName: paths.labStack, workDir: paths.projectDir },
      { pulumiCommand: await enginePulumiCommand(), envVars: cli.env },
    );
  });

  after(async () => {
    if (paths) await takeLabDown(paths).catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("lab:up builds the planned fabric: a namespace per device, FRR in its base state, and says EOS runs as FRR", () => {
    assert.equal(state.complete, true);
    assert.equal(state.namespaces.length, 4 + 4 + 1);
    assert.deepEqual(state.dialectChanges, ["Spine-1", "Leaf-1", "Leaf-2", "Leaf-3"]);
    assert.ok(log.some((line) => /Leaf-1: dialect eos in Pulumi\.dev\.yaml, frr in the lab/.test(line)), log.join("\n"));
    for (const [name, running] of baseline) {
      assert.match(running, new RegExp(`^hostname ${name}$`, "m"));
      assert.doesNotMatch(running, /router ospf|router bgp|ip address/, `${name} starts with nothing kube-fabric configures`);
    }
    const stackFile = fs.readFileSync(paths.stackFile, "utf8");
    assert.match(stackFile, /provision: existing/);
    assert.match(stackFile, /kube-fabric:switchPrivateKey:\n\s+secure: v1:/);
    assert.doesNotMatch(stackFile, /BEGIN OPENSSH PRIVATE KEY/);
  });

  it("pulumi up configures the lab and verify passes: OSPF Full, BGP from every node with its block, pings to every node and pod", async () => {
    let output = "";
    const up = await stack.up({ onOutput: (out) => (output += out) });
    assert.equal(up.summary.result, "succeeded");
    assert.doesNotMatch(output, /warning/i, "a clean first up prints no warning (an undefined stack output used to)");
    const report = await verifyStack(paths.labStack, () => undefined, { waitMs: 180_000, env: { KUBE_FABRIC_LAB_DIR: tmp } });
    assert.ok(report.ok, renderTable(report.results));
    const kinds = new Set(report.results.map((r) => r.check));
    assert.deepEqual([...kinds].sort(), ["bgp", "ecmp", "ospf", "ping", "route"]);
    assert.equal(report.results.filter((r) => r.check === "bgp").length, 4);
    assert.equal(report.results.filter((r) => r.check === "ping").length, 4 * 4, "every node address and 3 pod addresses per node");
  });

  it("a preview right after up shows no changes and opens no SSH session", async () => {
    const before = connections(state);
    const preview = await stack.preview({ expectNoChanges: true });
    assert.deepEqual(Object.keys(preview.changeSummary), ["same"]);
    assert.deepEqual(connections(state), before);
  });

  it("one planned value changed: the preview shows exactly that line on that device, and up applies it", async () => {
    await stack.setConfig("kube-fabric:topology.spines[0].internetUplink.defaultGateway", { value: "10.0.137.254" }, true);
    const before = connections(state);
    const preview = await stack.preview({ diff: true });
    const { same, update, ...others } = preview.changeSummary as Record<string, number>;
    assert.deepEqual({ update, others }, { update: 1, others: {} }, preview.stdout);
    assert.ok(same > 0);
    assert.match(preview.stdout, /Spine-1-underlay/);
    // The switch's config text, diffed row by row: the one row, -/+, and no other switch mentioned.
    assert.match(preview.stdout, /~ config\s*: \n(?:\s+\S.*\n)*?\s+- ip route 0\.0\.0\.0\/0 10\.0\.137\.1\n\s+\+ ip route 0\.0\.0\.0\/0 10\.0\.137\.254\n/, preview.stdout);
    for (const other of ["Leaf-1", "Leaf-2", "Leaf-3"]) assert.ok(!preview.stdout.includes(other), `${other} is not mentioned:\n${preview.stdout}`);
    assert.deepEqual(connections(state), before, "preview opens no SSH session");
    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.match(await sshExec(state, "Spine-1", "show running-config"), /^ip route 0\.0\.0\.0\/0 10\.0\.137\.254$/m);
  });

  it("refresh reports a hand edit made through vtysh as drift of that device", async () => {
    await sshExec(state, "Leaf-2", "configure terminal\ninterface Ethernet1\ndescription changed by hand\nend");
    await stack.refresh();
    const resources = (await stack.exportStack()).deployment.resources as StoredResource[];
    const drifted = resources.filter((r) => (r.outputs?.drift ?? []).length > 0);
    assert.deepEqual(drifted.map((r) => r.urn.split("::").pop()), ["Leaf-2-underlay"]);
    assert.match((drifted[0].outputs?.drift ?? []).join("\n"), /changed by hand/);
  });

  it("destroy puts every switch back to its base state, keeping only the operator's hand-typed line", async () => {
    const destroyed = await stack.destroy();
    assert.equal(destroyed.summary.result, "succeeded");
    for (const [name, running] of baseline) {
      const after = await sshExec(state, name, "show running-config");
      if (name !== "Leaf-2") {
        assert.equal(after, running, name);
        continue;
      }
      // A line typed by hand over one of ours is the operator's: destroy never removes it (README: owned lines).
      const handTyped = /^interface Ethernet1\r?\n description changed by hand\r?\nexit\r?\n!\r?\n/m;
      assert.match(after, handTyped, "the hand-typed description stays");
      assert.equal(after.replace(handTyped, ""), running, "apart from it, Leaf-2 is back to its base state");
    }
  });

  it("lab:down leaves no namespace, process or file behind", async () => {
    const recorded = readLabState(paths.stateDir);
    assert.ok(recorded);
    await takeLabDown(paths);
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(recorded.labId)), []);
    assert.deepEqual(recorded.processes.filter(isRunning).map((p) => p.label), []);
    assert.equal(fs.existsSync(paths.stateDir), false);
    assert.equal(fs.existsSync(paths.stackFile), false);
    assert.deepEqual(fs.readdirSync("/var/run/frr").filter((n) => n.startsWith(recorded.labId)), []);
  });
});
