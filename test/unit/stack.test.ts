// index.ts on the dev stack under Pulumi mocks: the outputs a user reads, the resources and their
// order, and no secret anywhere in plain text.

import { strict as assert } from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, Recorder, stringsOf, valueOf } from "../support/pulumi-mocks";
import { devTopology } from "../support/dev-stack";
import { STEP_PAYLOAD_BEGIN, STEP_PAYLOAD_END } from "../../components/nodes/script";

const SWITCH_PASSWORD = "sw-SECRET-91c3";
const NODE_PASSWORD = "node-SECRET-4be7";
const KUBECONFIG_SECRET = "KUBECONFIG-SECRET-d00d";
const SWITCH_CONFIG = "pulumi-nodejs:dynamic/kube-fabric:SwitchConfig";
const INDEX = path.resolve(__dirname, "..", "..", "index.ts");

function mockState(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  if (args.type !== "command:remote:Command") return args.inputs;
  let stdout = "unchanged: mocked\n";
  if (args.name.endsWith("-admin-kubeconfig")) {
    stdout = `${STEP_PAYLOAD_BEGIN}\napiVersion: v1\nclusters:\n- cluster:\n    server: https://10.0.11.1:6443\nclient-key-data: ${KUBECONFIG_SECRET}\n\n${STEP_PAYLOAD_END}\n`;
  }
  return { ...args.inputs, stdout, stderr: "" };
}

function configWith(topology: unknown): Record<string, string> {
  return {
    "kube-fabric:topology": JSON.stringify(topology),
    "kube-fabric:switchPassword": SWITCH_PASSWORD,
    "kube-fabric:nodePassword": NODE_PASSWORD,
  };
}
const SECRET_KEYS = ["kube-fabric:switchPassword", "kube-fabric:nodePassword"];

type ProgramMain = typeof import("../../index");
type Program = Awaited<ReturnType<ProgramMain>>;

/** index.ts exports the program as an async function (the engine awaits it): run it, returning its outputs. */
function runProgram(): Promise<Program> {
  delete require.cache[require.resolve(INDEX)];
  return (require(INDEX) as ProgramMain)();
}

