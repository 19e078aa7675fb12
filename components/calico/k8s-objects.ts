// Calico's objects as @pulumi/kubernetes resources (server-side apply): a CustomResource per object,
// a NodePatch for the annotations kube-fabric owns on a Node. `pulumi.com/patchForce` lets kube-fabric
// take over fields another manager wrote (calicoctl, an earlier install, the cluster's own defaults).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CalicoObject } from "./objects";

export const PATCH_FORCE = { "pulumi.com/patchForce": "true" } as const;

export function calicoResource(name: string, object: CalicoObject, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    name,
    { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata.name, annotations: { ...PATCH_FORCE } }, spec: object.spec },
    opts,
  );
}

/** The node's annotations kube-fabric owns; one it owned and no longer lists is removed by the apply. */
export function nodeAnnotations(name: string, node: string, annotations: Record<string, string>, opts: pulumi.CustomResourceOptions): k8s.core.v1.NodePatch {
  return new k8s.core.v1.NodePatch(name, { metadata: { name: node, annotations: { ...annotations, ...PATCH_FORCE } } }, opts);
}
