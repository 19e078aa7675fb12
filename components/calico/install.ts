// Calico installed from its release's own manifest (manifests/calico.yaml: CRDs, RBAC, the
// calico-node DaemonSet, calico-kube-controllers), applied by the Kubernetes provider. Only the
// edits of manifest-edits.ts are made to it.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { forceApply, ManifestObject, placeKubeControllers, setContainerEnv } from "./manifest-edits";

export interface CalicoInstallArgs {
  /** The release's calico.yaml: a file path or a URL (release.ts calicoManifestUrl). */
  manifest: string;
  provider: k8s.Provider;
  /** Environment of the calico-node container, e.g. IP_AUTODETECTION_METHOD (replaces the manifest's value). */
  calicoNodeEnv?: Readonly<Record<string, string>>;
  /** Wait for the DaemonSet and Deployment to roll out (default true; calico.awaitRollout). */
  awaitRollout?: boolean;
  /** The cluster already runs this release, applied by another field manager: take its fields over (forceApply). */
  takeOver?: boolean;
  /**
   * What calico-node must find when it first starts (a fresh cluster's pools, the mesh off, each node's
   * AS): registered after the CRDs, and the rest of the manifest waits for what it returns.
   */
  beforeWorkloads?: (crds: pulumi.Output<pulumi.Resource[]>) => pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/**
 * A manifest transformation that leaves the object out (ConfigFile registers nothing for an empty v1
 * List); with metadata, because skipAwait's own transformation annotates every object after ours.
 */
function omit(object: ManifestObject): void {
  for (const key of Object.keys(object)) delete object[key];
  Object.assign(object, { apiVersion: "v1", kind: "List", metadata: {}, items: [] });
}

const objectsOf = (file: k8s.yaml.ConfigFile) => file.resources.apply((objects) => Object.values(objects) as pulumi.Resource[]);

export class CalicoInstall extends pulumi.ComponentResource {
  /**
   * Depend on this to run once the CRDs and workloads exist: the manifest's objects themselves. (A
   * dependsOn on the ConfigFile component alone is not enough: its objects register only once the file is
   * decoded, and a resource registered before that would not wait for them.)
   */
  readonly ready: pulumi.Output<pulumi.Resource[]>;

  constructor(name: string, args: CalicoInstallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:calico:CalicoInstall", name, {}, opts);
    const edits = (object: ManifestObject) => {
      if (args.calicoNodeEnv) setContainerEnv(object, "DaemonSet", "calico-node", "calico-node", args.calicoNodeEnv);
      placeKubeControllers(object);
      if (args.takeOver) forceApply(object);
    };
    // A component's dependsOn does not reach the objects ConfigFile registers under it: each gets it itself.
    const waitFor = opts?.dependsOn ?? [];
    /** The release file's objects that `keep` selects (the others omitted), each waiting for `dependsOn`. */
    const manifestPart = (part: string, keep: (object: ManifestObject) => boolean, edit: boolean, dependsOn: pulumi.CustomResourceOptions["dependsOn"]) =>
      new k8s.yaml.ConfigFile(
        `${name}-${part}`,
        {
          file: args.manifest,
          skipAwait: args.awaitRollout === false,
          transformations: [
            (object: ManifestObject, objectOpts: pulumi.CustomResourceOptions) => {
              if (!keep(object)) return omit(object);
              if (edit) edits(object);
              objectOpts.dependsOn = dependsOn;
            },
          ],
        },
        { parent: this, provider: args.provider },
      );
    if (!args.beforeWorkloads) {
      this.ready = objectsOf(manifestPart("manifest", () => true, true, waitFor));
    } else {
      // The same release file twice: its CRDs, then (after what calico-node must find) everything else.
      const isCrd = (object: ManifestObject) => object.kind === "CustomResourceDefinition";
      const crdObjects = objectsOf(manifestPart("crds", isCrd, false, waitFor));
      const first = args.beforeWorkloads(crdObjects);
      const workloads = manifestPart("manifest", (object) => !isCrd(object), true, first);
      this.ready = pulumi.all([crdObjects, objectsOf(workloads)]).apply(([a, b]) => [...a, ...b]);
    }
    this.registerOutputs({});
  }
}
