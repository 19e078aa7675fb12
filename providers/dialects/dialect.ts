// The one contract every device type answers (NAPALM style): its configuration language, how plan
// intent becomes its lines, how a change is applied over SSH, and how its show output is read.

import type { BridgeIntent, DevicePlan } from "../../model/device-plan";
import type { DialectDriver } from "../switch/ssh/driver";
import type { ShowOutputParsers } from "./show-types";
import type { DialectSyntax, OwnedConfig } from "./types";
import type { DialectName } from "../../model/device-plan";

export interface Dialect {
  name: DialectName;
  syntax: DialectSyntax;
  /** Phase 1: addresses, OSPF, static routes. */
  renderUnderlay(device: DevicePlan): OwnedConfig;
  /** Phase 2: eBGP to the nodes and `redistribute bgp`; empty for a device without node peering. */
  renderNodePeering(device: DevicePlan): OwnedConfig;
  /** The migration's bridges on a leaf: its static routes, into OSPF through their own prefix-list and route-map (KF-BRIDGES). */
  renderBridges(bridges: BridgeIntent): OwnedConfig;
  /** Apply, read and undo over one SSH session. */
  driver: DialectDriver;
  /** BGP summary, OSPF neighbours, IP routes: text and json. */
  showParsers: ShowOutputParsers;
}
