// The Calico stage under Pulumi mocks: what it registers on each path and in which order (each
// arrow a dependsOn), with no secret in a plain input. The order is migration-order.ts's; this proves
// the resources follow it: every change waits for the previous gate, every gate for its change.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parseAllDocuments } from "yaml";
import { CalicoStage } from "../../../components/calico/stage";
import { buildPlan } from "../../../components/plan/build-plan";
import { CalicoClusterState } from "../../../components/plan/calico-plan";
import { FabricPlan } from "../../../components/plan/plan-types";
import { installMocks, Recorder, stringsOf } from "../../support/pulumi-mocks";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";
import { DEFAULTS_ON_DEV_NODES } from "../../support/calico-state";

type Tree = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SWITCH_PASSWORD = "sw-SECRET-5e11";
const NODE_PASSWORD = "node-SECRET-77a0";
const KUBECONFIG = "apiVersion: v1\nkind: Config\n# KUBECONFIG-SECRET-c0de\n";
// The chain's changes and gates, each kind under its kube-fabric type name.
const STEP_TYPES = ["LeafBridges", "LeafGate", "NodeGate", "PeersWithdrawn"].map((name) => `pulumi-nodejs:dynamic/kube-fabric:${name}`);

/** The parts of Calico's manifest the install edits (the real release is tested in test/cluster). */
const MANIFEST = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ippools.crd.projectcalico.org }
spec: { group: crd.projectcalico.org, names: { kind: IPPool, plural: ippools }, scope: Cluster, versions: [] }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: calico-node, namespace: kube-system }
spec: { template: { spec: { containers: [ { name: calico-node, env: [ { name: IP_AUTODETECTION_METHOD, value: first-found } ] } ] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: calico-kube-controllers, namespace: kube-system }
spec: { template: { spec: { containers: [ { name: calico-kube-controllers } ] } } }
`;

const DEFAULTS = DEFAULTS_ON_DEV_NODES;

function planFor(calico: Tree, state?: CalicoClusterState): FabricPlan {
  const t = devTopology() as Tree;
  t.kubernetes.provision = "existing";
  if (state) {
    t.kubernetes.podCidr = "10.244.0.0/16";
    t.kubernetes.blockSize = 26;
  }
  t.calico = { ...t.calico, ...calico };
  return buildPlan({ topology: t, secrets: { ...ALL_SECRETS, kubeconfig: true }, calicoCluster: state });
}

/** Stands for what the stage waits for (every node's fabric NIC, every leaf's peering). */
class ClusterReady extends pulumi.CustomResource {
  constructor() {
    super("test:index:ClusterReady", "cluster-ready", {});
  }
}

async function registerStage(plan: FabricPlan): Promise<Recorder> {
  const recorder = await installMocks(
    (args) => args.inputs,
    (args) => (args.token === "kubernetes:yaml:decode" ? { result: parseAllDocuments(String(args.inputs.text)).map((d) => d.toJSON()) } : args.inputs),
  );
  const stage = plan.calico.stage;
  assert.ok(stage);
  new CalicoStage("calico", {
    plan,
    stage,
    kubeconfig: pulumi.secret(KUBECONFIG),
    switchCredentials: { password: pulumi.secret(SWITCH_PASSWORD) },
    switchOptions: {},
    nodeCredentials: { password: pulumi.secret(NODE_PASSWORD) },
    dependsOn: [new ClusterReady()],
  });
  // Registrations follow each other as dependencies resolve (the manifest is decoded first): wait until they stop.
  for (let quiet = 0, seen = -1; quiet < 20; ) {
    await new Promise((r) => setTimeout(r, 10));
    quiet = recorder.registrations.length === seen ? quiet + 1 : 0;
    seen = recorder.registrations.length;
  }
  return recorder;
}

let manifestDir: string;
before(() => {
  manifestDir = fs.mkdtempSync(path.join(os.tmpdir(), "kf-calico-stage-"));
  fs.writeFileSync(path.join(manifestDir, "calico.yaml"), MANIFEST);
});
after(() => fs.rmSync(manifestDir, { recursive: true, force: true }));
const manifest = () => path.join(manifestDir, "calico.yaml");

/** Asserts the chain: each gate waits for every change of its step; each change for the previous gate and not for its own. */
function assertChain(recorder: Recorder, links: Array<{ changes: string[]; gate: string }>): void {
  links.forEach((link, index) => {
    const gateUpstream = recorder.upstream(link.gate);
    for (const change of link.changes) {
      assert.ok(gateUpstream.has(change), `${link.gate} waits for ${change}`);
      const changeUpstream = recorder.upstream(change);
      assert.ok(!changeUpstream.has(link.gate), `${change} does not wait for its own gate`);
      if (index > 0) assert.ok(changeUpstream.has(links[index - 1].gate), `${change} waits for ${links[index - 1].gate}`);
      for (const later of links.slice(index + 1)) assert.ok(!changeUpstream.has(later.gate), `${change} runs before ${later.gate}`);
    }
  });
}

const LEAVES = ["Leaf-1", "Leaf-2", "Leaf-3"];
const NODES = ["k-master", "k-w1", "k-w2", "k-w3"];

describe("the Calico stage under Pulumi mocks", function () {
  this.timeout(60_000);

  describe("a cluster on Calico's defaults moved to tor", () => {
    let recorder: Recorder;
    before(async () => {
      recorder = await registerStage(planFor({ routing: "tor", start: "defaults", manifest: manifest() }, DEFAULTS));
    });

    it("registers the chain in the measured order: bridges, IPIP off, eBGP (AS + peers + mesh off), bridges off", () => {
      assertChain(recorder, [
        { changes: LEAVES.map((l) => `${l}-bridges-on-to-tor`), gate: "calico-gate-bridges-on-to-tor" },
        { changes: ["calico-ippool-default-ipv4-ippool"], gate: "calico-gate-ipip-off-to-tor" },
        {
          changes: [...NODES.map((n) => `${n}-calico-as`), ...NODES.map((n) => `calico-bgppeer-${n}-${planFor({}).nodes.find((x) => x.name === n)?.leaf}`), "calico-bgpconfiguration-default"],
          gate: "calico-gate-ebgp-on-to-tor",
        },
        { changes: LEAVES.map((l) => `${l}-bridges-off-to-tor`), gate: "calico-gate-bridges-off-to-tor" },
      ]);
    });

    it("re-applies Calico's manifest only after the nodes' fabric NICs and the leaves' peering (calico-node's address is found on the fabric)", () => {
      const daemonSet = recorder.registrations.find((r) => r.type === "kubernetes:apps/v1:DaemonSet");
      assert.ok(daemonSet && recorder.upstream(daemonSet.name).has("cluster-ready"));
    });

    it("takes over the running install: every manifest object is applied with force (another manager wrote its fields)", () => {
      const manifestObjects = recorder.registrations.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:yaml:") && r.type !== "kubernetes:core/v1:NodePatch" && !r.type.includes("crd.projectcalico.org"));
      assert.ok(manifestObjects.some((r) => r.type === "kubernetes:apps/v1:DaemonSet"));
      for (const object of manifestObjects) {
        assert.equal(((object.inputs as Tree).metadata?.annotations ?? {})["pulumi.com/patchForce"], "true", `${object.type} ${object.name} is forced`);
      }
    });

    it("starts the chain only after Calico's install", () => {
      const upstream = recorder.upstream("Leaf-1-bridges-on-to-tor");
      assert.ok([...upstream].some((name) => name.includes("calico-node")), `waits for the calico-node DaemonSet (has: ${[...upstream].join(", ")})`);
    });

    it("writes the final shape: IPIP Never, no NAT, the mesh off at the cluster AS, services announced, each node's own AS", () => {
      const pool = recorder.byName("calico-ippool-default-ipv4-ippool").inputs as Tree;
      assert.deepEqual(pool.spec, { cidr: "10.244.0.0/16", ipipMode: "Never", vxlanMode: "Never", natOutgoing: false, blockSize: 26, nodeSelector: "all()" });
      assert.equal(pool.metadata.annotations["pulumi.com/patchForce"], "true");
      const bgp = recorder.byName("calico-bgpconfiguration-default").inputs as Tree;
      assert.deepEqual(bgp.spec, { nodeToNodeMeshEnabled: false, asNumber: 64512, logSeverityScreen: "Info", serviceClusterIPs: [{ cidr: "10.96.0.0/12" }] });
      const as = recorder.byName("k-w2-calico-as").inputs as Tree;
      assert.equal(as.metadata.name, "k-w2");
      assert.equal(as.metadata.annotations["projectcalico.org/ASNumber"], "65002");
    });

    it("bridges each leaf's allocated blocks at distance 250, redistributed into OSPF through their own route-map", () => {
      const bridges = recorder.byName("Leaf-1-bridges-on-to-tor").inputs as Tree;
      assert.equal(bridges.present, true);
      assert.deepEqual(bridges.lines, [
        "ip prefix-list KF-BRIDGES",
        "  seq 10 permit 10.244.111.0/26",
        "  seq 20 permit 10.244.95.0/26",
        "route-map KF-BRIDGES permit 10",
        "  match ip address prefix-list KF-BRIDGES",
        "ip route 10.244.111.0/26 10.0.11.1 250",
        "ip route 10.244.95.0/26 10.1.11.1 250",
        "router ospf 1",
        "  redistribute static route-map KF-BRIDGES",
      ]);
      assert.equal((recorder.byName("Leaf-1-bridges-off-to-tor").inputs as Tree).present, false);
    });

    it("gates the leaves on every node session and every block from BGP via its node", () => {
      const gate = recorder.byName("calico-gate-ebgp-on-to-tor").inputs as Tree;
      const leaf3 = gate.leaves.find((l: Tree) => l.target.device === "Leaf-3");
      assert.deepEqual(leaf3.expect, {
        leaf: "Leaf-3",
        sessions: [{ node: "k-w3", address: "10.3.33.1" }],
        blocks: [{ node: "k-w3", prefix: "10.244.52.0/26", nextHop: "10.3.33.1" }, { node: "k-w3", prefix: "10.244.52.64/26", nextHop: "10.3.33.1" }],
        protocol: "bgp",
        remoteBlocks: [{ node: "k-master", prefix: "10.244.111.0/26" }, { node: "k-w1", prefix: "10.244.95.0/26" }, { node: "k-w2", prefix: "10.244.217.0/26" }],
      });
      assert.equal(gate.timeoutSeconds, 300);
      const ipip = recorder.byName("calico-gate-ipip-off-to-tor").inputs as Tree;
      assert.equal(ipip.expect, "native");
      assert.deepEqual(ipip.nodes.find((n: Tree) => n.node === "k-w1").remoteBlocks.map((b: Tree) => b.prefix), ["10.244.111.0/26", "10.244.217.0/26", "10.244.52.0/26", "10.244.52.64/26"]);
    });

    it("keeps the logins and the kubeconfig in secrets only", () => {
      const plain = recorder.registrations.flatMap((r) => stringsOf(r.inputs).plain);
      for (const secret of [SWITCH_PASSWORD, NODE_PASSWORD, "KUBECONFIG-SECRET-c0de"]) assert.deepEqual(plain.filter((s) => s.includes(secret)), [], secret);
      const secrets = recorder.registrations.flatMap((r) => stringsOf(r.inputs).secret);
      assert.ok(secrets.some((s) => s.includes(SWITCH_PASSWORD)) && secrets.some((s) => s.includes(NODE_PASSWORD)));
    });

    it("registers no step of the other direction", () => {
      assert.deepEqual(STEP_TYPES.flatMap((type) => recorder.ofType(type)).map((r) => r.name).filter((n) => n.includes("to-overlay")), []);
    });
  });

  describe("the same cluster moved back to overlay", () => {
    let recorder: Recorder;
    before(async () => {
      recorder = await registerStage(planFor({ routing: "overlay", start: "defaults", manifest: manifest() }, DEFAULTS));
    });

    it("registers the mirror: bridges, eBGP off (mesh on, AS gone, peers withdrawn), IPIP on, bridges off", () => {
      assertChain(recorder, [
        { changes: LEAVES.map((l) => `${l}-bridges-on-to-overlay`), gate: "calico-gate-bridges-on-to-overlay" },
        { changes: [...NODES.map((n) => `${n}-calico-as`), "calico-peers-withdrawn-to-overlay", "calico-bgpconfiguration-default"], gate: "calico-gate-ebgp-off-to-overlay" },
        { changes: ["calico-ippool-default-ipv4-ippool"], gate: "calico-gate-ipip-on-to-overlay" },
        { changes: LEAVES.map((l) => `${l}-bridges-off-to-overlay`), gate: "calico-gate-bridges-off-to-overlay" },
      ]);
    });

    it("withdraws the BGPPeers by a step before IPIP is on, and registers none (Pulumi's delete at the end finds them gone)", () => {
      assert.deepEqual(recorder.registrations.filter((r) => r.name.startsWith("calico-bgppeer-")), []);
      const withdrawn = recorder.byName("calico-peers-withdrawn-to-overlay").inputs as Tree;
      assert.deepEqual(withdrawn.peers, ["k-master-Leaf-1", "k-w1-Leaf-1", "k-w2-Leaf-2", "k-w3-Leaf-3"]);
      assert.ok(recorder.upstream("calico-ippool-default-ipv4-ippool").has("calico-peers-withdrawn-to-overlay"));
    });

    it("puts Calico's defaults back: IPIP Always with NAT, the mesh on, no node AS", () => {
      const pool = recorder.byName("calico-ippool-default-ipv4-ippool").inputs as Tree;
      assert.equal(pool.spec.ipipMode, "Always");
      assert.equal(pool.spec.natOutgoing, true);
      assert.equal((recorder.byName("calico-bgpconfiguration-default").inputs as Tree).spec.nodeToNodeMeshEnabled, true);
      assert.deepEqual((recorder.byName("k-w1-calico-as").inputs as Tree).metadata.annotations, { "pulumi.com/patchForce": "true" });
      assert.equal((recorder.byName("calico-gate-ebgp-off-to-overlay").inputs as Tree).expect, "mesh");
      assert.equal((recorder.byName("calico-gate-ipip-on-to-overlay").inputs as Tree).expect, "tunnel");
    });
  });

  describe("a fresh cluster", () => {
    let recorder: Recorder;
    before(async () => {
      recorder = await registerStage(planFor({ routing: "tor", manifest: manifest() }));
    });

    it("goes straight to the final shape: a pinned pool per node with IPIP Never, the mesh off, no bridges, no chain", () => {
      const pools = recorder.registrations.filter((r) => r.name.startsWith("calico-ippool-"));
      assert.deepEqual(pools.map((p) => (p.inputs as Tree).spec.cidr), ["10.66.0.0/24", "10.66.1.0/24", "10.66.2.0/24", "10.66.3.0/24"]);
      for (const pool of pools) assert.equal((pool.inputs as Tree).spec.ipipMode, "Never");
      assert.equal((recorder.byName("calico-bgpconfiguration-default").inputs as Tree).spec.nodeToNodeMeshEnabled, false);
      assert.deepEqual(STEP_TYPES.flatMap((type) => recorder.ofType(type)).map((r) => `${r.type.split(":").pop()} ${r.name}`), ["LeafGate calico-gate-sessions"]);
    });

    it("applies the release's own objects without force (nothing else manages them on a fresh cluster)", () => {
      const daemonSet = recorder.registrations.find((r) => r.type === "kubernetes:apps/v1:DaemonSet");
      assert.ok(daemonSet);
      assert.equal(((daemonSet.inputs as Tree).metadata?.annotations ?? {})["pulumi.com/patchForce"], undefined);
    });

    it("creates the pools only once Calico's CRDs exist (the manifest's objects, not just its component)", () => {
      const crd = recorder.registrations.find((r) => r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition");
      assert.ok(crd);
      assert.ok(recorder.upstream(crd.name).has("cluster-ready"), "the CRDs wait for the cluster too");
      for (const pool of recorder.registrations.filter((r) => r.name.startsWith("calico-ippool-"))) {
        assert.ok(recorder.upstream(pool.name).has(crd.name), `${pool.name} waits for ${crd.name}`);
      }
    });

    it("starts calico-node only once its pool, the mesh off and its AS exist: no mesh, no IPIP ever", () => {
      const daemonSet = recorder.registrations.find((r) => r.type === "kubernetes:apps/v1:DaemonSet");
      assert.ok(daemonSet);
      const upstream = recorder.upstream(daemonSet.name);
      for (const name of ["calico-bgpconfiguration-default", "calico-ippool-kube-fabric-k-w1", "k-w1-calico-as", "calico-bgppeer-k-w1-Leaf-1"]) {
        assert.ok(upstream.has(name), `calico-node waits for ${name}`);
      }
      assert.ok(!recorder.upstream("calico-bgpconfiguration-default").has(daemonSet.name));
    });

    it("peers after the node's AS and the mesh off, and gates on every leaf session after the peers", () => {
      const peer = recorder.upstream("calico-bgppeer-k-w1-Leaf-1");
      assert.ok(peer.has("k-w1-calico-as") && peer.has("calico-bgpconfiguration-default"));
      const gate = recorder.upstream("calico-gate-sessions");
      for (const n of NODES) assert.ok(gate.has(`${n}-calico-as`));
      assert.ok(gate.has("calico-bgppeer-k-w3-Leaf-3"));
      assert.ok([...gate].some((name) => name.includes("calico-node")), "and after calico-node");
    });

    it("pins calico-node's address to the fabric and turns Calico's own default pool off", () => {
      const daemonSet = recorder.registrations.find((r) => r.type === "kubernetes:apps/v1:DaemonSet");
      const env = (daemonSet?.inputs as Tree).spec.template.spec.containers[0].env;
      assert.deepEqual(env, [
        { name: "IP_AUTODETECTION_METHOD", value: "cidr=10.0.11.0/31,10.1.11.0/31,10.2.22.0/31,10.3.33.0/31" },
        { name: "NO_DEFAULT_POOLS", value: "true" },
      ]);
    });

    it("waits for calico-node and calico-kube-controllers to roll out (calico.awaitRollout unset)", () => {
      for (const type of ["kubernetes:apps/v1:DaemonSet", "kubernetes:apps/v1:Deployment"]) {
        const workload = recorder.registrations.find((r) => r.type === type);
        assert.ok(workload, type);
        assert.equal(((workload.inputs as Tree).metadata?.annotations ?? {})["pulumi.com/skipAwait"], undefined, `${type} is awaited`);
      }
    });
  });

  describe("calico.awaitRollout: false", () => {
    it("marks Calico's workloads skipAwait, and nothing else changes", async () => {
      const recorder = await registerStage(planFor({ routing: "tor", manifest: manifest(), awaitRollout: false }));
      for (const type of ["kubernetes:apps/v1:DaemonSet", "kubernetes:apps/v1:Deployment"]) {
        const workload = recorder.registrations.find((r) => r.type === type);
        assert.equal(((workload?.inputs as Tree).metadata?.annotations ?? {})["pulumi.com/skipAwait"], "true", `${type} is not awaited`);
      }
      assert.ok(recorder.byName("calico-gate-sessions"), "the sessions gate still judges the leaves");
    });
  });
});
