// The stack configuration as the user writes it (kube-fabric:topology), after type checks.
// Optional fields are filled in by the plan; nothing here is trusted until buildPlan() has checked it.

import type { DialectName } from "../../model/device-plan";

export type NodeRole = "control-plane" | "worker";
export type AddressingMode = "explicit" | "pooled";

/** How the program reaches a device or node for management (never the fabric). */
export interface SshEndpointConfig {
  host: string;
  port?: number;
  /** Pinned OpenSSH public host key, e.g. the output of `ssh-keyscan -t ed25519 host` without the host column. */
  hostKey: string;
  /** Overrides the username of the matching credentials block. */
  username?: string;
}

export interface SpineConfig {
  name: string;
  dialect?: DialectName;
  /** Stable index used by pooled addressing; defaults to the position in the list (1-based). */
  id?: number;
  mgmt: SshEndpointConfig;
  routerId?: string;
  /** Loopback0 address (explicit mode); pooled mode takes it from addressing.loopbackPool. */
  loopback?: string;
  /** The spine's way out (the reference lab, Pulumi.dev.yaml: Ethernet4 by DHCP and a static default redistributed into OSPF). */
  internetUplink?: InternetUplinkConfig;
}

export interface InternetUplinkConfig {
  interface: string;
  /** `dhcp` or an address with prefix length, e.g. 10.0.137.189/24. */
  address: string;
  defaultGateway: string;
}

export interface UplinkConfig {
  spine: string;
  /** Port on the leaf. */
  port: string;
  /** Port on the spine. */
  spinePort: string;
  /** The link's /31 (explicit mode). The spine (upper) takes the even address, the leaf the odd one. */
  subnet?: string;
}

export interface LeafConfig {
  name: string;
  dialect?: DialectName;
  id?: number;
  asn?: number;
  mgmt: SshEndpointConfig;
  routerId?: string;
  loopback?: string;
  uplinks: UplinkConfig[];
}

/** A server attached to a leaf port by a routed /31: a Kubernetes node or an extra host. */
export interface AttachmentConfig {
  leaf: string;
  leafPort: string;
  /** The link's /31 (explicit mode). The leaf (upper) takes the even address, the server the odd one. */
  subnet?: string;
}

export interface NodeConfig extends AttachmentConfig {
  name: string;
  role: NodeRole;
  id?: number;
  asn?: number;
  /** The node's fabric NIC, e.g. ens3. */
  nic: string;
  /** What the node routes via its leaf: "default" or a prefix such as 10.0.0.0/8 (the reference lab). */
  fabricRoute?: string;
  ssh: SshEndpointConfig;
}

export interface HostConfig extends AttachmentConfig {
  name: string;
  nic?: string;
}

export interface AddressingConfig {
  mode: AddressingMode;
  /** Pooled: the pool cut into /31s for every link. */
  p2pPool?: string;
  /** Pooled: the pool of /32 loopbacks (router ids). */
  loopbackPool?: string;
  /** Pooled: room reserved so that adding devices never renumbers existing links. */
  maxSpines?: number;
  maxLeaves?: number;
  portsPerLeaf?: number;
}

export interface AsnRangeConfig {
  first: number;
  last: number;
}

export interface AsnsConfig {
  /** Pooled ASNs: leaf N (by id) gets leaves.first + N - 1, node N gets nodes.first + N - 1. */
  leaves?: AsnRangeConfig;
  nodes?: AsnRangeConfig;
}

export interface OspfConfig {
  processId?: number;
  area?: string;
}

export interface KubernetesConfig {
  /** Full kubeadm version, e.g. 1.28.15; the package repository follows its minor. */
  version: string;
  podCidr: string;
  /** Calico block size per node (IPv4: 20..32). */
  blockSize: number;
  serviceCidr: string;
  /** Defaults to the control-plane node's fabric address. */
  controlPlaneEndpoint?: string;
  /** Who builds the cluster (default kubeadm). */
  provision?: KubernetesProvision;
  /** How the machine that runs pulumi reaches the API server (default the endpoint on 6443). */
  apiAccess?: { host: string; port?: number };
  /** Where kubeadm, kubelet and kubectl come from (default pkgs.k8s.io of the version's minor). */
  packageRepository?: PackageRepositoryConfig;
  /** Registry host (docker.io, registry.k8s.io, 10.9.0.1:5000) → mirror endpoints, tried in order. */
  registryMirrors?: Record<string, string[]>;
}

/** A flat apt repository laid out like pkgs.k8s.io's: `deb [signed-by=…] url /`. */
export interface PackageRepositoryConfig {
  /** http(s), ending in '/'. */
  url: string;
  /** Its ASCII-armoured signing key; default `${url}Release.key`. */
  keyUrl?: string;
}

/** kubeadm: kube-fabric bootstraps the nodes and runs kubeadm; existing: a cluster is already there. */
export type KubernetesProvision = "kubeadm" | "existing";

/** overlay: Calico's defaults (full mesh, IPIP); tor: eBGP with the leaves, no mesh, no encapsulation. */
export type CalicoRouting = "overlay" | "tor";
/** fresh: no Calico yet (installed straight into tor); defaults: Calico already runs its defaults and is moved. */
export type CalicoStart = "fresh" | "defaults";

export interface CalicoConfig {
  /** Default DEFAULT_CALICO_VERSION (3.28.5). */
  version?: string;
  /** Set: the Calico stage runs (needs the secret kube-fabric:kubeconfig); unset: kube-fabric leaves Calico alone. */
  routing?: CalicoRouting;
  /** What the cluster runs before kube-fabric takes Calico over (default fresh). */
  start?: CalicoStart;
  /** The release's calico.yaml (file or URL); default the release's own URL. */
  manifest?: string;
  /** Wait for calico-node and calico-kube-controllers to roll out (default true). */
  awaitRollout?: boolean;
  /** Each gate's bound (default 300 s). */
  gateTimeoutSeconds?: number;
}

/** How changes reach the switches; passed to every SwitchConfig as its options. */
export interface SwitchOptionsConfig {
  commitConfirmSeconds?: number;
  connectTimeoutSeconds?: number;
  commandTimeoutSeconds?: number;
  connectAttempts?: number;
}

export interface CredentialsConfig {
  /** Usernames; the passwords and keys are the secret config keys switchPassword/switchPrivateKey/nodePassword/nodePrivateKey. */
  switchUsername: string;
  nodeUsername: string;
}

export interface TopologyConfig {
  addressing: AddressingConfig;
  asns?: AsnsConfig;
  ospf?: OspfConfig;
  spines: SpineConfig[];
  leaves: LeafConfig[];
  nodes: NodeConfig[];
  hosts?: HostConfig[];
  kubernetes: KubernetesConfig;
  calico: CalicoConfig;
  switchOptions?: SwitchOptionsConfig;
  credentials: CredentialsConfig;
}

/** Which secret config keys are set; the values themselves never enter the plan. */
export interface SecretPresence {
  switchPassword: boolean;
  switchPrivateKey: boolean;
  nodePassword: boolean;
  nodePrivateKey: boolean;
  /** kube-fabric:kubeconfig (the existing cluster's admin kubeconfig). */
  kubeconfig?: boolean;
}
