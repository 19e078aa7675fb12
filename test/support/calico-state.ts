// A cluster on Calico's defaults as kube-fabric reads it (pools and confirmed block affinities), on the
// dev stack's nodes: 10.244.0.0/16 in /26 blocks handed out in any order, as Calico's IPAM does (the reference lab).
import type { CalicoClusterState } from "../../components/plan/calico-plan";

export const DEFAULTS_POOL = { name: "default-ipv4-ippool", cidr: "10.244.0.0/16", blockSize: 26 };

export const DEFAULTS_ON_DEV_NODES: CalicoClusterState = {
  pools: [DEFAULTS_POOL],
  blocks: [
    { node: "k-master", cidr: "10.244.111.0/26" },
    { node: "k-w1", cidr: "10.244.95.0/26" },
    { node: "k-w2", cidr: "10.244.217.0/26" },
    { node: "k-w3", cidr: "10.244.52.0/26" },
    { node: "k-w3", cidr: "10.244.52.64/26" },
  ],
};
