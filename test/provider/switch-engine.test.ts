// SwitchConfig through the real Pulumi engine (npm run engine) against a real FRR router: the provider is
// serialised into the state and loaded from there; preview --diff names the changed line; refresh shows a
// hand edit; destroy runs from the state alone (the program is deleted first) and restores the baseline;
// the credentials are ciphertext in the state.
import assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import { ThrowawayStack, createThrowawayStack, retypeAsUnnamed, stateTypes } from "../support/engine";
import { FrrLab, LabRouter, startFrrLab } from "../../lab/frr-lab";
import { resourceShortId } from "../../providers/switch/provider";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SwitchConfig } from ${JSON.stringify(path.join(REPO_ROOT, "providers", "switch", "switch-config"))};

const config = new pulumi.Config("switch");
const underlay = new SwitchConfig("r1-underlay", {
  device: "r1",
  dialect: "frr",
  phase: "underlay",
  connection: {
    host: "127.0.0.1",
    port: config.requireNumber("port"),
    username: config.require("username"),
    hostKey: config.require("hostKey"),
    privateKey: config.requireSecret("privateKey"),
  },
  ownedConfig: [
    {
      text: "interface Ethernet1",
      children: [
        { text: "description " + config.require("description"), children: [] },
        { text: "ip address 10.11.99.0/31", children: [] },
      ],
    },
  ],
});
export const drift = underlay.drift;
export const lastChange = underlay.lastChange;
`;

describe("SwitchConfig through the real Pulumi engine, on real FRR", function () {
  this.timeout(600_000);
  let lab: FrrLab;
  let router: LabRouter;
  let throwaway: ThrowawayStack;
  let stack: Stack;
  let baseline: string;
  const logins = () => router.sshLogins();

  interface StoredState {
    checkpoint: { latest: { resources: Array<{ urn: string; outputs: Record<string, unknown> }> } };
  }
  /** The stack's state file as the backend stores it (the Automation API's export decrypts secrets). */
  const storedState = () => throwaway.storedState();

  before(async () => {
    lab = await startFrrLab({ routers: [{ name: "r1" }] });
    router = lab.router("r1");
    baseline = await router.vtysh("show running-config");
    throwaway = await createThrowawayStack("switch-engine-test", PROGRAM, "switch");
    stack = throwaway.stack;
    await stack.setAllConfig({
      "switch:port": { value: String(router.ssh.port) },
      "switch:username": { value: router.ssh.user },
      "switch:hostKey": { value: router.ssh.hostKey },
      "switch:privateKey": { value: router.ssh.privateKey, secret: true },
      "switch:description": { value: "first" },
    });
  });

  after(async () => {
    try {
      if (throwaway) await throwaway.remove();
    } finally {
      await lab?.stop();
    }
  });

  it("a first preview --diff prints every line the create will type, once, as FRR prints them", async () => {
    const preview = await stack.preview({ diff: true });
    assert.deepStrictEqual(preview.changeSummary, { create: 2 });
    assert.strictEqual(
      preview.stderr,
      [
        `r1 underlay: the create types these 3 lines, and kube-fabric's record of what they replace (route-map kube-fabric-baseline-${resourceShortId("r1", "underlay")}):`,
        "interface Ethernet1",
        " description first",
        " ip address 10.11.99.0/31",
        "",
      ].join("\n"),
    );
  });

  it("up creates the owned lines over one SSH session and keeps the key encrypted in the state", async () => {
    const before = logins();
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(up.summary.resourceChanges, { create: 2 });
    assert.strictEqual(logins() - before, 1);
    const running = await router.vtysh("show running-config");
    assert.match(running, /^ description first$/m);
    assert.match(running, /^ ip address 10\.11\.99\.0\/31$/m);

    const state = storedState();
    for (const keyLine of router.ssh.privateKey.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"))) {
      assert.ok(!state.includes(keyLine), "no line of the private key is in the state");
    }
    assert.match(state, /"credentials":\{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:/);
  });

  it("a preview right after up has no changes and opens no SSH session", async () => {
    const before = logins();
    const preview = await stack.preview({ expectNoChanges: true });
    assert.deepStrictEqual(preview.changeSummary, { same: 2 });
    assert.strictEqual(logins(), before);
  });

  it("a stack from before kube-fabric's type names keeps its resource: preview plans no change, up renames it in place, no SSH session", async () => {
    const switchConfig = "pulumi-nodejs:dynamic/kube-fabric:SwitchConfig";
    assert.strictEqual((await stateTypes(stack))["r1-underlay"], switchConfig);
    assert.strictEqual(await retypeAsUnnamed(stack, [switchConfig]), 1);
    const before = logins();
    const preview = await stack.preview({ diff: true });
    assert.deepStrictEqual(preview.changeSummary, { same: 2 }, preview.stdout);
    const up = await stack.up();
    assert.deepStrictEqual(up.summary.resourceChanges, { same: 2 });
    assert.strictEqual((await stateTypes(stack))["r1-underlay"], switchConfig);
    assert.strictEqual(logins(), before, "nothing was read or typed on the router");
  });

  it("preview --diff names the changed line on the device, without touching it", async () => {
    await stack.setConfig("switch:description", { value: "second" });
    const before = logins();
    const preview = await stack.preview({ diff: true });
    assert.deepStrictEqual(preview.changeSummary, { same: 1, update: 1 });
    assert.strictEqual(preview.stderr, "", "an update shows its changed rows, not every line again");
    // The config text's rows, diffed by the engine: the changed row, -/+, under its context.
    assert.match(preview.stdout, /~ config\s*: \n\s+interface Ethernet1\n\s+-\s+description first\n\s+\+\s+description second\n\s+ip address 10\.11\.99\.0\/31\n/);
    assert.strictEqual(logins(), before, "preview opens no SSH session");
    const up = await stack.up();
    assert.deepStrictEqual(up.summary.resourceChanges, { same: 1, update: 1 });
    assert.match(await router.vtysh("show running-config"), /^ description second$/m);
  });

  it("refresh reports a hand edit as drift, and preview shows the line to put back", async () => {
    await router.vtysh(["configure terminal", "interface Ethernet1", "description changed by hand", "end"]);
    await stack.refresh();
    const resource = (JSON.parse(storedState()) as StoredState).checkpoint.latest.resources.find((r) => r.urn.endsWith("::r1-underlay"));
    assert.deepStrictEqual(resource?.outputs.drift, ["interface Ethernet1 > description second: changed to description changed by hand"]);
    const preview = await stack.preview({ diff: true });
    assert.match(preview.stdout, /-\s+description changed by hand\n\s+\+\s+description second\n/);
    // The state still holds the line as kube-fabric wrote it: the hand edit is drift, not a line it owns.
    assert.strictEqual(resource?.outputs.config, "interface Ethernet1\n description second\n ip address 10.11.99.0/31\n");
    const up = await stack.up();
    assert.deepStrictEqual(up.summary.resourceChanges, { same: 1, update: 1 });
    assert.match(await router.vtysh("show running-config"), /^ description second$/m);
  });

  it("destroy runs from the state alone and restores the router's baseline", async () => {
    fs.rmSync(path.join(throwaway.projectDir, "index.ts")); // destroy must not need the program
    const destroyed = await stack.destroy();
    assert.strictEqual(destroyed.summary.result, "succeeded");
    assert.strictEqual(await router.vtysh("show running-config"), baseline);
  });
});
