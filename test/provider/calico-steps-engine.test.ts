// The Calico migration's step resources through the real Pulumi engine, on a real FRR leaf: the
// serialised step provider loads steps/provider.ts from the state; one `pulumi up` runs a chain
// (bridges on → gate → bridges off) in dependsOn order; a move to the other routing creates that
// routing's steps and deletes the first ones without touching the leaf; a failed gate stops the chain
// with nothing after it applied, and destroy then removes what it left; the login key is ciphertext in
// the state.
import assert from "assert";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import { ThrowawayStack, createThrowawayStack, retypeAsUnnamed, stateTypes } from "../support/engine";
import { FrrLab, LabRouter, startFrrLab } from "../../lab/frr-lab";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

// A chain as components/calico/migration.ts builds it, cut down to the switch steps: keyed by the
// destination ("to"), each step waiting for the one before.
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { MigrationStepResource } from ${JSON.stringify(path.join(REPO_ROOT, "components", "calico", "steps", "step-resource"))};
import { renderFrrBridges } from ${JSON.stringify(path.join(REPO_ROOT, "providers", "dialects", "frr", "render"))};

const config = new pulumi.Config("chain");
const to = config.require("to");
const leaf = { device: "leaf", dialect: "frr" as const, connection: { host: "127.0.0.1", port: config.requireNumber("port"), username: config.require("username"), hostKey: config.require("hostKey") } };
const credentials = pulumi.all({ privateKey: config.requireSecret("privateKey") });
const ownedConfig = renderFrrBridges({ routes: [{ prefix: "10.244.111.0/26", nextHop: "10.0.11.1", distance: 250 }], ospfProcessId: 1 });
const on = new MigrationStepResource("leaf-bridges-on-to-" + to, { kind: "bridges", present: true, leaf, ownedConfig, lines: [], credentials, options: {} });
const gate = new MigrationStepResource("calico-gate-to-" + to, {
  kind: "leaf-gate",
  what: "every block on its leaf via its node",
  leaves: [{ target: leaf, expect: { leaf: "leaf", sessions: to === "fail" ? [{ node: "k-w1", address: "10.0.11.1" }] : [], blocks: [{ node: "k-w1", prefix: "10.244.111.0/26", nextHop: "10.0.11.1" }] } }],
  credentials,
  timeoutSeconds: to === "fail" ? 10 : 120,
}, { dependsOn: [on] });
new MigrationStepResource("leaf-bridges-off-to-" + to, { kind: "bridges", present: false, leaf, ownedConfig, lines: [], credentials, options: {} }, { dependsOn: [gate] });
`;

describe("Calico migration steps through the real Pulumi engine, on a real FRR leaf", function () {
  this.timeout(900_000);
  let lab: FrrLab;
  let leaf: LabRouter;
  let throwaway: ThrowawayStack;
  let stack: Stack;
  let baseline: string;

  const names = async () => (await stack.exportStack()).deployment.resources?.map((r: { urn: string }) => r.urn.split("::").pop()).filter((n: string) => /to-/.test(n)).sort();

  before(async () => {
    lab = await startFrrLab({
      routers: [{ name: "leaf" }, { name: "node" }],
      links: [{ a: { router: "leaf", interface: "Ethernet2", address: "10.0.11.0/31" }, b: { router: "node", interface: "ens3", address: "10.0.11.1/31" } }],
    });
    leaf = lab.router("leaf");
    await leaf.vtysh(["configure terminal", "router ospf", "ospf router-id 10.255.0.1", "end"]);
    baseline = await leaf.vtysh("show running-config");
    throwaway = await createThrowawayStack("calico-steps-engine-test", PROGRAM, "chain");
    stack = throwaway.stack;
    await stack.setAllConfig({
      "chain:to": { value: "tor" },
      "chain:port": { value: String(leaf.ssh.port) },
      "chain:username": { value: leaf.ssh.user },
      "chain:hostKey": { value: leaf.ssh.hostKey },
      "chain:privateKey": { value: leaf.ssh.privateKey, secret: true },
    });
  });

  after(async () => {
    try {
      if (throwaway) await throwaway.remove();
    } finally {
      await lab?.stop();
    }
  });

  it("one up runs the chain in order: the gate saw the bridge, and the leaf ends as it began", async () => {
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(await names(), ["calico-gate-to-tor", "leaf-bridges-off-to-tor", "leaf-bridges-on-to-tor"]);
    assert.strictEqual(await leaf.vtysh("show running-config"), baseline);
  });

  it("a preview right after plans nothing", async () => {
    const preview = await stack.preview();
    const changed = Object.entries(preview.changeSummary).filter(([op, count]) => op !== "same" && count > 0);
    assert.deepStrictEqual(changed, [], preview.stdout);
  });

  it("a stack from before kube-fabric's type names keeps its steps: preview plans no change, up renames them in place", async () => {
    const types = ["LeafBridges", "LeafGate"].map((name) => `pulumi-nodejs:dynamic/kube-fabric:${name}`);
    const typed = async () => Object.entries(await stateTypes(stack)).filter(([name]) => /to-/.test(name)).sort();
    const named = await typed();
    assert.deepStrictEqual(named, [
      ["calico-gate-to-tor", types[1]],
      ["leaf-bridges-off-to-tor", types[0]],
      ["leaf-bridges-on-to-tor", types[0]],
    ]);
    assert.strictEqual(await retypeAsUnnamed(stack, types), 3);
    const preview = await stack.preview();
    const changed = Object.entries(preview.changeSummary).filter(([op, count]) => op !== "same" && count > 0);
    assert.deepStrictEqual(changed, [], preview.stdout);
    const up = await stack.up();
    assert.deepStrictEqual(Object.keys(up.summary.resourceChanges ?? {}), ["same"]);
    assert.deepStrictEqual(await typed(), named);
    assert.strictEqual(await leaf.vtysh("show running-config"), baseline);
  });

  it("keeps the login key only as ciphertext in the state", () => {
    const text = throwaway.storedState();
    const keyBody = leaf.ssh.privateKey.split("\n")[1];
    assert.ok(!text.includes(keyBody), "no line of the private key in the state");
  });

  it("moving to the other routing creates its steps and deletes the first ones (a no-op on the leaf) in one up", async () => {
    await stack.setConfig("chain:to", { value: "overlay" });
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(up.summary.resourceChanges, { create: 3, delete: 3, same: 1 });
    assert.deepStrictEqual(await names(), ["calico-gate-to-overlay", "leaf-bridges-off-to-overlay", "leaf-bridges-on-to-overlay"]);
    assert.strictEqual(await leaf.vtysh("show running-config"), baseline);
  });

  it("a failed gate stops the chain: nothing after it applied (the bridge stays), the error names the session", async () => {
    await stack.setConfig("chain:to", { value: "fail" });
    await assert.rejects(stack.up(), /gate 'every block on its leaf via its node' did not pass within 10 s; the chain stops here:[\s\S]*leaf: no BGP neighbor 10\.0\.11\.1 \(k-w1\)/);
    const names_ = await names();
    assert.ok(names_.includes("leaf-bridges-on-to-fail") && !names_.includes("leaf-bridges-off-to-fail") && !names_.includes("calico-gate-to-fail"), names_.join(", "));
    assert.match(await leaf.vtysh("show running-config"), /^ip route 10\.244\.111\.0\/26 10\.0\.11\.1 250$/m);
  });

  it("destroy after the failed gate removes what the chain left on the leaf: it is as it was before any step", async () => {
    const destroy = await stack.destroy();
    assert.strictEqual(destroy.summary.result, "succeeded");
    const after = await leaf.vtysh("show running-config");
    assert.doesNotMatch(after, /ip route 10\.244\.|KF-BRIDGES|redistribute static|kube-fabric-baseline/);
    assert.strictEqual(after, baseline);
  });
});
