// The switches: phase 1 (underlay: /31s, OSPF, static default) on every spine and leaf, and phase 2
// (eBGP to the nodes, their routes into OSPF) on every leaf with nodes. Each phase is one SwitchConfig
// per device, so `pulumi preview --diff` shows exactly which lines change on which switch.

import * as pulumi from "@pulumi/pulumi";
import { SwitchOptionsConfig } from "./plan/config-types";
import { DevicePlan } from "../model/device-plan";
import { Credentials } from "./stack-input";
import { dialectOf } from "../providers/dialects/registry";
import { OwnedConfig } from "../providers/dialects/types";
import { SwitchConfig } from "../providers/switch/switch-config";

export const UNDERLAY_PHASE = "underlay";
export const NODE_PEERING_PHASE = "node-peering";

/** One phase's lines on one switch, reached over its management address with the pinned host key. */
function switchConfig(
  device: DevicePlan,
  phase: string,
  ownedConfig: OwnedConfig,
  switches: SwitchesArgs,
  opts: pulumi.CustomResourceOptions,
): SwitchConfig {
  const { host, port, username, hostKey } = device.mgmt;
  const { credentials } = switches;
  // The commit timer is EOS's; FRR has none and applies with rollback instead.
  const { commitConfirmSeconds, ...common } = switches.options;
  const options = device.dialect === "eos" && commitConfirmSeconds !== undefined ? { ...common, commitConfirmSeconds } : common;
  return new SwitchConfig(
    `${device.name}-${phase}`,
    {
      device: device.name,
      dialect: device.dialect,
      phase,
      connection: { host, port, username, hostKey, password: credentials.password, privateKey: credentials.privateKey },
      ownedConfig,
      options,
    },
    opts,
  );
}

/** What every switch resource shares: the login secrets and how changes are applied. */
export interface SwitchesArgs {
  credentials: Credentials;
  options: SwitchOptionsConfig;
}

export interface UnderlayArgs extends SwitchesArgs {
  devices: DevicePlan[];
}

/** Phase 1 on every switch; switches are configured in parallel, each in one SSH session. */
export class Underlay extends pulumi.ComponentResource {
  readonly switches: Record<string, SwitchConfig>;

  constructor(name: string, args: UnderlayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:fabric:Underlay", name, {}, opts);
    this.switches = Object.fromEntries(
      args.devices.map((device) => [
        device.name,
        switchConfig(device, UNDERLAY_PHASE, dialectOf(device.dialect).renderUnderlay(device), args, { parent: this }),
      ]),
    );
    this.registerOutputs({ devices: Object.keys(this.switches) });
  }
}

export interface LeafPeeringArgs extends SwitchesArgs {
  devices: DevicePlan[];
  /** The leaf's own underlay, which owns the `router ospf` its `redistribute bgp` goes into. */
  underlay: Underlay;
  /** What must exist before the leaves accept the nodes' routes (the cluster, later Calico). */
  dependsOn: pulumi.Resource[];
}

/** Phase 2 on every leaf with nodes: a BGP neighbour per node, accepting only its pod block and the services. */
export class LeafPeering extends pulumi.ComponentResource {
  readonly leaves: Record<string, SwitchConfig>;

  constructor(name: string, args: LeafPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:fabric:LeafPeering", name, {}, opts);
    const leaves = args.devices.filter((d) => d.nodePeering !== null);
    this.leaves = Object.fromEntries(
      leaves.map((device) => [
        device.name,
        switchConfig(device, NODE_PEERING_PHASE, dialectOf(device.dialect).renderNodePeering(device), args, {
          parent: this,
          dependsOn: [args.underlay.switches[device.name], ...args.dependsOn],
        }),
      ]),
    );
    this.registerOutputs({ leaves: Object.keys(this.leaves) });
  }
}
