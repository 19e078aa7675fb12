// Management addresses for containerlab: a node's mgmt-ipv4 is the address kube-fabric reaches it on,
// where the plan holds one that can be a container's own address. Pure.

import { formatPrefix, isIPv4, toAddress, toNumber } from "../../components/plan/ipv4";

export interface ManagementTarget {
  /** containerlab node name (the device's planned name). */
  name: string;
  /** The planned SSH host: an address or a DNS name. */
  host: string;
}

export interface ManagementNetwork {
  network: string;
  "ipv4-subnet": string;
  /** Only when containerlab's default (the subnet's first address) belongs to a node. */
  "ipv4-gw"?: string;
}

export interface ManagementPlan {
  /** Node name → its mgmt-ipv4. */
  addresses: Map<string, string>;
  /** The management network holding them; null when no node has a literal address. */
  network: ManagementNetwork | null;
  /** One line per node left to containerlab's address assignment, saying why. */
  notes: string[];
}

const LONGEST_SUBNET = 24;

export function planManagement(targets: ManagementTarget[], networkName: string): ManagementPlan {
  const notes: string[] = [];
  const byAddress = new Map<string, string[]>();
  for (const t of targets) {
    if (!isIPv4(t.host)) {
      notes.push(`${t.name}: management host '${t.host}' is a name, not an IPv4 address; containerlab assigns one`);
    } else if (t.host.startsWith("127.")) {
      notes.push(`${t.name}: management address ${t.host} is loopback (a port-forwarded lab); containerlab assigns one`);
    } else {
      byAddress.set(t.host, [...(byAddress.get(t.host) ?? []), t.name]);
    }
  }
  const addresses = new Map<string, string>();
  for (const [address, names] of byAddress) {
    if (names.length > 1) {
      notes.push(`${names.join(", ")}: share management address ${address} (one NAT or port-forwarded address); containerlab assigns each its own`);
    } else {
      addresses.set(names[0], address);
    }
  }
  if (addresses.size === 0) return { addresses, network: null, notes };
  return { addresses, network: managementNetwork([...addresses.values()].map(toNumber), networkName), notes };
}

/** The smallest subnet (at most a /24) holding every address as a usable host, and a free gateway. */
function managementNetwork(used: number[], networkName: string): ManagementNetwork {
  const low = Math.min(...used);
  const high = Math.max(...used);
  let length = Math.min(LONGEST_SUBNET, Math.clz32((low ^ high) >>> 0));
  const networkOf = (len: number) => low - (low % 2 ** (32 - len));
  const unusable = (len: number) => {
    const network = networkOf(len);
    return used.some((a) => a === network || a === network + 2 ** (32 - len) - 1);
  };
  while (unusable(length)) length -= 1;
  const network = networkOf(length);
  let gateway = network + 1;
  while (used.includes(gateway)) gateway += 1;
  return {
    network: networkName,
    "ipv4-subnet": formatPrefix({ network, length }),
    ...(gateway === network + 1 ? {} : { "ipv4-gw": toAddress(gateway) }),
  };
}
