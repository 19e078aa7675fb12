// The migration orders the bench measures, as data: each step a change and the gate that says it
// took effect. "naive" is the order DESIGN.md first wrote (peers, wait, mesh off, IPIP off);
// "bridged" is kube-fabric's order (components/calico/migration-order.ts), forward and back.
import { CalicoClusterLab } from "../lab/calico-cluster-lab";
import { migrationSteps, MigrationStep as OrderStep } from "../components/calico/migration-order";
import {
  gateLeafBridges,
  gateLeafSessions,
  gatePaths,
  setBridges,
  setEncapsulation,
  setLeafPeers,
  setMesh,
  setNodeAsNumbers,
} from "../lab/calico-lab-ops";

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

/** Runs one step of components/calico/migration-order.ts on the lab: its change, then its gate. */
export function labStep(step: OrderStep): MigrationStep {
  const change = step.change;
  const gate = step.gate;
  return {
    name: step.name,
    apply: async (ctx) => {
      switch (change.kind) {
        case "bridges":
          return setBridges(ctx.lab, change.present);
        case "encapsulation":
          return setEncapsulation(ctx.lab, change.ipipMode, ctx.poolCidr);
        case "ebgp":
          if (change.enabled) {
            await setNodeAsNumbers(ctx.lab, true);
            await setLeafPeers(ctx.lab, true, ctx.leafAs);
            await setMesh(ctx.lab, false);
          } else {
            await setMesh(ctx.lab, true);
            await setNodeAsNumbers(ctx.lab, false);
            await setLeafPeers(ctx.lab, false, ctx.leafAs);
          }
      }
    },
    gate: async (ctx) => {
      switch (gate.kind) {
        case "leaf-bridges":
          return gateLeafBridges(ctx.lab, gate.present, ctx.gateTimeoutMs);
        case "node-encapsulation":
          return gatePaths(ctx.lab, `every path ${gate.ipipMode === "Never" ? "native" : "through the tunnel to its node"}`, ctx.gateTimeoutMs,
            (p) => (gate.ipipMode === "Never" ? p.kind === "native" || p.kind === "default" : p.kind === "tunnel-to-node"));
        case "leaf-sessions":
          await gateLeafSessions(ctx.lab, ctx.gateTimeoutMs);
          return gatePaths(ctx.lab, "every node's routes from its leaf", ctx.gateTimeoutMs, (p) => p.kind === "native" && viaLeaf(p));
        case "node-mesh":
          return gatePaths(ctx.lab, "every node's routes from the mesh", ctx.gateTimeoutMs, (p) => p.kind !== "tunnel-to-non-node" && viaMesh(p));
      }
    },
  };
}

export const BRIDGED_FORWARD: readonly MigrationStep[] = migrationSteps("overlay", "tor").map(labStep);
export const BRIDGED_BACK: readonly MigrationStep[] = migrationSteps("tor", "overlay").map(labStep);
