// The migration orders the bench measures, as data: each step a change and the gate that says it
// took effect. "naive" is the order DESIGN.md first wrote (peers, wait, mesh off, IPIP off);
// "bridged" is kube-fabric's candidate, forward and back.
import { CalicoClusterLab } from "../lab/calico-cluster-lab";
import {
  gateLeafBridges,
  gateLeafHasEveryBlock,
  gateLeafSessions,
  gatePaths,
  leafBlockSources,
  setBridges,
  setEncapsulation,
  setLeafPeers,
  setMesh,
  setNodeAsNumbers,
} from "../lab/calico-lab-ops";
import { pollUntil } from "../lab/kube-client";

export interface MigrationContext {
  lab: CalicoClusterLab;
  poolCidr: string;
  leafAs: number;
  gateTimeoutMs: number;
}

export interface MigrationStep {
  name: string;
  apply(ctx: MigrationContext): Promise<void>;
  gate(ctx: MigrationContext): Promise<void>;
}

const viaLeaf = (p: { protocol?: string }) => (p.protocol ?? "").startsWith("Node_");
const viaMesh = (p: { protocol?: string }) => (p.protocol ?? "").startsWith("Mesh_");

export const NAIVE_FORWARD: readonly MigrationStep[] = [
  {
    name: "peers: per-node AS + BGPPeer per node (wait for the leaf)",
    apply: async (ctx) => {
      await setNodeAsNumbers(ctx.lab, true);
      await setLeafPeers(ctx.lab, true, ctx.leafAs);
    },
    gate: (ctx) => gateLeafSessions(ctx.lab, ctx.gateTimeoutMs),
  },
  {
    name: "mesh off",
    apply: (ctx) => setMesh(ctx.lab, false),
    gate: (ctx) => gatePaths(ctx.lab, "every node's routes from its leaf", ctx.gateTimeoutMs, viaLeaf),
  },
  {
    name: "IPIP off",
    apply: (ctx) => setEncapsulation(ctx.lab, "Never", ctx.poolCidr),
    gate: (ctx) => gatePaths(ctx.lab, "every path native", ctx.gateTimeoutMs, (p) => p.kind === "native"),
  },
];

const bridgesOn: MigrationStep = {
  name: "bridges on: leaf static per block via its node (distance 250)",
  apply: (ctx) => setBridges(ctx.lab, true),
  gate: async (ctx) => {
    await gateLeafBridges(ctx.lab, true, ctx.gateTimeoutMs);
    await gateLeafHasEveryBlock(ctx.lab, ctx.gateTimeoutMs);
  },
};

export const BRIDGED_FORWARD: readonly MigrationStep[] = [
  bridgesOn,
  {
    name: "IPIP off (mesh routes native via the leaf)",
    apply: (ctx) => setEncapsulation(ctx.lab, "Never", ctx.poolCidr),
    gate: (ctx) => gatePaths(ctx.lab, "no path through the tunnel", ctx.gateTimeoutMs, (p) => p.kind === "native" || p.kind === "default"),
  },
  {
    name: "eBGP: per-node AS + BGPPeer per node + mesh off",
    apply: async (ctx) => {
      await setNodeAsNumbers(ctx.lab, true);
      await setLeafPeers(ctx.lab, true, ctx.leafAs);
      await setMesh(ctx.lab, false);
    },
    gate: async (ctx) => {
      await gateLeafSessions(ctx.lab, ctx.gateTimeoutMs);
      await gatePaths(ctx.lab, "every node's routes from its leaf", ctx.gateTimeoutMs, (p) => p.kind === "native" && viaLeaf(p));
    },
  },
  {
    name: "bridges off",
    apply: (ctx) => setBridges(ctx.lab, false),
    gate: async (ctx) => {
      await gateLeafBridges(ctx.lab, false, ctx.gateTimeoutMs);
      await pollUntil("every block on the leaf from BGP", ctx.gateTimeoutMs, async () =>
        [...(await leafBlockSources(ctx.lab)).values()].every((source) => source === "bgp") ? true : undefined);
    },
  },
];

export const BRIDGED_BACK: readonly MigrationStep[] = [
  bridgesOn,
  {
    name: "mesh on + cluster AS + BGPPeers removed",
    apply: async (ctx) => {
      await setMesh(ctx.lab, true);
      await setNodeAsNumbers(ctx.lab, false);
      await setLeafPeers(ctx.lab, false, ctx.leafAs);
    },
    gate: (ctx) => gatePaths(ctx.lab, "every node's routes from the mesh", ctx.gateTimeoutMs, (p) => p.kind === "native" && viaMesh(p)),
  },
  {
    name: "IPIP Always (tunnels to nodes only)",
    apply: (ctx) => setEncapsulation(ctx.lab, "Always", ctx.poolCidr),
    gate: (ctx) => gatePaths(ctx.lab, "every path through the tunnel to its node", ctx.gateTimeoutMs, (p) => p.kind === "tunnel-to-node"),
  },
  {
    name: "bridges off",
    apply: (ctx) => setBridges(ctx.lab, false),
    gate: (ctx) => gateLeafBridges(ctx.lab, false, ctx.gateTimeoutMs),
  },
];
