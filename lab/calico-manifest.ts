// Calico's release manifest (manifests/calico.yaml) as `kubectl create -f` applies it, for a lab
// cluster that already runs Calico on its defaults before kube-fabric sees it (the migration path),
// and the calico-node container's environment as the DaemonSet in the cluster has it.
import { readFileSync } from "fs";
import { parseAllDocuments } from "yaml";
import { KubeApiError, KubeClient, KubeObject } from "./kube-client";

/** The collection an object is created in: /api/v1 or /apis/<group>/<version>, namespaced when it names a namespace. */
export function collectionPath(object: KubeObject): string {
  const { apiVersion, kind } = object;
  if (!apiVersion || !kind) throw new Error(`manifest object ${object.metadata?.name ?? "?"} has no apiVersion or kind`);
  const base = apiVersion === "v1" ? "/api/v1" : `/apis/${apiVersion}`;
  const plural = `${kind.toLowerCase()}s`;
  const namespace = object.metadata.namespace;
  return namespace ? `${base}/namespaces/${namespace}/${plural}` : `${base}/${plural}`;
}

export function manifestObjects(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .map((doc) => doc.toJSON() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null && typeof object === "object" && typeof object.kind === "string");
}

/** Creates every object of the manifest (an existing one is left as it is); returns how many it created. */
export async function createManifestObjects(client: KubeClient, file: string): Promise<number> {
  let created = 0;
  for (const object of manifestObjects(file)) {
    try {
      await client.create(collectionPath(object), object);
      created++;
    } catch (error) {
      if (!(error instanceof KubeApiError && error.reason === "AlreadyExists")) throw error;
    }
  }
  return created;
}

interface DaemonSetView {
  spec: { template: { spec: { containers: Array<{ name: string; env?: Array<{ name: string; value?: string }> }> } } };
}

/** The calico-node container's literal env values, or undefined while its DaemonSet does not exist. */
export async function calicoNodeEnv(client: KubeClient): Promise<Map<string, string> | undefined> {
  const daemonSet = await client.find<DaemonSetView>("/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node");
  if (!daemonSet) return undefined;
  const container = daemonSet.spec.template.spec.containers.find((c) => c.name === "calico-node");
  return new Map((container?.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]));
}

/**
 * The IP pool calico-node's startup creates when the cluster has none and NO_DEFAULT_POOLS is not
 * "true" (Calico's defaults: 192.168.0.0/16, /26 blocks, IPIP from CALICO_IPV4POOL_IPIP, natOutgoing).
 */
export function defaultPoolSpec(env: ReadonlyMap<string, string>): Record<string, unknown> | undefined {
  if ((env.get("NO_DEFAULT_POOLS") ?? "").toLowerCase() === "true") return undefined;
  return {
    cidr: env.get("CALICO_IPV4POOL_CIDR") ?? "192.168.0.0/16",
    blockSize: Number(env.get("CALICO_IPV4POOL_BLOCK_SIZE") ?? "26"),
    ipipMode: env.get("CALICO_IPV4POOL_IPIP") ?? "Never",
    vxlanMode: env.get("CALICO_IPV4POOL_VXLAN") ?? "Never",
    natOutgoing: (env.get("CALICO_IPV4POOL_NAT_OUTGOING") ?? "true").toLowerCase() === "true",
    nodeSelector: env.get("CALICO_IPV4POOL_NODE_SELECTOR") ?? "all()",
  };
}
