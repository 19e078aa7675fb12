// FRR names an OSPF interface with our own address on it: "Ethernet1:10.11.99.1", "ens19:172.16.6.2".

import { isIpv4 } from "./addresses";

export function splitInterfaceAddress(text: string): { interface: string; localAddress?: string } {
  const colon = text.lastIndexOf(":");
  if (colon > 0 && isIpv4(text.slice(colon + 1))) return { interface: text.slice(0, colon), localAddress: text.slice(colon + 1) };
  return { interface: text };
}
