// The switches: phase 1 (underlay: /31s, OSPF, static default) on every spine and leaf, and phase 2
// (eBGP to the nodes, their routes into OSPF) on every leaf with nodes. Each phase is one SwitchConfig
// per device, so `pulumi preview --diff` shows exactly which lines change on which switch.

import * as pulumi from "@pulumi/pulumi";
import { DevicePlan } from "./plan/plan-types";
import { Credentials } from "./stack-input";
import { dialectCore } from "../providers/dialects/registry";
import { SwitchConfig } from "../providers/switch/switch-config";

export const UNDERLAY_PHASE = "underlay";
export const NODE_PEERING_PHASE = "node-peering";

function connectionOf(device: DevicePlan, credentials: Credentials) {
  return {
    host: device.mgmt.host,
    port: device.mgmt.port,
    username: device.mgmt.username,
    hostKey: device.mgmt.hostKey,
    password: credentials.password,
    privateKey: credentials.privateKey,
  };
}

export interface UnderlayArgs {
  devices: DevicePlan[];
  credentials: Credentials;
}

/** Phase 1 on every switch; switches are configured in parallel, each in one SSH session. */
export class Underlay extends pulumi.ComponentResource {
  readonly switches: Record<string, SwitchConfig>;

  constructor(name: string, args: UnderlayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:fabric:Underlay", name, {}, opts);
    this.switches = Object.fromEntries(
      args.devices.map((device) => [
        device.name,
        new SwitchConfig(
          `${device.name}-${UNDERLAY_PHASE}`,
          {
            device: device.name,
            dialect: device.dialect,
            phase: UNDERLAY_PHASE,
            connection: connectionOf(device, args.credentials),
            ownedConfig: dialectCore(device.dialect).renderUnderlay(device),
          },
          { parent: this },
        ),
      ]),
    );
    this.registerOutputs({ devices: Object.keys(this.switches) });
  }
}

export interface LeafPeeringArgs {
  devices: DevicePlan[];
  credentials: Credentials;
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
      leaves.map((device) => {
        const underlay = args.underlay.switches[device.name];
        return [
          device.name,
          new SwitchConfig(
            `${device.name}-${NODE_PEERING_PHASE}`,
            {
              device: device.name,
              dialect: device.dialect,
              phase: NODE_PEERING_PHASE,
              connection: connectionOf(device, args.credentials),
              ownedConfig: dialectCore(device.dialect).renderNodePeering(device),
            },
            { parent: this, dependsOn: [underlay, ...args.dependsOn] },
          ),
        ];
      }),
    );
    this.registerOutputs({ leaves: Object.keys(this.leaves) });
  }
}
