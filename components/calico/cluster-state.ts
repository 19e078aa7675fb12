// Calico's pools and the blocks its IPAM has handed out, read from the cluster at program time (so the
// plan, the leaves' import policy and `pulumi preview` show exactly the blocks the nodes announce).
// In Kubernetes-datastore mode these are crd.projectcalico.org/v1 IPPools and BlockAffinities.
import type { CalicoClusterState } from "../plan/calico-plan";
import { CALICO_CRD_API_VERSION } from "./objects";
import { KubeApi } from "./kube-api";

interface IpPoolObject {
  metadata: { name: string };
  spec: { cidr: string; blockSize?: number };
}

interface BlockAffinityObject {
  spec: { node: string; cidr: string; state?: string; deleted?: string | boolean };
}

/** Calico's default IPv4 block size (IPPool spec.blockSize when unset). */
export const CALICO_DEFAULT_BLOCK_SIZE = 26;

/** Pure: the state from the listed objects; only confirmed, not deleted affinities count. */
export function clusterStateOf(pools: readonly IpPoolObject[], affinities: readonly BlockAffinityObject[]): CalicoClusterState {
  return {
    pools: pools.map((pool) => ({ name: pool.metadata.name, cidr: pool.spec.cidr, blockSize: pool.spec.blockSize ?? CALICO_DEFAULT_BLOCK_SIZE })),
    blocks: affinities
      .filter((a) => (a.spec.state ?? "confirmed") === "confirmed" && a.spec.deleted !== true && a.spec.deleted !== "true")
      .map((a) => ({ node: a.spec.node, cidr: a.spec.cidr })),
  };
}

export async function readCalicoClusterState(kubeconfig: string): Promise<CalicoClusterState> {
  const api = KubeApi.fromKubeconfig(kubeconfig);
  const base = `/apis/${CALICO_CRD_API_VERSION}`;
  const [pools, affinities] = await Promise.all([
    api.listOrEmpty<IpPoolObject>(`${base}/ippools`),
    api.listOrEmpty<BlockAffinityObject>(`${base}/blockaffinities`),
  ]);
  return clusterStateOf(pools, affinities);
}
