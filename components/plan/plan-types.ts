// The validated plan: everything downstream (renderers, components, outputs) reads only this.
// It holds intent, never device syntax; dialects turn it into lines.

import { KubernetesProvision, NodeRole, SwitchOptionsConfig } from "./config-types";
import type { DevicePlan, SshTarget } from "../../model/device-plan";
import type { CalicoStagePlan } from "./calico-plan";
import type { ApiAccessPlan } from "./api-access";

/** One end of a routed /31. */
export interface LinkEnd {
  device: string;
  interface: string;
  /** Address with prefix length, e.g. 10.11.99.1/31. */
  address: string;
}

export type LinkKind = "fabric" | "node" | "host";

export interface LinkPlan {
  kind: LinkKind;
  /** The /31, e.g. 10.11.99.0/31. */
  subnet: string;
  /** The upper device (spine for fabric links, leaf otherwise): the even address. */
  upper: LinkEnd;
  /** The lower device (leaf for fabric links, node/host otherwise): the odd address. */
  lower: LinkEnd;
}

export interface NodePlan {
  name: string;
  role: NodeRole;
  id: number;
  asn: number;
  ssh: SshTarget;
  nic: string;
  /** The node's end of its /31, with prefix length (Calico's ipv4Address), e.g. 10.0.11.1/31. */
  fabricAddress: string;
  /** The leaf's end of the /31 (the node's gateway and BGP peer), e.g. 10.0.11.0. */
  leafPeerAddress: string;
  leaf: string;
  leafPort: string;
  leafAsn: number;
  /** "default" or a prefix routed via the leaf. */
  fabricRoute: string;
  /** The block kube-fabric plans for this node (its pinned Calico pool on a fresh install), e.g. 10.66.0.0/24. */
  podBlock: string;
  /**
   * What the node announces and its leaf accepts: [podBlock], or on a cluster taken over from Calico's
   * defaults the blocks Calico's IPAM already gave it (any order, e.g. 192.168.111.0/26).
   */
  podBlocks: string[];
}

export interface HostPlan {
  name: string;
  nic: string | null;
  address: string;
  gateway: string;
  leaf: string;
  leafPort: string;
}

export interface KubernetesPlan {
  version: string;
  /** The package repository minor, e.g. v1.28. */
  minor: string;
  podCidr: string;
  blockSize: number;
  serviceCidr: string;
  /** Host part only (no port), e.g. 10.0.11.1. */
  controlPlaneEndpoint: string;
  controlPlaneNode: string;
  /** kubeadm: bootstrap + kubeadm init/join; existing: only the nodes' fabric NIC. */
  provision: KubernetesProvision;
  /** How the machine that runs pulumi reaches the API server (the Calico stage's clients). */
  apiAccess: ApiAccessPlan;
  /** Where the kube-packages step gets kubeadm, kubelet and kubectl. */
  packageRepository: PackageRepositoryPlan;
  /** Mirrors containerd pulls from before each registry itself, registries in name order; empty: none. */
  registryMirrors: RegistryMirrorPlan[];
}

/** A flat apt repository (`deb [signed-by=…] url /`) and where its signing key is served. */
export interface PackageRepositoryPlan {
  url: string;
  keyUrl: string;
}

export interface RegistryMirrorPlan {
  /** As image names start with, e.g. docker.io or 10.9.0.1:5000. */
  registry: string;
  /** http(s)://host[:port], tried in this order. */
  endpoints: string[];
}

export interface CalicoPlan {
  version: string;
  /** The Calico stage (calico.routing set), or null: kube-fabric leaves Calico alone. */
  stage: CalicoStagePlan | null;
}

export interface AsnPlan {
  leaves: Record<string, number>;
  nodes: Record<string, number>;
}

export interface FabricPlan {
  devices: DevicePlan[];
  nodes: NodePlan[];
  hosts: HostPlan[];
  links: LinkPlan[];
  asns: AsnPlan;
  kubernetes: KubernetesPlan;
  calico: CalicoPlan;
  /** Applied to every switch resource. */
  switchOptions: SwitchOptionsConfig;
  /** What the plan accepts but a user should weigh before applying it, field first: warnings in preview and up. */
  notices: string[];
}
