// The Calico stage: after the cluster and the leaves' peering with the nodes, Calico's release manifest
// (install.ts, IP autodetection pinned to the fabric /31s), then its routing objects.
//   - start fresh: straight into the final shape (a pinned pool per node, no mesh, no IPIP ever: the
//     pools are created with ipipMode Never and the BGPConfiguration turns the mesh off before any
//     calico-node could use a default), then the gate: every leaf session Established.
//   - start defaults: the chain of migration.ts moves the live cluster to calico.routing, loss-free.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CalicoStagePlan } from "../plan/calico-plan";
import { SwitchOptionsConfig } from "../plan/config-types";
import { FabricPlan } from "../plan/plan-types";
import { Credentials } from "../stack-input";
import { leafExpectation, leafTarget, nodeLeaves } from "./chain-targets";
import { CalicoInstall } from "./install";
import { calicoResource, nodeAnnotations } from "./k8s-objects";
import { CalicoMigration, Dependencies } from "./migration";
import { fabricAutodetection, routingObjects } from "./objects";
import { MigrationStepResource } from "./steps/step-resource";

export interface CalicoStageArgs {
  plan: FabricPlan;
  stage: CalicoStagePlan;
  /** The cluster's admin kubeconfig (secret). */
  kubeconfig: pulumi.Output<string>;
  switchCredentials: Credentials;
  switchOptions: SwitchOptionsConfig;
  nodeCredentials: Credentials;
  /** The cluster and the leaves' peering with the nodes. */
  dependsOn: pulumi.Resource[];
}

/**
 * One request to the API server may take this long. The provider's default, 32 s, failed the install
 * on a control plane under load (a VM control plane serving its OpenAPI schema: "context deadline
 * exceeded"); a slow answer is not a failure, a refused or wrong one is.
 */
export const KUBE_REQUEST_TIMEOUT_SECONDS = 180;

/** calico-node's environment: its BGP address from the fabric /31s only; kube-fabric owns every pool. */
export function calicoNodeEnv(plan: FabricPlan): Record<string, string> {
  return { IP_AUTODETECTION_METHOD: fabricAutodetection(plan.nodes), NO_DEFAULT_POOLS: "true" };
}

export class CalicoStage extends pulumi.ComponentResource {
  readonly install: CalicoInstall;
  /** The last resources of the stage (the final gate). */
  readonly done: pulumi.Resource[];

  constructor(name: string, args: CalicoStageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:calico:CalicoStage", name, {}, opts);
    const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: args.kubeconfig, kubeClientSettings: { timeout: KUBE_REQUEST_TIMEOUT_SECONDS } }, { parent: this });
    const fresh = args.stage.start === "fresh";
    let finalShape: pulumi.Resource[] = [];
    this.install = new CalicoInstall(
      `${name}-install`,
      {
        manifest: args.stage.manifest,
        provider,
        calicoNodeEnv: calicoNodeEnv(args.plan),
        awaitRollout: args.stage.awaitRollout,
        takeOver: !fresh,
        // Fresh: calico-node first starts with its pool, the mesh off and its AS already there (no mesh, no IPIP ever).
        beforeWorkloads: fresh ? (crds) => (finalShape = this.freshShape(args, provider, crds.apply((objects) => [...args.dependsOn, ...objects]))) : undefined,
      },
      { parent: this, dependsOn: args.dependsOn },
    );
    const after: Dependencies = this.install.ready.apply((objects) => [...args.dependsOn, ...objects]);
    if (!fresh) {
      const chain = new CalicoMigration(`${name}-move`, { ...args, provider, gateTimeoutSeconds: args.stage.gateTimeoutSeconds, dependsOn: after }, { parent: this });
      this.done = chain.done;
    } else {
      this.done = [this.sessionsGate(args, this.install.ready.apply((objects) => [...finalShape, ...objects]))];
    }
    this.registerOutputs({ routing: args.stage.routing, start: args.stage.start });
  }

  /** The final shape directly: pools, no mesh, each node's AS and its leaf peer. */
  private freshShape(args: CalicoStageArgs, provider: k8s.Provider, after: Dependencies): pulumi.Resource[] {
    const objects = routingObjects(args.stage, args.plan.nodes, "tor");
    const opts = (dependsOn: Dependencies) => ({ parent: this, provider, dependsOn });
    const pools = objects.pools.map((pool) => calicoResource(`calico-ippool-${pool.metadata.name}`, pool, opts(after)));
    const mesh = calicoResource("calico-bgpconfiguration-default", objects.bgpConfiguration, opts(after));
    const ases = args.plan.nodes.map((node) => nodeAnnotations(`${node.name}-calico-as`, node.name, objects.nodeAnnotations[node.name], opts(after)));
    const peers = objects.peers.map((peer) => calicoResource(`calico-bgppeer-${peer.metadata.name}`, peer, opts([...ases, mesh])));
    return [...pools, mesh, ...ases, ...peers];
  }

  /** Every leaf session Established, once calico-node runs with the final shape. */
  private sessionsGate(args: CalicoStageArgs, after: Dependencies): pulumi.Resource {
    // No pod has a block yet on a fresh cluster (Calico claims a block with its first pod): the gate is the sessions.
    return new MigrationStepResource(
      "calico-gate-sessions",
      {
        kind: "leaf-gate",
        what: "every node session Established",
        leaves: nodeLeaves(args.plan).map((leaf) => ({ target: leafTarget(leaf), expect: { ...leafExpectation(args.plan, leaf, "bgp", true), blocks: [], remoteBlocks: [] } })),
        credentials: pulumi.secret(pulumi.all({ password: args.switchCredentials.password, privateKey: args.switchCredentials.privateKey })),
        timeoutSeconds: args.stage.gateTimeoutSeconds,
      },
      { parent: this, dependsOn: after },
    );
  }
}
