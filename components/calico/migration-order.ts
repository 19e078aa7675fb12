// The order of the move between Calico's defaults (full mesh + IPIP, "overlay") and eBGP with the
// leaves ("tor"), in one place (pure). Each step is a change and the gate that must pass before the
// next one starts; the Calico migration chain turns them into resources with explicit dependsOn, and
// the migration bench measures exactly this order (bench/migration-orders.ts).
//
// Why this order (measured, see README "Calico"): nothing that carries traffic is removed before its
// replacement is verified.
//   1. bridges: each leaf gets a static route per allocated block via its node (distance 250, so
//      any BGP route wins; redistributed into OSPF with the leaf's BGP routes) — a path through the
//      fabric that does not depend on any BGP session. Gate: every block on every leaf.
//   2. IPIP off: mesh routes stop going through tunl0 and become native via the fabric (the node's
//      fabric route covers the pod CIDR: checkFabricRoute), which the bridges carry. Done before any
//      leaf route exists: with IPIP on, Calico's BIRD sends every BGP route through the tunnel to its
//      next hop, and a route learned from the leaf would tunnel into the leaf, which drops it.
//   3. eBGP: per-node AS + a BGPPeer per node to its leaf + mesh off, together. A per-node AS kills
//      the mesh (its sessions become eBGP without multihop) and restarts the leaf session (Calico
//      3.28's BGPPeer has no localASNumber); meanwhile nodes forward via their fabric route and the
//      leaves via the bridges. Gate: every leaf session Established, every block from BGP via its node.
//   4. bridges off.
// Back is the mirror: bridges, eBGP off (mesh on, cluster AS, peers removed; gate: mesh routes on
// every node), IPIP on (only once no route from a leaf is left to tunnel into it), bridges off.

export type CalicoRouting = "overlay" | "tor";

export type MigrationChange =
  | { kind: "bridges"; present: boolean }
  | { kind: "encapsulation"; ipipMode: "Always" | "Never" }
  | { kind: "ebgp"; enabled: boolean };

export type MigrationGate =
  /** every allocated block has its static bridge on every leaf (present) / none has (absent) */
  | { kind: "leaf-bridges"; present: boolean }
  /** every node's routes to other blocks are native (Never) / through the tunnel to a node (Always) */
  | { kind: "node-encapsulation"; ipipMode: "Always" | "Never" }
  /** every leaf session Established, every block in the leaf's table from BGP via its node */
  | { kind: "leaf-sessions" }
  /** every node has every other block from the mesh */
  | { kind: "node-mesh" };

export interface MigrationStep {
  name: string;
  change: MigrationChange;
  gate: MigrationGate;
}

export function migrationSteps(from: CalicoRouting, to: CalicoRouting): MigrationStep[] {
  if (from === to) return [];
  const bridgesOn: MigrationStep = { name: "bridges-on", change: { kind: "bridges", present: true }, gate: { kind: "leaf-bridges", present: true } };
  const bridgesOff: MigrationStep = { name: "bridges-off", change: { kind: "bridges", present: false }, gate: { kind: "leaf-bridges", present: false } };
  if (to === "tor") {
    return [
      bridgesOn,
      { name: "ipip-off", change: { kind: "encapsulation", ipipMode: "Never" }, gate: { kind: "node-encapsulation", ipipMode: "Never" } },
      { name: "ebgp-on", change: { kind: "ebgp", enabled: true }, gate: { kind: "leaf-sessions" } },
      bridgesOff,
    ];
  }
  return [
    bridgesOn,
    { name: "ebgp-off", change: { kind: "ebgp", enabled: false }, gate: { kind: "node-mesh" } },
    { name: "ipip-on", change: { kind: "encapsulation", ipipMode: "Always" }, gate: { kind: "node-encapsulation", ipipMode: "Always" } },
    bridgesOff,
  ];
}
