// What depends on the Kubernetes minor: the pause (sandbox) image kubeadm expects containerd to use
// (the reference lab hit the mismatch: containerd's pause:3.8 against kubeadm 1.28's pause:3.9), and the
// kubeadm config API version this program renders.

import { kubernetesRelease } from "./script-values";

export interface MinorFacts {
  /** constants.PauseVersion of that kubeadm, as `kubeadm config images list` prints it. */
  sandboxImage: string;
  kubeadmApiVersion: "kubeadm.k8s.io/v1beta3";
}

/**
 * Keyed by minor. 1.28 is checked against a real kubeadm v1.28.15 by test/nodes; 1.29 and 1.30
 * are kubeadm's own constants for those releases. v1beta4 (1.31+) is not rendered yet.
 */
export const KUBERNETES_MINORS: Readonly<Record<string, MinorFacts>> = {
  "1.28": { sandboxImage: "registry.k8s.io/pause:3.9", kubeadmApiVersion: "kubeadm.k8s.io/v1beta3" },
  "1.29": { sandboxImage: "registry.k8s.io/pause:3.9", kubeadmApiVersion: "kubeadm.k8s.io/v1beta3" },
  "1.30": { sandboxImage: "registry.k8s.io/pause:3.9", kubeadmApiVersion: "kubeadm.k8s.io/v1beta3" },
};

export interface KubernetesRelease extends MinorFacts {
  /** e.g. 1.28 */
  minor: string;
  /** e.g. 1.28.15 */
  version: string;
}

/** The facts for a release such as 1.28.15; a clear error for a minor this program does not know. */
export function kubernetesReleaseFacts(version: string, field = "topology.kubernetes.version"): KubernetesRelease {
  const { minor, full } = kubernetesRelease(field, version);
  const facts = KUBERNETES_MINORS[minor];
  if (!facts) {
    const known = Object.keys(KUBERNETES_MINORS).join(", ");
    throw new Error(
      `${field}: Kubernetes ${full} has minor ${minor}, for which kube-fabric does not know the sandbox (pause) image and kubeadm config format — ` +
        `use a ${known} release, or add ${minor} to components/nodes/kube-versions.ts`,
    );
  }
  return { minor, version: full, ...facts };
}
