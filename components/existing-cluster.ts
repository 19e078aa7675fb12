// `kubernetes.provision: existing`: the cluster is already there (its admin kubeconfig is the secret
// kube-fabric:kubeconfig), so no node is bootstrapped and no kubeadm runs. What the fabric still
// needs from every node is its fabric NIC: the same netplan step real nodes get, one per node.
//
//   underlay on every switch → per node, in parallel: netplan (fabric address + route via its leaf)

import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesPlan, NodePlan } from "./plan/plan-types";
import { Credentials } from "./stack-input";
import { nodeConnection, remoteStep } from "./nodes";
import { controlPlaneEndpoint } from "./nodes/kubeadm-config";
import { renderNetplan } from "./nodes/netplan";

export interface ExistingClusterArgs {
  kubernetes: KubernetesPlan;
  nodes: readonly NodePlan[];
  credentials: Credentials;
  /** The existing cluster's admin kubeconfig (secret), if the stack has one. */
  kubeconfig?: pulumi.Output<string>;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ExistingCluster extends pulumi.ComponentResource {
  /** The stack's kubeconfig secret, when it has one (absent, not an undefined output: the engine warns of those). */
  readonly kubeconfig: pulumi.Output<string> | undefined;
  readonly apiServer: string;
  /** One per node: its fabric NIC configured. */
  readonly networks: Readonly<Record<string, command.remote.Command>>;
  /** Depend on these to run once every node has its fabric address and route. */
  readonly ready: readonly pulumi.Resource[];

  constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:cluster:ExistingCluster", name, {}, opts);
    const networks: Record<string, command.remote.Command> = {};
    for (const node of args.nodes) {
      const remote = { connection: nodeConnection(node, args.credentials), credentials: args.credentials };
      networks[node.name] = remoteStep(`${node.name}-netplan`, renderNetplan(node), remote, { parent: this, dependsOn: args.dependsOn ?? [] });
    }
    this.networks = networks;
    this.ready = Object.values(networks);
    this.kubeconfig = args.kubeconfig ? pulumi.secret(args.kubeconfig) : undefined;
    this.apiServer = `https://${controlPlaneEndpoint(args.kubernetes)}`;
    this.registerOutputs({ apiServer: this.apiServer });
  }
}
