// index.ts with the Calico stage under Pulumi mocks: kubernetes.provision existing + the kubeconfig
// secret + calico settings. The program reads Calico's pools and blocks from the cluster's API (here a
// local stand-in answering the two lists it asks for), the leaves accept exactly those blocks, and the
// stage runs after the nodes' fabric NICs and the leaves' peering.
import { strict as assert } from "assert";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parseAllDocuments } from "yaml";
import { installMocks, Recorder, stringsOf } from "../../support/pulumi-mocks";
import { devTopology } from "../../support/dev-stack";
import { ownedConfigOf } from "../../../providers/switch/provider/config-property";

type Tree = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const INDEX = path.resolve(__dirname, "..", "..", "..", "index.ts");
type ProgramMain = typeof import("../../../index");
type Program = Awaited<ReturnType<ProgramMain>>;

const POOLS = { items: [{ metadata: { name: "default-ipv4-ippool" }, spec: { cidr: "10.244.0.0/16", blockSize: 26 } }] };
const AFFINITIES = {
  items: [
    ["k-master", "10.244.111.0/26"],
    ["k-w1", "10.244.95.0/26"],
    ["k-w2", "10.244.217.0/26"],
    ["k-w3", "10.244.52.0/26"],
    ["k-w3", "10.244.52.64/26"],
  ].map(([node, cidr]) => ({ spec: { node, cidr, state: "confirmed", deleted: "false" } })),
};

let api: Server;
let apiUrl: string;
const requests: string[] = [];

before(async () => {
  api = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const body = req.url === "/apis/crd.projectcalico.org/v1/ippools" ? POOLS : req.url === "/apis/crd.projectcalico.org/v1/blockaffinities" ? AFFINITIES : undefined;
    res.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body ?? { message: "not found" }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => api.close(() => resolve())));

const kubeconfig = (server: string) =>
  `apiVersion: v1\nclusters:\n- cluster: { server: "${server}" }\n  name: lab\ncontexts:\n- context: { cluster: lab, user: proxy }\n  name: lab\ncurrent-context: lab\nusers:\n- name: proxy\n  user: {}\n# KUBECONFIG-SECRET-beef\n`;

function topology(calico: Tree): Tree {
  const t = devTopology() as Tree;
  t.kubernetes.provision = "existing";
  t.kubernetes.podCidr = "10.244.0.0/16";
  t.kubernetes.blockSize = 26;
  t.calico = { ...t.calico, manifest: path.resolve(__dirname, "..", "..", "..", "package.json"), ...calico };
  return t;
}

async function run(calico: Tree, server = apiUrl): Promise<{ recorder: Recorder; program: Program }> {
  const recorder = await installMocks(
    (args) => args.inputs,
    // The manifest is not what this test is about: an empty one (stage-graph.test.ts covers the install's edits).
    (args) => (args.token === "kubernetes:yaml:decode" ? { result: parseAllDocuments("").map((d) => d.toJSON()) } : args.inputs),
  );
  pulumi.runtime.setAllConfig(
    {
      "kube-fabric:topology": JSON.stringify(topology(calico)),
      "kube-fabric:switchPassword": "sw-SECRET-0f0f",
      "kube-fabric:nodePassword": "node-SECRET-f0f0",
      "kube-fabric:kubeconfig": kubeconfig(server),
    },
    ["kube-fabric:switchPassword", "kube-fabric:nodePassword", "kube-fabric:kubeconfig"],
  );
  delete require.cache[require.resolve(INDEX)];
  const program = await (require(INDEX) as ProgramMain)();
  for (let quiet = 0, seen = -1; quiet < 20; ) {
    await new Promise((r) => setTimeout(r, 10));
    quiet = recorder.registrations.length === seen ? quiet + 1 : 0;
    seen = recorder.registrations.length;
  }
  return { recorder, program };
}

