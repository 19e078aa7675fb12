// Calico installed from its release's own manifest (manifests/calico.yaml: CRDs, RBAC, the
// calico-node DaemonSet, calico-kube-controllers), applied by the Kubernetes provider. Only the
// edits of manifest-edits.ts are made to it.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ManifestObject, placeKubeControllers, setContainerEnv } from "./manifest-edits";

export interface CalicoInstallArgs {
  /** The release's calico.yaml: a file path or a URL (release.ts calicoManifestUrl). */
  manifest: string;
  provider: k8s.Provider;
  /** Environment of the calico-node container, e.g. IP_AUTODETECTION_METHOD (replaces the manifest's value). */
  calicoNodeEnv?: Readonly<Record<string, string>>;
  /**
   * Wait for the DaemonSet and Deployment to roll out (default true). Off only where no kubelet
   * runs pods (the cluster test tier, whose calico-node is a stand-in in namespaces).
   */
  awaitRollout?: boolean;
}

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
    };
    const manifest = new k8s.yaml.ConfigFile(
      `${name}-manifest`,
      { file: args.manifest, skipAwait: args.awaitRollout === false, transformations: [(object: ManifestObject) => edits(object)] },
      { parent: this, provider: args.provider },
    );
    this.ready = manifest.resources.apply((objects) => Object.values(objects) as pulumi.Resource[]);
    this.registerOutputs({});
  }
}
