// Where a Calico release's own install manifest is, and which releases kube-fabric has proven
// (pure, no I/O). The manifest install (manifests/calico.yaml) is used, not the operator: the
// migration writes BGPConfiguration, IPPools and BGPPeers itself, and with the operator its
// Installation resource owns the pools and would undo those changes.

/** Calico releases the cluster tier has run (Calico's own confd + CRDs + manifests): see README. */
export const PROVEN_CALICO_VERSIONS: readonly string[] = ["3.28.5"];

export const DEFAULT_CALICO_VERSION = "3.28.5";

/** The release's manifest, as Calico publishes it for a manifest (non-operator) install. */
export function calicoManifestUrl(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`calico.version: '${version}' is not a Calico release such as ${DEFAULT_CALICO_VERSION}`);
  return `https://raw.githubusercontent.com/projectcalico/calico/v${version}/manifests/calico.yaml`;
}
