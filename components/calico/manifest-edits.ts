// Edits kube-fabric makes to objects of Calico's own manifest before they are applied (pure
// functions on the decoded objects, tested without I/O). Everything else stays as released.

/** The decoded shape of a manifest object, as far as these edits read it. */
export interface ManifestObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec?: {
    template?: {
      spec?: {
        containers?: Array<{ name?: string; env?: Array<{ name: string; value?: string; valueFrom?: unknown }> }>;
        nodeSelector?: Record<string, string>;
      };
    };
  };
  [key: string]: unknown;
}

/**
 * Sets env variables of one container of a workload (DaemonSet/Deployment) called `workload`,
 * replacing a variable of the same name (value or valueFrom) in place and appending new ones.
 */
export function setContainerEnv(object: ManifestObject, kind: string, workload: string, container: string, env: Readonly<Record<string, string>>): void {
  if (object.kind !== kind || object.metadata?.name !== workload) return;
  const target = object.spec?.template?.spec?.containers?.find((c) => c.name === container);
  if (!target) throw new Error(`Calico manifest: ${kind} ${workload} has no container '${container}' (a release whose layout kube-fabric does not know)`);
  const list = (target.env ??= []);
  for (const [name, value] of Object.entries(env)) {
    const index = list.findIndex((entry) => entry.name === name);
    if (index >= 0) list[index] = { name, value };
    else list.push({ name, value });
  }
}

/** The value an env variable of a container has in the manifest (undefined when unset or from a reference). */
export function containerEnv(object: ManifestObject, container: string, name: string): string | undefined {
  return object.spec?.template?.spec?.containers?.find((c) => c.name === container)?.env?.find((entry) => entry.name === name)?.value;
}

/**
 * calico-kube-controllers on the control-plane node, in the host network: it then reaches the
 * apiserver without the pod network, so no step of the migration can cut it off (in the reference lab it
 * crash-looped on a worker while pod routes moved). The manifest already tolerates the taint.
 */
export function placeKubeControllers(object: ManifestObject): void {
  if (object.kind !== "Deployment" || object.metadata?.name !== "calico-kube-controllers") return;
  const podSpec = object.spec?.template?.spec as (Record<string, unknown> & { nodeSelector?: Record<string, string> }) | undefined;
  if (!podSpec) throw new Error("Calico manifest: Deployment calico-kube-controllers has no pod template (a release whose layout kube-fabric does not know)");
  podSpec.nodeSelector = { ...(podSpec.nodeSelector ?? {}), "node-role.kubernetes.io/control-plane": "" };
  podSpec.hostNetwork = true;
  podSpec.dnsPolicy = "ClusterFirstWithHostNet";
}

/**
 * Taking over a cluster that already runs Calico (calico.start: defaults): its objects were applied by
 * another field manager (kubectl, the operator, an earlier install), and server-side apply refuses to change
 * their fields without force (seen on the lab: the DaemonSet's node-name env `fieldRef`s and
 * calico-kube-controllers' nodeSelector). `pulumi.com/patchForce` makes kube-fabric's apply take them over.
 */
export function forceApply(object: ManifestObject): void {
  if (!object.metadata) return;
  object.metadata.annotations = { ...(object.metadata.annotations ?? {}), "pulumi.com/patchForce": "true" };
}
