// The move of a live cluster between Calico's defaults ("overlay": full mesh + IPIP) and eBGP with the
// leaves ("tor"), as one chain of resources, each with explicit dependsOn: every change of
// components/calico/migration-order.ts (why this order: that file's header), then the gate that must
// pass before the next change starts. A failed gate fails its create, and Pulumi starts nothing that
// depends on it.
//
// One config switch is one `pulumi up`. Pulumi deletes resources that left the program only at the end
// of an update, so nothing the chain needs mid-way is a deletion:
//   - the Calico objects both directions change (IPPool, BGPConfiguration, each Node's AS annotation)
//     are the same resources at overlay and tor, updated in chain order by their dependsOn;
//   - each step resource is keyed by the destination (`…-to-tor`, `…-to-overlay`): its create performs
//     the step, its delete does nothing. A move creates the destination's steps, in order, and at the end
//     Pulumi deletes the other direction's (done, nothing to undo);
//   - the bridges are typed and removed by two step resources of the same chain (on, off), not by a
//     switch resource that would only be deleted at the end;
//   - on the way back the BGPPeers must be gone before IPIP is on again: a step deletes them through the
//     API; their resources leave the program and Pulumi's own delete at the end finds them gone.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CalicoStagePlan } from "../plan/calico-plan";
import { CalicoRouting, SwitchOptionsConfig } from "../plan/config-types";
import { FabricPlan } from "../plan/plan-types";
import { Credentials } from "../stack-input";
import { dialectOf } from "../../providers/dialects/registry";
import { bridgeIntent, leafExpectation, leafTarget, linesAsText, nodeLeaves, nodeTarget } from "./chain-targets";
import { calicoResource, nodeAnnotations } from "./k8s-objects";
import { MigrationChange, MigrationGate, MigrationStep, migrationSteps } from "./migration-order";
import { NodeRouteExpectation } from "./node-gate";
import { leafPeerName, RoutingObjects, routingObjects } from "./objects";
import { MigrationStepResource } from "./steps/step-resource";
import type { RouteProtocol } from "../../providers/dialects/show-types";

export interface CalicoChainArgs {
  plan: FabricPlan;
  stage: CalicoStagePlan;
  provider: k8s.Provider;
  kubeconfig: pulumi.Output<string>;
  switchCredentials: Credentials;
  switchOptions: SwitchOptionsConfig;
  nodeCredentials: Credentials;
  /** How a node's kernel route shows the IPIP tunnel (node-gate.ts). */
  gateTimeoutSeconds: number;
  /** The chain starts after these (Calico's install, the leaves' peering with the nodes). */
  dependsOn: Dependencies;
}

/** One link of the chain as registered: the resources of its change and its gate. */
export interface ChainLink {
  step: string;
  changes: pulumi.Resource[];
  gate: pulumi.Resource;
}

/** What a step waits for: resources, or an Output of them (Calico's manifest objects, known once decoded). */
export type Dependencies = pulumi.Input<pulumi.Input<pulumi.Resource>[]>;

const secretCredentials = (credentials: Credentials) => pulumi.secret(pulumi.all({ password: credentials.password, privateKey: credentials.privateKey }));

export class CalicoMigration extends pulumi.ComponentResource {
  readonly links: ChainLink[] = [];
  /** Depend on this to run once the chain is through. */
  readonly done: pulumi.Resource[];

  private readonly args: CalicoChainArgs;
  private readonly objects: RoutingObjects;
  private readonly key: string;

  constructor(name: string, args: CalicoChainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:calico:CalicoMigration", name, {}, opts);
    this.args = args;
    const to = args.stage.routing;
    const from: CalicoRouting = to === "tor" ? "overlay" : "tor";
    this.key = `to-${to}`;
    this.objects = routingObjects(args.stage, args.plan.nodes, to);
    let after: Dependencies = args.dependsOn;
    for (const step of migrationSteps(from, to)) {
      const changes = this.change(step, after);
      const gate = this.gate(step, to, changes);
      this.links.push({ step: step.name, changes, gate });
      after = [gate];
    }
    this.done = this.links.length > 0 ? [this.links[this.links.length - 1].gate] : [];
    this.registerOutputs({ routing: to, steps: this.links.map((link) => link.step) });
  }

  private k8sOpts(dependsOn: Dependencies, retain = false): pulumi.CustomResourceOptions {
    return { parent: this, provider: this.args.provider, dependsOn, retainOnDelete: retain };
  }

