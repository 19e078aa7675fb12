// The name containerlab wants in a link endpoint ("node:iface") for a planned interface.
//
// cEOS (kind arista_ceos) runs EOS in a container whose data ports are Linux interfaces: containerlab
// creates eth1, eth2, … and cEOS shows ethN as EthernetN (and ethN_M as EthernetN/M). The plan holds
// EOS names, so an EOS switch's "Ethernet3" is written "eth3" (containerlab >= 0.56 also takes the
// EOS name as an alias; ethN works in every release). FRR switches, nodes and hosts are `linux`
// nodes: containerlab creates the interface with exactly the endpoint's name, so their planned
// Linux names (eth1, ens3) are written as they are.

import type { DialectName } from "../../model/device-plan";

export class ContainerlabNameError extends Error {}

/** EOS front-panel port → cEOS Linux interface: Ethernet3 → eth3, Ethernet1/2 → eth1_2. */
export function ceosLinuxInterface(device: string, eosName: string): string {
  const match = /^Ethernet(\d+)(?:\/(\d+))?$/.exec(eosName);
  if (!match) {
    throw new ContainerlabNameError(
      `${device} ${eosName}: cEOS maps only front-panel ports (EthernetN, EthernetN/M) to containerlab links; ` +
        "plan this link on an Ethernet port or make the switch `dialect: frr`",
    );
  }
  return match[2] === undefined ? `eth${match[1]}` : `eth${match[1]}_${match[2]}`;
}

/** The endpoint interface name for a switch of this dialect, or a Linux node/host (dialect null). */
export function endpointInterface(device: string, dialect: DialectName | null, planned: string): string {
  return dialect === "eos" ? ceosLinuxInterface(device, planned) : planned;
}
