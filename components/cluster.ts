// The kubeadm cluster, in dependency order:
//
//   every NodeBootstrap ready → kubeadm init (control plane, once) → admin kubeconfig (secret)
//                             → per worker, in parallel: fresh join token (control plane, secret)
//                                                       → kubeadm join (worker, token via stdin)
//
// Node readiness is not waited for: nodes stay NotReady until the CNI exists (the Calico stage).
//
// pulumi destroy runs the same graph backwards (components/nodes/teardown.ts): per worker, the drain
// marker's delete drains it and deletes its Node (control plane), then the join's delete resets it
// (worker); the control plane is reset last, by the init's delete, after every worker is gone.

import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesPlan, NodePlan } from "./plan/plan-types";
import { Credentials } from "./stack-input";
import { nodeConnection, NodeBootstrap, remoteStep } from "./nodes";
import { controlPlaneEndpoint } from "./nodes/kubeadm-config";
import { renderJoinToken, renderKubeadmInit, renderReadKubeconfig } from "./nodes/kubeadm-init";
import { renderKubeadmJoin } from "./nodes/kubeadm-join";
import { renderDrainMarker, renderDrainWorker, renderKubeadmReset } from "./nodes/teardown";

export interface ClusterArgs {
  kubernetes: KubernetesPlan;
  /** Every node of the plan: one control plane (kubernetes.controlPlaneNode), the rest workers. */
  nodes: readonly NodePlan[];
  /** One per node: nothing here starts before all of them are ready. */
  bootstraps: readonly NodeBootstrap[];
  credentials: Credentials;
}

export class Cluster extends pulumi.ComponentResource {
  /** The admin kubeconfig, a secret, its server on the fabric endpoint: feeds the Kubernetes provider. */
  readonly kubeconfig: pulumi.Output<string>;
  /** https://<controlPlaneEndpoint>:6443 */
  readonly apiServer: string;
  readonly controlPlaneNode: string;
  /** Every node that is in the cluster once this component is done: the control plane, then the workers. */
  readonly nodeNames: readonly string[];
  readonly init: command.remote.Command;
  readonly joins: Readonly<Record<string, command.remote.Command>>;
  /** Depend on these to run after the cluster exists with every worker joined (not Ready: no CNI yet). */
  readonly ready: readonly pulumi.Resource[];

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:cluster:Cluster", name, {}, opts);
    const { kubernetes, credentials } = args;
    const controlPlane = args.nodes.find((n) => n.name === kubernetes.controlPlaneNode);
    if (!controlPlane || controlPlane.role !== "control-plane") {
      throw new Error(`kubernetes.controlPlaneNode: '${kubernetes.controlPlaneNode}' is not a control-plane node of the plan: give exactly one node role control-plane`);
    }
    const workers = args.nodes.filter((n) => n !== controlPlane);
    const extraControlPlanes = workers.filter((n) => n.role === "control-plane").map((n) => n.name);
    if (extraControlPlanes.length > 0) {
      throw new Error(`topology.nodes: ${extraControlPlanes.join(", ")} are control-plane nodes too; kube-fabric builds one control plane: make them workers`);
    }
    const bootstrapOf = new Map(args.bootstraps.map((b) => [b.nodeName, b]));
    const missing = args.nodes.filter((n) => !bootstrapOf.has(n.name)).map((n) => n.name);
    if (missing.length > 0) throw new Error(`internal: no NodeBootstrap for ${missing.join(", ")}`);
    const allBootstrapped = args.bootstraps.map((b) => b.ready);

    const controlPlaneRemote = { connection: nodeConnection(controlPlane, credentials), credentials };
    const cp = controlPlane.name;

    this.init = remoteStep(`${cp}-kubeadm-init`, renderKubeadmInit(kubernetes, controlPlane), { ...controlPlaneRemote, onDelete: renderKubeadmReset(controlPlane) }, {
      parent: this,
      dependsOn: allBootstrapped,
    });
    const readKubeconfig = remoteStep(
      `${cp}-admin-kubeconfig`,
      renderReadKubeconfig(kubernetes),
      { ...controlPlaneRemote, secretStdout: true },
      { parent: this, dependsOn: [this.init] },
    );
    this.kubeconfig = pulumi.secret(readKubeconfig.stdout);

    const joins: Record<string, command.remote.Command> = {};
    const drains: command.remote.Command[] = [];
    for (const worker of workers) {
      // Made on the control plane right before this worker joins, valid 15 minutes, secret.
      const token = remoteStep(
        `${worker.name}-join-token`,
        renderJoinToken(worker),
        { ...controlPlaneRemote, secretStdout: true },
        { parent: this, dependsOn: [this.init, bootstrapOf.get(worker.name)!.ready] },
      );
      joins[worker.name] = remoteStep(
        `${worker.name}-kubeadm-join`,
        renderKubeadmJoin(kubernetes, worker),
        { connection: nodeConnection(worker, credentials), credentials, payload: pulumi.secret(token.stdout), onDelete: renderKubeadmReset(worker) },
        { parent: this, dependsOn: [token] },
      );
      // Depends on the join, so destroy deletes it first: drained and removed before it is reset.
      drains.push(
        remoteStep(`${worker.name}-drain-on-destroy`, renderDrainMarker(worker), { ...controlPlaneRemote, onDelete: renderDrainWorker(worker) }, {
          parent: this,
          dependsOn: [joins[worker.name]],
        }),
      );
    }
    this.joins = joins;
    this.apiServer = `https://${controlPlaneEndpoint(kubernetes)}`;
    this.controlPlaneNode = cp;
    this.nodeNames = [cp, ...workers.map((w) => w.name)];
    this.ready = [readKubeconfig, ...Object.values(joins), ...drains];
    this.registerOutputs({ kubeconfig: this.kubeconfig, apiServer: this.apiServer, nodeNames: this.nodeNames });
  }
}
