// Where tools/kubeadm/build.sh puts the kubeadm built from its Go module, and a loud failure
// (with the fix) when it is not there.

import { existsSync } from "fs";
import { homedir } from "os";
import { join } from "path";

export const KUBEADM_BINARY = join(process.env.KUBE_FABRIC_CACHE ?? join(homedir(), ".cache/kube-fabric"), "kubeadm-v1.28.15/kubeadm");

export function requireKubeadm(): string {
  if (!existsSync(KUBEADM_BINARY)) {
    throw new Error(`no kubeadm at ${KUBEADM_BINARY}: build it once with tools/kubeadm/build.sh (about 2-3 minutes cold), then run this test again`);
  }
  return KUBEADM_BINARY;
}
