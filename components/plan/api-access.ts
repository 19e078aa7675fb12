// How the machine that runs `pulumi up` reaches the cluster's API server: the Calico stage's clients
// (the Kubernetes provider, the chain's reads) use it in place of the control-plane endpoint, which
// lives on the fabric and need not be routed to an engineer's laptop. kubeadm signs the API server's
// certificate for the endpoint, the control plane's fabric address and its management address
// (ssh.host), so those are the hosts that can be named here.

import { KubernetesConfig } from "./config-types";
import { ProblemList } from "../../model/problems";

export const API_SERVER_PORT = 6443;

export interface ApiAccessPlan {
  host: string;
  port: number;
}

/** The names the API server's certificate carries for this plan (see components/nodes/kubeadm-config.ts). */
export function apiCertificateHosts(endpoint: string, controlPlaneFabricAddress: string, controlPlaneSshHost: string): string[] {
  return [...new Set([endpoint, controlPlaneFabricAddress, controlPlaneSshHost])];
}

export function planApiAccess(kubernetes: KubernetesConfig, certificateHosts: readonly string[], endpoint: string, problems: ProblemList): ApiAccessPlan {
  const written = kubernetes.apiAccess;
  if (!written) return { host: endpoint, port: API_SERVER_PORT };
  if (!certificateHosts.includes(written.host)) {
    problems.add(
      "topology.kubernetes.apiAccess.host",
      `the API server's certificate is not signed for '${written.host.replace(/[^\x20-\x7e]/g, "?")}' (it carries ${certificateHosts.join(", ")})`,
      `use one of ${certificateHosts.join(", ")}: the control plane's management address (its ssh.host) where the fabric is not routed to this machine`,
    );
  }
  return { host: written.host, port: written.port ?? API_SERVER_PORT };
}

/** The admin kubeconfig with its cluster server pointed at apiAccess (pure). */
export function kubeconfigVia(kubeconfig: string, access: ApiAccessPlan): string {
  const server = `https://${access.host}:${access.port}`;
  const rewritten = kubeconfig.replace(/^(\s*server:\s*)\S+\s*$/gm, `$1${server}`);
  if (!/^\s*server:\s*/m.test(kubeconfig)) throw new Error("the kubeconfig names no cluster server");
  return rewritten;
}