describe("index.ts with the Calico stage (existing cluster, kubeconfig, calico settings)", function () {
  this.timeout(60_000);

  describe("a cluster on Calico's defaults moved to tor", () => {
    let recorder: Recorder;
    let program: Program;
    before(async () => {
      ({ recorder, program } = await run({ routing: "tor", start: "defaults" }));
    });

    it("reads Calico's pools and blocks from the cluster before planning", () => {
      assert.ok(requests.includes("GET /apis/crd.projectcalico.org/v1/ippools"));
      assert.ok(requests.includes("GET /apis/crd.projectcalico.org/v1/blockaffinities"));
    });

    it("has each leaf accept its nodes' pool (a block allocated later too), and outputs their allocated blocks as each node's podBlock", () => {
      const peering = recorder.byName("Leaf-3-node-peering").inputs as Tree;
      const prefixList = (ownedConfigOf(peering.config) as Tree[]).find((l: Tree) => l.text === "ip prefix-list KF-NODE-10-3-33-1");
      assert.ok(prefixList, "Leaf-3 has the prefix-list of k-w3");
      assert.deepEqual(prefixList.children.map((c: Tree) => c.text), ["seq 10 permit 10.244.0.0/16 le 32", "seq 20 permit 10.96.0.0/12 le 32"]);
      assert.equal(program.nodes["k-w3"].podBlock, "10.244.52.0/26,10.244.52.64/26");
      assert.deepEqual(program.nodes["k-w1"].podBlocks, ["10.244.95.0/26"]);
    });

    it("runs the stage after every node's fabric NIC and every leaf's peering", () => {
      const first = recorder.upstream("Leaf-1-bridges-on-to-tor");
      for (const node of ["k-master", "k-w1", "k-w2", "k-w3"]) assert.ok(first.has(`${node}-netplan`), `waits for ${node}-netplan`);
      for (const leaf of ["Leaf-1", "Leaf-2", "Leaf-3"]) assert.ok(first.has(`${leaf}-node-peering`), `waits for ${leaf}-node-peering`);
      const last = recorder.upstream("calico-gate-bridges-off-to-tor");
      assert.ok(last.has("calico-gate-ebgp-on-to-tor") && last.has("calico-gate-ipip-off-to-tor") && last.has("calico-gate-bridges-on-to-tor"));
    });

    it("gives the Kubernetes provider the kubeconfig as a secret only", () => {
      const plain = recorder.registrations.flatMap((r) => stringsOf(r.inputs).plain);
      assert.deepEqual(plain.filter((s) => s.includes("KUBECONFIG-SECRET-beef")), []);
      const provider = recorder.registrations.find((r) => r.type === "pulumi:providers:kubernetes");
      assert.ok(provider && stringsOf(provider.inputs).secret.some((s) => s.includes("KUBECONFIG-SECRET-beef")));
    });
  });

  it("a stack without calico.routing reads nothing from the cluster and registers no Calico resource", async () => {
    const before = requests.length;
    const { recorder } = await run({ routing: undefined, manifest: undefined });
    assert.equal(requests.length, before);
    assert.deepEqual(recorder.registrations.filter((r) => r.type.startsWith("kube-fabric:calico") || r.type.startsWith("kubernetes:")), []);
  });

  it("fails with a RunError naming the secret to check when the cluster's API cannot be read", async () => {
    await assert.rejects(run({ routing: "tor", start: "defaults" }, "http://127.0.0.1:9"), (error: Error) => {
      assert.ok(error instanceof pulumi.RunError);
      assert.match(error.message, /cannot read Calico's pools and blocks from the cluster .*check the secret kube-fabric:kubeconfig/);
      assert.ok(!error.message.includes("KUBECONFIG-SECRET"));
      return true;
    });
  });

  it("refuses start fresh on a cluster that runs Calico's own pool", async () => {
    await assert.rejects(run({ routing: "tor" }), /topology\.calico\.start: the cluster already runs Calico \(pool default-ipv4-ippool 10\.244\.0\.0\/16\)/);
  });
});