  /** The resources that make one change, each waiting for the previous gate. */
  private change(step: MigrationStep, after: Dependencies): pulumi.Resource[] {
    const change: MigrationChange = step.change;
    const { plan, stage } = this.args;
    switch (change.kind) {
      case "bridges":
        return nodeLeaves(plan).map((leaf) => {
          const ownedConfig = dialectOf(leaf.dialect).renderBridges(bridgeIntent(plan, leaf));
          return new MigrationStepResource(
            `${leaf.name}-${step.name}-${this.key}`,
            {
              kind: "bridges",
              present: change.present,
              leaf: leafTarget(leaf),
              ownedConfig,
              lines: linesAsText(ownedConfig),
              credentials: secretCredentials(this.args.switchCredentials),
              options: this.args.switchOptions,
            },
            { parent: this, dependsOn: after },
          );
        });
      case "encapsulation":
        return this.objects.pools.map((pool, index) => calicoResource(`calico-ippool-${pool.metadata.name}`, pool, this.k8sOpts(after, stage.pools[index].adopted)));
      case "ebgp": {
        // The cluster's BGPConfiguration and each Node's AS outlive kube-fabric (Calico falls back to its defaults without them).
        const mesh = calicoResource("calico-bgpconfiguration-default", this.objects.bgpConfiguration, this.k8sOpts(after, true));
        const ases = plan.nodes.map((node) => nodeAnnotations(`${node.name}-calico-as`, node.name, this.objects.nodeAnnotations[node.name], this.k8sOpts(after)));
        const peers = change.enabled
          ? this.objects.peers.map((peer) => calicoResource(`calico-bgppeer-${peer.metadata.name}`, peer, this.k8sOpts(after)))
          : [
              new MigrationStepResource(
                `calico-peers-withdrawn-${this.key}`,
                { kind: "peers-withdrawn", peers: plan.nodes.map(leafPeerName), kubeconfig: this.args.kubeconfig },
                { parent: this, dependsOn: after },
              ),
            ];
        return [...ases, ...peers, mesh];
      }
    }
  }

  private leafGate(name: string, what: string, protocol: RouteProtocol | undefined, sessions: boolean, changes: pulumi.Resource[]): pulumi.Resource {
    const { plan } = this.args;
    return new MigrationStepResource(
      name,
      {
        kind: "leaf-gate",
        what,
        leaves: nodeLeaves(plan).map((leaf) => ({ target: leafTarget(leaf), expect: leafExpectation(plan, leaf, protocol, sessions) })),
        credentials: secretCredentials(this.args.switchCredentials),
        timeoutSeconds: this.args.gateTimeoutSeconds,
      },
      { parent: this, dependsOn: changes },
    );
  }

  private nodeGate(name: string, what: string, expect: NodeRouteExpectation, changes: pulumi.Resource[]): pulumi.Resource {
    const { plan } = this.args;
    return new MigrationStepResource(
      name,
      {
        kind: "node-gate",
        what,
        expect,
        nodes: plan.nodes.map((node) => nodeTarget(plan, node)),
        credentials: secretCredentials(this.args.nodeCredentials),
        timeoutSeconds: this.args.gateTimeoutSeconds,
      },
      { parent: this, dependsOn: changes },
    );
  }

  /** The gate after a change: what must hold on the leaves or the nodes before the next change. */
  private gate(step: MigrationStep, to: CalicoRouting, changes: pulumi.Resource[]): pulumi.Resource {
    const gate: MigrationGate = step.gate;
    const name = `calico-gate-${step.name}-${this.key}`;
    switch (gate.kind) {
      case "leaf-bridges":
        if (gate.present) return this.leafGate(name, "every block on its leaf via its node (bridge or BGP)", undefined, false, changes);
        // Bridges gone: at tor every block is still there from BGP; at overlay the mesh still carries every block.
        return to === "tor"
          ? this.leafGate(name, "every node session Established, every block from BGP via its node, bridges gone", "bgp", true, changes)
          : this.nodeGate(name, "every node's routes to other blocks from the mesh, through the tunnel, bridges gone", "tunnel", changes);
      case "node-encapsulation":
        return gate.ipipMode === "Never"
          ? this.nodeGate(name, "no node's route to another block goes through the IPIP tunnel", "native", changes)
          : this.nodeGate(name, "every node's route to another block goes through the IPIP tunnel from the mesh", "tunnel", changes);
      case "leaf-sessions":
        return this.leafGate(name, "every node session Established, every block from BGP via its node", "bgp", true, changes);
      case "node-mesh":
        return this.nodeGate(name, "every node has every other block from the mesh", "mesh", changes);
    }
  }
}
