// What each step of the Calico migration chain holds (its resource inputs, plain data but for the
// secrets): a change on the switches or in the cluster, or a gate that polls until the change took.
import type { OwnedConfig } from "../../../providers/dialects/types";
import type { DialectName } from "../../../model/device-plan";
import type { LeafGateExpectation } from "../leaf-gate";
import type { NodeRouteExpectation } from "../node-gate";

export interface StepConnection {
  host: string;
  port: number;
  username: string;
  hostKey: string;
}

/** Secret: a login's password or private key. */
export interface StepCredentials {
  password?: string;
  privateKey?: string;
}

export interface LeafTarget {
  device: string;
  dialect: DialectName;
  connection: StepConnection;
}

/** The leaf's bridges typed (present) or removed (absent), with the switch provider's change machinery. */
export interface BridgesStep {
  kind: "bridges";
  present: boolean;
  leaf: LeafTarget;
  /** The bridge lines (dialect rendering of a BridgeIntent). */
  ownedConfig: OwnedConfig;
  /** The same lines as text, indented under their context: what `pulumi preview --diff` shows a reviewer. */
  lines: string[];
  credentials: StepCredentials;
  options: { commitConfirmSeconds?: number; connectTimeoutSeconds?: number; commandTimeoutSeconds?: number; connectAttempts?: number };
}

/** Every leaf polled until leafGateProblems has nothing to say, or the time is up. */
export interface LeafGateStep {
  kind: "leaf-gate";
  what: string;
  leaves: Array<{ target: LeafTarget; expect: LeafGateExpectation }>;
  credentials: StepCredentials;
  timeoutSeconds: number;
}

export interface NodeTarget {
  node: string;
  connection: StepConnection;
  /** Every other node's pod blocks. */
  remoteBlocks: Array<{ node: string; prefix: string }>;
}

/** Every node's kernel table read over SSH until nodeGateProblems has nothing to say, or the time is up. */
export interface NodeGateStep {
  kind: "node-gate";
  what: string;
  expect: NodeRouteExpectation;
  nodes: NodeTarget[];
  credentials: StepCredentials;
  timeoutSeconds: number;
}

/** The leaf BGPPeers deleted through the API (the way back: before IPIP is on again). */
export interface PeersWithdrawnStep {
  kind: "peers-withdrawn";
  peers: string[];
  /** Secret. */
  kubeconfig: string;
}

export type StepInputs = BridgesStep | LeafGateStep | NodeGateStep | PeersWithdrawnStep;
