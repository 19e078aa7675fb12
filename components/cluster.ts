// The kubeadm cluster, in dependency order:
//
//   every NodeBootstrap ready → kubeadm init (control plane, once) → admin kubeconfig (secret)
//                             → the settings init fixed, recorded (a later change is refused in preview)
//                             → per worker, in parallel: kubeadm join (WorkerJoin: a fresh token made on
//                               the control plane, then the join on the worker, in one resource, so that
//                               a retried join always gets a new token)
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
import { InitialisedSettingsRecord } from "./nodes/initialised-settings";
import { renderKubeadmInit, renderReadKubeconfig } from "./nodes/kubeadm-init";
import { payloadFromStdout } from "./nodes/script";
import { renderDrainMarker, renderDrainWorker, renderKubeadmReset } from "./nodes/teardown";
import { WorkerJoin } from "./nodes/worker-join";

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
  readonly joins: Readonly<Record<string, WorkerJoin>>;
  /** Pod CIDR, service CIDR, endpoint and version as kubeadm init fixed them: changing them fails preview. */
  readonly initialisedSettings: InitialisedSettingsRecord;
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
    // Between markers: whatever the node's shell start-up files print is not part of the kubeconfig.
    this.kubeconfig = pulumi.secret(readKubeconfig.stdout.apply((stdout) => payloadFromStdout("read-kubeconfig", stdout)));
    this.initialisedSettings = new InitialisedSettingsRecord(`${cp}-initialised-settings`, kubernetes, { parent: this, dependsOn: [this.init] });

    const joins: Record<string, WorkerJoin> = {};
    const drains: command.remote.Command[] = [];
    for (const worker of workers) {
      joins[worker.name] = new WorkerJoin(
        `${worker.name}-kubeadm-join`,
        { kubernetes, controlPlane, worker, credentials },
        { parent: this, dependsOn: [this.init, this.initialisedSettings, bootstrapOf.get(worker.name)!.ready] },
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
    this.ready = [readKubeconfig, this.initialisedSettings, ...Object.values(joins), ...drains];
    this.registerOutputs({ kubeconfig: this.kubeconfig, apiServer: this.apiServer, nodeNames: this.nodeNames });
  }
}
