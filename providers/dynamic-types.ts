// The type names kube-fabric's dynamic resources go by (`pulumi-nodejs:dynamic/kube-fabric:SwitchConfig`), and
// the alias that keeps the URN of a resource created before they had one (`pulumi-nodejs:dynamic:Resource`).
// The package stays `pulumi-nodejs`: that is what routes a resource to the Node dynamic-provider host.

import type * as pulumi from "@pulumi/pulumi";

/** The module of every kube-fabric dynamic resource type (the `module` argument of pulumi.dynamic.Resource). */
export const KUBE_FABRIC_MODULE = "kube-fabric";

/** What every dynamic resource was typed before kube-fabric named them. */
export const UNNAMED_DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";

/** Options that let a resource keep the URN an earlier kube-fabric gave it under the unnamed type. */
export function keepUnnamedUrn(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, aliases: [...(opts?.aliases ?? []), { type: UNNAMED_DYNAMIC_TYPE }] };
}
