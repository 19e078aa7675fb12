// config → plan → components → exports. Nothing else lives here.
//
// Order (each arrow a dependsOn): underlay on every switch → node bootstrap → kubeadm init → joins
// → leaf BGP to the nodes. With kubernetes.provision existing: underlay → each node's fabric NIC
// → leaf BGP to the nodes. Calico and the migration to eBGP come after the cluster (their own stage).

import { Cluster } from "./components/cluster";
import { ExistingCluster } from "./components/existing-cluster";
import { LeafPeering, Underlay } from "./components/fabric";
import { loadPlan } from "./components/load-plan";
import { NodeBootstrap } from "./components/nodes";
import { planOutputs } from "./components/outputs";
import { readStackInput } from "./components/stack-input";

const input = readStackInput();
const plan = loadPlan(input);

const switches = { credentials: input.switchCredentials, options: plan.switchOptions };
const underlay = new Underlay("fabric", { devices: plan.devices, ...switches });

// The lab's nodes have no systemd-networkd: netplan's address and route are set with ip there.
const netplan = { labApplyWithIp: input.localLab };

const cluster =
  plan.kubernetes.provision === "existing"
    ? new ExistingCluster("cluster", {
        kubernetes: plan.kubernetes,
        nodes: plan.nodes,
        credentials: input.nodeCredentials,
        kubeconfig: input.kubeconfig,
        netplan,
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
              netplan,
              dependsOn: Object.values(underlay.switches),
            }),
        ),
        credentials: input.nodeCredentials,
      });

new LeafPeering("leaf-peering", {
  devices: plan.devices,
  ...switches,
  underlay,
  dependsOn: [...cluster.ready],
});

const outputs = planOutputs(plan);
export const devices = outputs.devices;
export const nodes = outputs.nodes;
export const hosts = outputs.hosts;
export const asns = outputs.asns;
export const podCidr = outputs.podCidr;
export const serviceCidr = outputs.serviceCidr;
export const controlPlaneEndpoint = outputs.controlPlaneEndpoint;
export const apiServer = cluster.apiServer;
/** Secret: `pulumi stack output kubeconfig --show-secrets > kubeconfig`. */
export const kubeconfig = cluster.kubeconfig;