describe("the dev stack under Pulumi mocks (index.ts)", function () {
  this.timeout(60_000);
  let recorder: Recorder;
  let program: Program;

  before(async () => {
    recorder = await installMocks(mockState);
    pulumi.runtime.setAllConfig(configWith(devTopology()), SECRET_KEYS);
    program = await runProgram();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await valueOf(program.kubeconfig as pulumi.Output<string>);
  });

  it("exports every switch's interfaces and addresses", () => {
    assert.deepEqual(program.devices["Leaf-1"], {
      role: "leaf",
      dialect: "eos",
      routerId: "10.11.99.1",
      asn: 65011,
      interfaces: { Ethernet1: "10.11.99.1/31", Ethernet2: "10.0.11.0/31", Ethernet3: "10.1.11.0/31" },
    });
    assert.deepEqual(program.devices["Spine-1"].interfaces, { Ethernet1: "10.11.99.0/31", Ethernet2: "10.22.99.0/31", Ethernet3: "10.33.99.0/31", Ethernet4: "dhcp" });
    assert.deepEqual(Object.keys(program.devices), ["Spine-1", "Leaf-1", "Leaf-2", "Leaf-3"]);
  });

  it("exports each node's fabric address, AS, leaf peer and pod block", () => {
    assert.deepEqual(program.nodes["k-w2"], {
      role: "worker",
      fabricAddress: "10.2.22.1/31",
      asn: 65002,
      leaf: "Leaf-2",
      leafPort: "Ethernet2",
      leafPeerAddress: "10.2.22.0",
      leafAsn: 65012,
      podBlock: "10.66.2.0/24",
      podBlocks: ["10.66.2.0/24"],
    });
    assert.deepEqual(Object.keys(program.nodes), ["k-master", "k-w1", "k-w2", "k-w3"]);
  });

  it("exports the ASN plan, CIDRs, endpoint and the client host", () => {
    assert.deepEqual(program.asns.leaves, { "Leaf-1": 65011, "Leaf-2": 65012, "Leaf-3": 65013 });
    assert.deepEqual(program.asns.nodes, { "k-master": 65000, "k-w1": 65001, "k-w2": 65002, "k-w3": 65003 });
    assert.equal(program.podCidr, "10.66.0.0/16");
    assert.equal(program.serviceCidr, "10.96.0.0/12");
    assert.equal(program.controlPlaneEndpoint, "10.0.11.1");
    assert.equal(program.apiServer, "https://10.0.11.1:6443");
    assert.deepEqual(program.hosts, { client: { address: "10.4.44.1/31", gateway: "10.4.44.0", leaf: "Leaf-3" } });
  });

  it("exports the kubeconfig only as a secret", async () => {
    assert.ok(program.kubeconfig, "a cluster kube-fabric builds exports its kubeconfig");
    assert.equal(await pulumi.isSecret(program.kubeconfig), true);
  });

  it("owns the underlay on every switch and BGP-to-nodes on every leaf with nodes", () => {
    const switches = recorder.ofType(SWITCH_CONFIG).map((r) => r.name).sort();
    assert.deepEqual(switches, [
      "Leaf-1-node-peering", "Leaf-1-underlay", "Leaf-2-node-peering", "Leaf-2-underlay",
      "Leaf-3-node-peering", "Leaf-3-underlay", "Spine-1-underlay",
    ]);
    const leaf1 = recorder.byName("Leaf-1-node-peering").inputs as { phase: string; device: string; dialect: string };
    assert.deepEqual([leaf1.device, leaf1.dialect, leaf1.phase], ["Leaf-1", "eos", "node-peering"]);
  });

  it("commits every EOS change with the configured commit timer", () => {
    for (const r of recorder.ofType(SWITCH_CONFIG)) {
      assert.deepEqual((r.inputs as { options: unknown }).options, { commitConfirmSeconds: 300 }, r.name);
    }
  });

  it("orders underlay → bootstrap → init → joins → leaf BGP", () => {
    const underlays = ["Spine-1-underlay", "Leaf-1-underlay", "Leaf-2-underlay", "Leaf-3-underlay"];
    for (const node of ["k-master", "k-w1", "k-w2", "k-w3"]) {
      const first = recorder.upstream(`${node}-os-check`);
      for (const u of underlays) assert.ok(first.has(u), `${node} bootstrap waits for ${u}`);
    }
    const init = recorder.upstream("k-master-kubeadm-init");
    for (const node of ["k-master", "k-w1", "k-w2", "k-w3"]) assert.ok(init.has(`${node}-kube-packages`), `init waits for ${node}'s bootstrap`);
    for (const leaf of ["Leaf-1", "Leaf-2", "Leaf-3"]) {
      const peering = recorder.upstream(`${leaf}-node-peering`);
      assert.ok(peering.has(`${leaf}-underlay`), `${leaf} BGP waits for its underlay`);
      assert.ok(peering.has("k-master-kubeadm-init"), `${leaf} BGP waits for the cluster`);
      for (const w of ["k-w1", "k-w2", "k-w3"]) {
        const join = [...peering].find((n) => n.startsWith(w) && n.endsWith("join"));
        assert.ok(join, `${leaf} BGP waits for ${w}'s join (has: ${[...peering].filter((n) => n.startsWith(w)).join(", ")})`);
      }
    }
    assert.ok(!recorder.upstream("Leaf-1-underlay").size, "the underlay waits for nothing");
  });

  it("sends no password or kubeconfig in a plain input, only inside secrets", () => {
    const plain: string[] = [];
    const secret: string[] = [];
    for (const r of recorder.registrations) {
      const found = stringsOf(r.inputs);
      plain.push(...found.plain);
      secret.push(...found.secret);
    }
    for (const value of [SWITCH_PASSWORD, NODE_PASSWORD, KUBECONFIG_SECRET]) {
      const leaks = plain.filter((s) => s.includes(value));
      assert.deepEqual(leaks, [], `${value} appears in plain inputs`);
    }
    assert.ok(secret.some((s) => s.includes(SWITCH_PASSWORD)), "the switch password travels as a secret");
    assert.ok(secret.some((s) => s.includes(NODE_PASSWORD)), "the node password travels as a secret");
  });
});

describe("a bad dev stack under Pulumi mocks", function () {
  this.timeout(60_000);

  it("fails with the validation message before registering any resource", async () => {
    const recorder = await installMocks(mockState);
    const topology = devTopology() as { nodes: { leaf: string }[] };
    topology.nodes[2].leaf = "Leaf-9";
    pulumi.runtime.setAllConfig(configWith(topology), SECRET_KEYS);
    await assert.rejects(runProgram(), (error: Error) => {
      assert.ok(error instanceof pulumi.RunError, `a RunError (no stack trace), got ${error.name}`);
      assert.match(error.message, /topology\.nodes\[2\]\.leaf: there is no leaf named 'Leaf-9' — use one of: Leaf-1, Leaf-2, Leaf-3/);
      return true;
    });
    assert.equal(recorder.registrations.length, 0);
  });
});

describe("a mixed EOS/FRR stack under Pulumi mocks", function () {
  this.timeout(60_000);

  it("gives the commit timer to EOS switches only (FRR applies with rollback)", async () => {
    const recorder = await installMocks(mockState);
    const topology = devTopology() as { leaves: { dialect?: string; uplinks: { port: string }[] }[]; nodes: { leaf: string; leafPort: string }[]; hosts: { leafPort: string }[] };
    topology.leaves[1].dialect = "frr";
    pulumi.runtime.setAllConfig(configWith(topology), SECRET_KEYS);
    await runProgram();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    const options = (name: string) => (recorder.byName(name).inputs as { options: unknown }).options;
    assert.deepEqual(options("Leaf-1-underlay"), { commitConfirmSeconds: 300 });
    assert.deepEqual(options("Leaf-2-underlay"), {});
    assert.deepEqual(options("Leaf-2-node-peering"), {});
    assert.equal((recorder.byName("Leaf-2-underlay").inputs as { dialect: string }).dialect, "frr");
  });
});
