// A pod as Calico's CNI plugin and Felix wire it (stand-in: no CNI plugin, no Felix): its own
// network namespace, a veth `cali<hash>` in the node namespace whose peer is the pod's eth0, the
// pod address /32 on eth0, the pod's routes `169.254.1.1 dev eth0 scope link` and
// `default via 169.254.1.1`, proxy ARP on the cali interface (it answers for 169.254.1.1), and the
// node's `<pod>/32 dev cali<hash> scope link` route.
import { createHash } from "crypto";
import { run } from "./exec";
import { addAddress, addVethPair, createNamespace, setLinkUp } from "./netns";

export interface LabPod {
  namespace: string;
  address: string;
  /** The node-side interface (cali + 11 hex digits, as Calico names it). */
  hostInterface: string;
}

/** Calico's interface name for a workload: "cali" + the first 11 hex digits of a SHA-1 of its id. */
export function caliInterfaceName(workloadId: string): string {
  return `cali${createHash("sha1").update(workloadId).digest("hex").slice(0, 11)}`;
}

export async function createPod(nodeNamespace: string, podNamespace: string, address: string): Promise<LabPod> {
  const hostInterface = caliInterfaceName(podNamespace);
  await createNamespace(podNamespace, { forwarding: false });
  await addVethPair({ namespace: nodeNamespace, name: hostInterface }, { namespace: podNamespace, name: "eth0" });
  const pod = { namespace: podNamespace, name: "eth0" };
  await addAddress(pod, `${address}/32`);
  await setLinkUp(pod);
  await run("ip", ["-n", podNamespace, "route", "add", "169.254.1.1", "dev", "eth0", "scope", "link"]);
  await run("ip", ["-n", podNamespace, "route", "add", "default", "via", "169.254.1.1", "dev", "eth0"]);
  await setLinkUp({ namespace: nodeNamespace, name: hostInterface });
  await run("ip", ["netns", "exec", nodeNamespace, "sysctl", "-q", "-w", `net.ipv4.conf.${hostInterface}.proxy_arp=1`, `net.ipv4.neigh.${hostInterface}.proxy_delay=0`]);
  await run("ip", ["-n", nodeNamespace, "route", "add", `${address}/32`, "dev", hostInterface, "scope", "link"]);
  return { namespace: podNamespace, address, hostInterface };
}
