// The Calico stage's plan: when it runs, the pools it owns, the blocks each node announces and what
// its leaf accepts, on both paths (fresh: pinned pools; defaults: the blocks Calico already allocated).
import { strict as assert } from "assert";
import { buildPlan, PlanInput } from "../../../components/plan/build-plan";
import { CalicoClusterState, MAX_PODS_PER_NODE, SERVICE_ROUTES } from "../../../components/plan/calico-plan";
import { PlanValidationError, formatProblem } from "../../../model/problems";
import { renderFrrNodePeering } from "../../../providers/dialects/frr/render";
import { renderEosNodePeering } from "../../../providers/dialects/eos/render";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";
import { DEFAULTS_ON_DEV_NODES } from "../../support/calico-state";

type Tree = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function topology(calico: Tree, provision: "existing" | "kubeadm" = "existing"): Tree {
  const t = devTopology() as Tree;
  t.kubernetes.provision = provision;
  t.calico = { ...t.calico, ...calico };
  return t;
}

const WITH_KUBECONFIG = { ...ALL_SECRETS, kubeconfig: true };

function problemsOf(input: PlanInput): string[] {
  try {
    buildPlan(input);
  } catch (error) {
    if (error instanceof PlanValidationError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

const DEFAULTS_STATE = DEFAULTS_ON_DEV_NODES;

function defaultsInput(state: CalicoClusterState = DEFAULTS_STATE, routing = "overlay"): PlanInput {
  const t = topology({ routing, start: "defaults" });
  t.kubernetes.podCidr = "10.244.0.0/16";
  t.kubernetes.blockSize = 26;
  return { topology: t, secrets: WITH_KUBECONFIG, calicoCluster: state };
}

describe("the Calico stage's plan", () => {
  it("says, before anything is applied, when calico.version is a release this project has not proven; nothing for the proven one", () => {
    const untried = buildPlan({ topology: topology({ routing: "tor", version: "3.29.1" }), secrets: WITH_KUBECONFIG });
    assert.deepEqual(untried.notices, [
      "topology.calico.version: Calico 3.29.1 is not the release kube-fabric proves (3.28.5, run by its cluster tier): " +
        "its objects, calico-node's settings and the gates' expectations may not match 3.29.1 — try it on a lab first, or set 3.28.5",
    ]);
    assert.deepEqual(buildPlan({ topology: topology({ routing: "tor" }), secrets: WITH_KUBECONFIG }).notices, []);
    assert.deepEqual(buildPlan({ topology: topology({ routing: "tor", version: "v3.28.5" }), secrets: WITH_KUBECONFIG }).notices, []);
    // Without calico.routing kube-fabric leaves Calico alone: its version is not ours to judge.
    assert.deepEqual(buildPlan({ topology: topology({ version: "3.29.1" }), secrets: WITH_KUBECONFIG }).notices, []);
  });

  it("does not run, and changes nothing, without calico.routing (the dev stack)", () => {
    const plan = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });
    assert.equal(plan.calico.stage, null);
    const leaf1 = plan.devices.find((d) => d.name === "Leaf-1");
    assert.deepEqual(leaf1?.nodePeering?.bgp.neighbors.map((n) => n.allowedPrefixes), [["10.66.0.0/24", "10.96.0.0/12"], ["10.66.1.0/24", "10.96.0.0/12"]]);
    assert.deepEqual(plan.nodes.map((n) => n.podBlocks), [["10.66.0.0/24"], ["10.66.1.0/24"], ["10.66.2.0/24"], ["10.66.3.0/24"]]);
  });

  describe("fresh: one pool per node, pinned by a node selector", () => {
    const plan = buildPlan({ topology: topology({ routing: "tor" }), secrets: WITH_KUBECONFIG });

    it("pins each node's planned block as a pool of exactly one block", () => {
      assert.deepEqual(plan.calico.stage?.pools[1], {
        name: "kube-fabric-k-w1",
        cidr: "10.66.1.0/24",
        blockSize: 24,
        nodeSelector: 'kubernetes.io/hostname == "k-w1"',
        adopted: false,
      });
      assert.equal(plan.calico.stage?.pools.length, 4);
      assert.equal(plan.calico.stage?.routing, "tor");
      assert.equal(plan.calico.stage?.start, "fresh");
    });

    it("bounds each node's session by its one pinned block, its pods' /32s and the service routes", () => {
      const plan = buildPlan({ topology: topology({ routing: "tor" }), secrets: WITH_KUBECONFIG });
      assert.deepEqual(plan.devices.flatMap((d) => d.nodePeering?.bgp.neighbors ?? []).map((n) => n.maximumRoutes), [368, 368, 368, 368]);
    });

    it("has each leaf accept exactly its nodes' pinned pools (le 32) and the service CIDR", () => {
      const leaf = plan.devices.find((d) => d.name === "Leaf-1");
      assert.ok(leaf);
      const lines = renderFrrNodePeering({ ...leaf, dialect: "frr" }).map((l) => l.text).filter((t) => t.startsWith("ip prefix-list"));
      assert.deepEqual(lines, [
        "ip prefix-list KF-NODE-10-0-11-1 seq 10 permit 10.66.0.0/24 le 32",
        "ip prefix-list KF-NODE-10-0-11-1 seq 20 permit 10.96.0.0/12 le 32",
        "ip prefix-list KF-NODE-10-1-11-1 seq 10 permit 10.66.1.0/24 le 32",
        "ip prefix-list KF-NODE-10-1-11-1 seq 20 permit 10.96.0.0/12 le 32",
      ]);
    });

    it("refuses a cluster that already runs Calico's own pool", () => {
      const problems = problemsOf({ topology: topology({ routing: "tor" }), secrets: WITH_KUBECONFIG, calicoCluster: DEFAULTS_STATE });
      assert.deepEqual(problems, [
        "topology.calico.start: the cluster already runs Calico (pool default-ipv4-ippool 10.244.0.0/16) — set calico.start: defaults to take it over and move it",
      ]);
    });

    it("accepts a cluster holding only its own pinned pools (a rerun after the install)", () => {
      const state = { pools: [{ name: "kube-fabric-k-w1", cidr: "10.66.1.0/24", blockSize: 24 }], blocks: [{ node: "k-w1", cidr: "10.66.1.0/24" }] };
      assert.deepEqual(problemsOf({ topology: topology({ routing: "tor" }), secrets: WITH_KUBECONFIG, calicoCluster: state }), []);
    });
  });

  describe("defaults: the blocks Calico already allocated", () => {
    it("has each node announce its allocated blocks, in address order, and its leaf accept the pool they come from", () => {
      const plan = buildPlan(defaultsInput());
      assert.deepEqual(Object.fromEntries(plan.nodes.map((n) => [n.name, n.podBlocks])), {
        "k-master": ["10.244.111.0/26"],
        "k-w1": ["10.244.95.0/26"],
        "k-w2": ["10.244.217.0/26"],
        "k-w3": ["10.244.52.0/26", "10.244.52.64/26"],
      });
      const leaf3 = plan.devices.find((d) => d.name === "Leaf-3");
      assert.ok(leaf3);
      const prefixList = renderEosNodePeering(leaf3).find((l) => l.text === "ip prefix-list KF-NODE-10-3-33-1");
      // The whole pool, le 32: a block Calico allocates later (a node filled its block) and a /32 a node
      // borrowed from another's block are accepted at once; no `pulumi up` has to run first.
      assert.deepEqual(prefixList?.children.map((c) => c.text), ["seq 10 permit 10.244.0.0/16 le 32", "seq 20 permit 10.96.0.0/12 le 32"]);
    });

    it("takes the cluster's own pool over (adopted, all nodes), whatever kubernetes.blockSize says", () => {
      const plan = buildPlan(defaultsInput());
      assert.deepEqual(plan.calico.stage?.pools, [{ name: "default-ipv4-ippool", cidr: "10.244.0.0/16", blockSize: 26, nodeSelector: "all()", adopted: true }]);
    });

    it("bounds each node's session by what the node can rightly announce: every block of its pool, a /32 per pod, the service routes", () => {
      const plan = buildPlan(defaultsInput());
      const limits = plan.devices.flatMap((d) => d.nodePeering?.bgp.neighbors ?? []).map((n) => n.maximumRoutes);
      // 10.244.0.0/16 in /26 blocks: 1024 blocks; 110 pods (kubelet's maxPods), each a borrowed /32 at worst; 1 + 256 service routes
      assert.deepEqual(limits, [1391, 1391, 1391, 1391]);
      assert.equal(limits[0], 1024 + MAX_PODS_PER_NODE + SERVICE_ROUTES);
    });

    it("has the leaf of a node without a block yet accept its first block when Calico allocates it", () => {
      const state = { ...DEFAULTS_STATE, blocks: DEFAULTS_STATE.blocks.filter((b) => b.node !== "k-w2") };
      const plan = buildPlan(defaultsInput(state));
      assert.deepEqual(plan.nodes.find((n) => n.name === "k-w2")?.podBlocks, []);
      const leaf2 = plan.devices.find((d) => d.name === "Leaf-2");
      assert.deepEqual(leaf2?.nodePeering?.bgp.neighbors[0].allowedPrefixes, ["10.244.0.0/16", "10.96.0.0/12"]);
    });

    it("ignores blocks of other pools and names a node the topology lacks", () => {
      const state: CalicoClusterState = {
        pools: [...DEFAULTS_STATE.pools, { name: "other", cidr: "172.16.0.0/16", blockSize: 26 }],
        blocks: [...DEFAULTS_STATE.blocks, { node: "k-w1", cidr: "172.16.0.0/26" }, { node: "k-w9", cidr: "10.244.7.0/26" }],
      };
      assert.deepEqual(problemsOf(defaultsInput(state)), [
        "topology.nodes: Calico gave node 'k-w9' the block 10.244.7.0/26, but the topology has no such node (the leaves would not accept it) — add the node to topology.nodes",
      ]);
    });

    it("refuses a pod CIDR that is not one of the cluster's pools", () => {
      const input = defaultsInput();
      (input.topology as Tree).kubernetes.podCidr = "10.66.0.0/16";
      (input.topology as Tree).kubernetes.blockSize = 24;
      assert.deepEqual(problemsOf(input), [
        "topology.kubernetes.podCidr: the cluster's Calico pools are default-ipv4-ippool 10.244.0.0/16; none is 10.66.0.0/16 — set podCidr to the CIDR of the pool the pods are in",
      ]);
    });

    it("needs the cluster's state read", () => {
      assert.deepEqual(problemsOf({ ...defaultsInput(), calicoCluster: undefined }), [
        "topology.calico.start: defaults needs Calico's pools and blocks read from the cluster, and none were read — set the secret kube-fabric:kubeconfig so kube-fabric can read them",
      ]);
    });
  });

  describe("validation", () => {
    it("refuses overlay on a fresh install", () => {
      assert.deepEqual(problemsOf({ topology: topology({ routing: "overlay" }), secrets: WITH_KUBECONFIG }), [
        "topology.calico.routing: overlay is Calico's defaults, which a fresh install never goes through — set routing: tor, or start: defaults for a cluster already on Calico's defaults",
      ]);
    });

    it("on an existing cluster, needs the kubeconfig secret", () => {
      assert.deepEqual(problemsOf({ topology: topology({ routing: "tor" }, "existing"), secrets: ALL_SECRETS }), [
        'topology.calico.routing: the Calico stage needs the cluster\'s admin kubeconfig — pulumi config set --secret kube-fabric:kubeconfig "$(cat admin.conf)"',
      ]);
    });

    it("on a cluster it builds with kubeadm, installs Calico fresh with kubeadm's own admin kubeconfig, and refuses defaults", () => {
      assert.deepEqual(problemsOf({ topology: topology({ routing: "tor" }, "kubeadm"), secrets: ALL_SECRETS }), []);
      assert.deepEqual(problemsOf({ topology: topology({ routing: "tor", start: "defaults" }, "kubeadm"), secrets: ALL_SECRETS }), [
        "topology.calico.start: a cluster kube-fabric builds with kubeadm starts without a CNI: there are no Calico defaults to take over — leave calico.start out (fresh), or use kubernetes.provision: existing for a cluster already on Calico's defaults",
      ]);
    });

    it("refuses a routing outside overlay | tor, and start without routing", () => {
      const bad = problemsOf({ topology: topology({ routing: "bgp" }), secrets: WITH_KUBECONFIG });
      assert.equal(bad.length, 1);
      assert.match(bad[0], /^topology\.calico\.routing: .*overlay.*tor/);
      assert.deepEqual(problemsOf({ topology: topology({ start: "defaults" }), secrets: WITH_KUBECONFIG }), [
        "topology.calico.start: is only read when the Calico stage runs — set calico.routing (tor or overlay), or leave calico.start out",
      ]);
    });
  });
});
