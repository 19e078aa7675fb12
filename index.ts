// config → plan → components → exports. Nothing else lives here.
//
// Order (each arrow a dependsOn): underlay on every switch → node bootstrap → kubeadm init → joins
// → leaf BGP to the nodes. With kubernetes.provision existing: underlay → each node's fabric NIC
// → leaf BGP to the nodes → with calico.routing set, the Calico stage (install, then the final shape
// or the gated move of components/calico/migration.ts).
//
// The program is async: on a stack with the Calico stage it first reads Calico's pools and blocks from
// the cluster, so the plan (and the leaves' import policy) holds exactly the blocks the nodes announce.

import { CalicoStage } from "./components/calico/stage";
import { Cluster } from "./components/cluster";
import { ExistingCluster } from "./components/existing-cluster";
import { LeafPeering, Underlay } from "./components/fabric";
import { loadPlan, readCalicoCluster } from "./components/load-plan";
import { NodeBootstrap } from "./components/nodes";
import { planOutputs } from "./components/outputs";
import { readStackInput } from "./components/stack-input";
import { kubeconfigVia } from "./components/plan/api-access";
import * as pulumi from "@pulumi/pulumi";

export = async () => {
  const input = readStackInput();
  const plan = loadPlan(input, await readCalicoCluster(input));
  for (const notice of plan.notices) pulumi.log.warn(notice);

  const switches = { credentials: input.switchCredentials, options: plan.switchOptions };
  const underlay = new Underlay("fabric", { devices: plan.devices, ...switches });

  const cluster =
    plan.kubernetes.provision === "existing"
      ? new ExistingCluster("cluster", {
          kubernetes: plan.kubernetes,
          nodes: plan.nodes,
          credentials: input.nodeCredentials,
          kubeconfig: input.kubeconfig,
          dependsOn: Object.values(underlay.switches),
        })
      : new Cluster("cluster", {
          kubernetes: plan.kubernetes,
          nodes: plan.nodes,
          bootstraps: plan.nodes.map(
            (node) =>
              new NodeBootstrap(node.name, {
                node,
                nodes: plan.nodes,
                kubernetes: plan.kubernetes,
                credentials: input.nodeCredentials,
                      dependsOn: Object.values(underlay.switches),
              }),
          ),
          credentials: input.nodeCredentials,
        });

  const leafPeering = new LeafPeering("leaf-peering", {
    devices: plan.devices,
    ...switches,
    underlay,
    dependsOn: [...cluster.ready],
  });

  // An existing cluster's kubeconfig is the secret's; a cluster built here is reached through apiAccess.
  const built = cluster instanceof Cluster ? cluster.kubeconfig : undefined;
  const kubeconfig = input.kubeconfig ?? (built ? pulumi.secret(built.apply((k) => kubeconfigVia(k, plan.kubernetes.apiAccess))) : undefined);
  if (plan.calico.stage && kubeconfig) {
    new CalicoStage("calico", {
      plan,
      stage: plan.calico.stage,
      kubeconfig,
      switchCredentials: input.switchCredentials,
      switchOptions: plan.switchOptions,
      nodeCredentials: input.nodeCredentials,
      dependsOn: [...cluster.ready, ...Object.values(leafPeering.leaves)],
    });
  }

  const outputs = planOutputs(plan);
  return {
    devices: outputs.devices,
    nodes: outputs.nodes,
    hosts: outputs.hosts,
    asns: outputs.asns,
    podCidr: outputs.podCidr,
    serviceCidr: outputs.serviceCidr,
    controlPlaneEndpoint: outputs.controlPlaneEndpoint,
    apiServer: cluster.apiServer,
    /** Secret: `pulumi stack output kubeconfig --show-secrets > kubeconfig` (absent when an existing cluster's stack has none). */
    ...(cluster.kubeconfig ? { kubeconfig: cluster.kubeconfig } : {}),
  };
};
