// One case per validation rule: the bad input, and the exact problem (path, message, fix) the user sees.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { SecretPresence } from "../../../components/plan/config-types";
import { PlanValidationError, formatProblem } from "../../../model/problems";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

// The dev topology as a loosely typed tree the cases can break.
type Tree = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Case {
  rule: string;
  mutate?: (t: Tree) => void;
  secrets?: Partial<SecretPresence>;
  /** The whole formatted problem: "path: message — fix". */
  expect: string;
  /** The only problem reported (one problem, one line). */
  alone?: true;
}

const KEY_K_MASTER = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOaZ3TPUb1QgbSbbpcgK2vM4q4vNYU2dK+/T4HbaD8Kv";
const HOST_KEY_FIX = "paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…";
const LOOPBACK_FIX = "give every switch a loopback of its own, outside every link's /31 (it is also the router id)";
const NIC_FIX = "use the NIC's name as `ip link` shows it, e.g. ens3 (1-15 characters: letters, digits, '_', '.', '-', starting with a letter)";
const NODE_NAME_FIX = "use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters (RFC 1123: Kubernetes registers the node under this name)";
const UNROUTABLE = "which cannot be routed on a fabric";
const RELEASE_FIX = "write a release from 1.28.0 to 1.30.14, e.g. 1.28.15";
const REPOSITORY_EXAMPLE = "http://10.9.0.1:8080/kubernetes/v1.28/deb/";
const REPOSITORY_URL_DOC = "The repository's directory: http(s), ending in '/', laid out like pkgs.k8s.io's (a flat repository, `deb [signed-by=…] URL /`).";
const MIRROR_EXAMPLE = "http://10.9.0.1:5000";
const PLAIN_URL_FIX = "write http:// or https://, a host name or IPv4 address, an optional port and a path of letters, digits and . _ ~ % + = , : - / (no user, password, query, spaces or quotes)";
const REGISTRY_FIX = "write the registry as image names start with: a host name or IPv4 address and an optional port, e.g. docker.io, registry.k8s.io, quay.io or 10.9.0.1:5000";

const POOLED = (t: Tree) => {
  t.addressing = { mode: "pooled", p2pPool: "10.0.0.0/16", loopbackPool: "10.255.0.0/24" };
  for (const l of t.leaves) for (const u of l.uplinks) delete u.subnet;
  for (const n of t.nodes) delete n.subnet;
  for (const h of t.hosts) delete h.subnet;
};

/** A well-formed `ssh-rsa` public key line (type, exponent 65537, a 1024-bit modulus). */
const RSA_HOST_KEY = (() => {
  const field = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes]);
  const modulus = Buffer.concat([Buffer.from([0x00, 0xc3]), Buffer.alloc(127, 0x5a)]);
  const blob = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from("ssh-rsa"), field(Buffer.from([1, 0, 1])), Buffer.concat([Buffer.from([0, 0, 0, modulus.length]), modulus])]);
  return `ssh-rsa ${blob.toString("base64")}`;
})();

const cases: Case[] = [
  { rule: "topology is not a mapping", mutate: (t) => { for (const k of Object.keys(t)) delete t[k]; t.x = 1; }, expect: "topology.x: is not a known field — remove it; known fields are: addressing, asns, ospf, spines, leaves, nodes, hosts, kubernetes, calico, switchOptions, credentials" },
  { rule: "misspelt field", mutate: (t) => { t.leafs = t.leaves; }, expect: "topology.leafs: is not a known field — did you mean 'leaves'?" },
  { rule: "misspelt nested field", mutate: (t) => { t.nodes[0].leafport = "Ethernet2"; }, expect: "topology.nodes[0].leafport: is not a known field — did you mean 'leafPort'?" },
  { rule: "missing required section", mutate: (t) => { delete t.kubernetes; }, expect: "topology.kubernetes: is missing — add it: The cluster." },
  { rule: "missing required field", mutate: (t) => { delete t.nodes[1].nic; }, expect: "topology.nodes[1].nic: is missing — add it: The node's fabric NIC. (e.g. ens3)" },
  { rule: "text expected", mutate: (t) => { t.leaves[0].name = 42; }, expect: "topology.leaves[0].name: expected text, got 42 — write it as text, e.g. Leaf-1" },
  { rule: "number expected", mutate: (t) => { t.leaves[0].asn = "65011a"; }, expect: 'topology.leaves[0].asn: expected a whole number, got "65011a" — write a number, e.g. 65011' },
  { rule: "list expected", mutate: (t) => { t.spines = { name: "Spine-1" }; }, expect: "topology.spines: expected a list, got an object — write a YAML list (lines starting with '- ')" },
  { rule: "empty list", mutate: (t) => { t.nodes = []; }, expect: "topology.nodes: is empty — list at least 1 entry" },
  { rule: "unknown enum value", mutate: (t) => { t.nodes[1].role = "master"; }, expect: 'topology.nodes[1].role: "master" is not allowed — use one of: control-plane, worker' },
  { rule: "unknown dialect", mutate: (t) => { t.leaves[0].dialect = "junos"; }, expect: 'topology.leaves[0].dialect: "junos" is not allowed — use one of: eos, frr' },
  { rule: "port out of range", mutate: (t) => { t.nodes[0].ssh.port = 70000; }, expect: "topology.nodes[0].ssh.port: 70000 is out of range — use a number from 1 to 65535" },
  { rule: "unusable name", mutate: (t) => { t.hosts[0].name = "client_1"; }, expect: "topology.hosts[0].name: 'client_1' is not a usable name — use letters, digits and '-', starting with a letter and not ending in '-', at most 63 characters (a valid hostname)" },
  { rule: "hostname ending in '-'", mutate: (t) => { t.hosts[0].name = "client-"; }, expect: "topology.hosts[0].name: 'client-' is not a usable name — use letters, digits and '-', starting with a letter and not ending in '-', at most 63 characters (a valid hostname)" },
  { rule: "name with a newline (CLI injection)", mutate: (t) => { t.leaves[1].name = "Leaf-2\nreload now"; }, expect: "topology.leaves[1].name: 'Leaf-2?reload now' is not a usable name — use letters, digits and '-', starting with a letter and not ending in '-', at most 63 characters (a valid hostname)" },
  { rule: "node name with capitals (RFC 1123)", mutate: (t) => { t.nodes[1].name = "Worker-1"; }, expect: `topology.nodes[1].name: 'Worker-1' is not a Kubernetes node name — ${NODE_NAME_FIX}`, alone: true },
  { rule: "node name ending in '-'", mutate: (t) => { t.nodes[2].name = "w1-"; }, expect: `topology.nodes[2].name: 'w1-' is not a Kubernetes node name — ${NODE_NAME_FIX}`, alone: true },
  { rule: "node name with '_'", mutate: (t) => { t.nodes[3].name = "w_1"; }, expect: `topology.nodes[3].name: 'w_1' is not a Kubernetes node name — ${NODE_NAME_FIX}`, alone: true },
  { rule: "duplicate name", mutate: (t) => { t.hosts[0].name = "K-W1"; }, expect: "topology.hosts[0].name: 'K-W1' is already used at topology.nodes[1].name — give every spine, leaf, node and host its own name (names are compared case-insensitively, like hostnames)" },
  { rule: "duplicate id", mutate: (t) => { t.leaves[1].id = 1; }, expect: "topology.leaves[1].id: id 1 is already taken by Leaf-1 — give every entry its own id (ids default to the 1-based list position)" },
  { rule: "uplink to a missing spine", mutate: (t) => { t.leaves[2].uplinks[0].spine = "Spine-9"; }, expect: "topology.leaves[2].uplinks[0].spine: there is no spine named 'Spine-9' — use one of: Spine-1" },
  { rule: "node on a missing leaf", mutate: (t) => { t.nodes[2].leaf = "Leaf-7"; }, expect: "topology.nodes[2].leaf: there is no leaf named 'Leaf-7' — use one of: Leaf-1, Leaf-2, Leaf-3" },
  { rule: "leaf port used twice", mutate: (t) => { t.nodes[1].leafPort = "Ethernet2"; }, expect: "topology.nodes[1].leafPort: Leaf-1 Ethernet2 is already used by topology.nodes[0].leafPort — cable each switch port to one thing only" },
  { rule: "server on an uplink port", mutate: (t) => { t.hosts[0].leafPort = "Ethernet1"; }, expect: "topology.hosts[0].leafPort: Leaf-3 Ethernet1 is already used by topology.leaves[2].uplinks[0].port — cable each switch port to one thing only" },
  { rule: "spine port used twice", mutate: (t) => { t.leaves[1].uplinks[0].spinePort = "Ethernet1"; }, expect: "topology.leaves[1].uplinks[0].spinePort: Spine-1 Ethernet1 is already used by topology.leaves[0].uplinks[0].spinePort — cable each switch port to one thing only" },
  { rule: "invalid EOS interface name", mutate: (t) => { t.nodes[0].leafPort = "Gi2"; }, expect: "topology.nodes[0].leafPort: 'Gi2' is not a valid EOS interface name — use a name like Ethernet2 or Ethernet1/1" },
  { rule: "EOS port 0", mutate: (t) => { t.nodes[0].leafPort = "Ethernet0"; }, expect: "topology.nodes[0].leafPort: 'Ethernet0' is not a port: EOS numbers Ethernet ports (and their modules and lanes) from 1 — use the port as `show interfaces status` lists it, e.g. Ethernet1 or Ethernet1/1", alone: true },
  { rule: "one port spelt Et2 and Ethernet2", mutate: (t) => { t.nodes[1].leafPort = "Et2"; }, expect: "topology.nodes[1].leafPort: Leaf-1 Ethernet2 is already used by topology.nodes[0].leafPort — cable each switch port to one thing only", alone: true },
  { rule: "one port spelt Ethernet01 and Ethernet1", mutate: (t) => { t.nodes[1].leafPort = "Ethernet01"; }, expect: "topology.nodes[1].leafPort: Leaf-1 Ethernet1 is already used by topology.leaves[0].uplinks[0].port — cable each switch port to one thing only", alone: true },
  { rule: "interface name injecting a command", mutate: (t) => { t.leaves[0].uplinks[0].port = "Ethernet1\nno router bgp 65011"; }, expect: "topology.leaves[0].uplinks[0].port: 'Ethernet1?no router bgp 65011' is not a valid EOS interface name — use a name like Ethernet2 or Ethernet1/1" },
  { rule: "invalid FRR interface name", mutate: (t) => { t.leaves[1].dialect = "frr"; t.nodes[2].leafPort = "eth 2"; }, expect: "topology.nodes[2].leafPort: 'eth 2' is not a valid FRR interface name — use a name like eth1 or Ethernet2 (a Linux interface name)" },
  { rule: "EOS management port as a server port", mutate: (t) => { t.nodes[0].leafPort = "Management1"; }, expect: "topology.nodes[0].leafPort: 'Management1' is the switch's management port: configuring it would cut kube-fabric off the switch — cable this link to a front-panel port (e.g. Ethernet5); the management address belongs in mgmt.host" },
  { rule: "EOS management port as an uplink", mutate: (t) => { t.leaves[0].uplinks[0].port = "Management0"; }, expect: "topology.leaves[0].uplinks[0].port: 'Management0' is the switch's management port: configuring it would cut kube-fabric off the switch — cable this link to a front-panel port (e.g. Ethernet5); the management address belongs in mgmt.host" },
  { rule: "EOS management port as the internet uplink", mutate: (t) => { t.spines[0].internetUplink.interface = "Management1"; }, expect: "topology.spines[0].internetUplink.interface: 'Management1' is the switch's management port: configuring it would cut kube-fabric off the switch — cable this link to a front-panel port (e.g. Ethernet5); the management address belongs in mgmt.host" },
  { rule: "FRR management port (eth0) as a server port", mutate: (t) => { t.leaves[1].dialect = "frr"; t.nodes[2].leafPort = "eth0"; }, expect: "topology.nodes[2].leafPort: 'eth0' is the switch's management port: configuring it would cut kube-fabric off the switch — cable this link to a front-panel port (e.g. eth5); the management address belongs in mgmt.host" },
  { rule: "FRR management port (mgmt0) as a spine port", mutate: (t) => { t.spines[0].dialect = "frr"; t.leaves[1].uplinks[0].spinePort = "mgmt0"; }, expect: "topology.leaves[1].uplinks[0].spinePort: 'mgmt0' is the switch's management port: configuring it would cut kube-fabric off the switch — cable this link to a front-panel port (e.g. eth5); the management address belongs in mgmt.host" },
  { rule: "invalid node NIC", mutate: (t) => { t.nodes[0].nic = "ens3;reboot"; }, expect: `topology.nodes[0].nic: 'ens3;reboot' is not a Linux interface name — ${NIC_FIX}` },
  { rule: "node NIC lo", mutate: (t) => { t.nodes[2].nic = "lo"; }, expect: `topology.nodes[2].nic: 'lo' is the loopback, not a NIC that is cabled to a leaf — ${NIC_FIX}`, alone: true },
  { rule: "no control-plane node", mutate: (t) => { t.nodes[0].role = "worker"; }, expect: "topology.nodes: has no control-plane node — set role: control-plane on exactly one node" },
  { rule: "two control-plane nodes", mutate: (t) => { t.nodes[1].role = "control-plane"; }, expect: "topology.nodes: has 2 control-plane nodes (k-master, k-w1) — kube-fabric builds one control-plane node for now: set role: worker on the others" },
  { rule: "a /31 that is a /30", mutate: (t) => { t.nodes[0].subnet = "10.0.11.0/30"; }, expect: "topology.nodes[0].subnet: 10.0.11.0/30 is a /30, not a /31 — routed point-to-point links are /31s: e.g. 10.0.11.0/31" },
  { rule: "a /31 written with the host address", mutate: (t) => { t.nodes[0].subnet = "10.0.11.1/31"; }, expect: "topology.nodes[0].subnet: '10.0.11.1/31' has host bits set (the network is 10.0.11.0/31) — write the link's network as a /31, e.g. 10.0.11.0/31" },
  { rule: "not a prefix at all", mutate: (t) => { t.leaves[0].uplinks[0].subnet = "10.11.99.0"; }, expect: "topology.leaves[0].uplinks[0].subnet: '10.11.99.0' is not an IPv4 prefix like 10.0.11.0/31 — write the link's network as a /31, e.g. 10.0.11.0/31" },
  { rule: "explicit link without subnet", mutate: (t) => { delete t.nodes[3].subnet; }, expect: "topology.nodes[3].subnet: is missing — explicit addressing needs every link's /31, e.g. subnet: 10.0.11.0/31 (or set addressing.mode: pooled)" },
  { rule: "two links on one /31", mutate: (t) => { t.nodes[3].subnet = "10.2.22.0/31"; }, expect: "topology.nodes[3]: 10.2.22.0/31 (Leaf-3 Ethernet2) is already the subnet of Leaf-2 Ethernet2 – k-w2 — give every link its own /31" },
  { rule: "pooled without a pool", mutate: (t) => { POOLED(t); delete t.addressing.p2pPool; }, expect: "topology.addressing.p2pPool: is missing — pooled addressing needs a prefix to cut /31s from, e.g. p2pPool: 10.0.0.0/16" },
  { rule: "pooled with an explicit subnet", mutate: (t) => { POOLED(t); t.nodes[0].subnet = "10.0.11.0/31"; }, expect: "topology.nodes[0].subnet: is set, but addressing.mode is pooled — remove the subnet (the pool assigns it) or switch to addressing.mode: explicit" },
  { rule: "exhausted p2p pool (names the knobs that fit)", mutate: (t) => { POOLED(t); t.addressing.p2pPool = "10.0.0.0/24"; }, expect: "topology.addressing.p2pPool: 10.0.0.0/24 is exhausted: the layout (maxSpines 4, maxLeaves 32, portsPerLeaf 64) needs at least 259 /31s, the pool has 128 — use a /22 or shorter pool, or size the layout to this stack: addressing.maxSpines: 1, maxLeaves: 3, portsPerLeaf: 3 need 12 /31s (a /27)", alone: true },
  { rule: "a /32 p2p pool", mutate: (t) => { POOLED(t); t.addressing.p2pPool = "10.0.0.0/32"; }, expect: "topology.addressing.p2pPool: 10.0.0.0/32 is a /32: the pool is cut into /31s, one per link, and this holds 0 — use a prefix of /30 or shorter, e.g. 10.0.0.0/16", alone: true },
  { rule: "p2p pool in 127/8", mutate: (t) => { POOLED(t); t.addressing.p2pPool = "127.0.0.0/16"; }, expect: `topology.addressing.p2pPool: 127.0.0.0/16 overlaps 127.0.0.0/8 (loopback), ${UNROUTABLE} — use a private prefix, e.g. 10.0.0.0/16`, alone: true },
  { rule: "loopback pool in 0/8", mutate: (t) => { POOLED(t); t.addressing.loopbackPool = "0.0.0.0/24"; }, expect: `topology.addressing.loopbackPool: 0.0.0.0/24 overlaps 0.0.0.0/8 ('this network'), ${UNROUTABLE} — use a private prefix, e.g. 10.255.0.0/24`, alone: true },
  { rule: "link /31 in 169.254/16", mutate: (t) => { t.nodes[0].subnet = "169.254.0.0/31"; t.kubernetes.controlPlaneEndpoint = undefined; }, expect: `topology.nodes[0].subnet: 169.254.0.0/31 overlaps 169.254.0.0/16 (link-local), ${UNROUTABLE} — use a private prefix, e.g. 10.0.11.0/31` },
  { rule: "pod CIDR in 224/4", mutate: (t) => { t.kubernetes.podCidr = "224.66.0.0/16"; }, expect: `topology.kubernetes.podCidr: 224.66.0.0/16 overlaps 224.0.0.0/4 (multicast), ${UNROUTABLE} — use a private prefix, e.g. 10.66.0.0/16`, alone: true },
  { rule: "service CIDR in 240/4", mutate: (t) => { t.kubernetes.serviceCidr = "240.96.0.0/12"; }, expect: `topology.kubernetes.serviceCidr: 240.96.0.0/12 overlaps 240.0.0.0/4 (reserved, incl. broadcast), ${UNROUTABLE} — use a private prefix, e.g. 10.96.0.0/12`, alone: true },
  { rule: "pod CIDR that is everything", mutate: (t) => { t.kubernetes.podCidr = "0.0.0.0/0"; }, expect: `topology.kubernetes.podCidr: 0.0.0.0/0 overlaps 0.0.0.0/8 ('this network'), ${UNROUTABLE} — use a private prefix, e.g. 10.66.0.0/16`, alone: true },
  { rule: "loopback in 127/8", mutate: (t) => { t.leaves[0].loopback = "127.0.0.11"; }, expect: `topology.leaves[0].loopback: 127.0.0.11 lies in 127.0.0.0/8 (loopback), ${UNROUTABLE} — use a private address, e.g. 10.255.0.11`, alone: true },
  { rule: "loopback equal to its own fabric address", mutate: (t) => { t.leaves[0].loopback = "10.11.99.1"; }, expect: `topology.leaves[0].loopback: 10.11.99.1 is also Leaf-1's address (link Spine-1 Ethernet1 – Leaf-1, 10.11.99.0/31) — ${LOOPBACK_FIX}`, alone: true },
  { rule: "loopback equal to a node's address", mutate: (t) => { t.spines[0].loopback = "10.1.11.1"; }, expect: `topology.spines[0].loopback: 10.1.11.1 is also k-w1's address (link Leaf-1 Ethernet3 – k-w1, 10.1.11.0/31) — ${LOOPBACK_FIX}`, alone: true },
  { rule: "two switches with one loopback (and so one router id)", mutate: (t) => { t.leaves[0].loopback = "10.255.0.11"; t.leaves[1].loopback = "10.255.0.11"; }, expect: `topology.leaves[1].loopback: 10.255.0.11 is also Leaf-1's loopback — ${LOOPBACK_FIX}`, alone: true },
  { rule: "switch address equal to a host's", mutate: (t) => { t.spines[0].internetUplink.address = "10.4.44.1/24"; t.spines[0].internetUplink.defaultGateway = "10.4.44.254"; }, expect: "topology.spines[0].internetUplink.address: 10.4.44.1 is also client's address (link Leaf-3 Ethernet3 – client, 10.4.44.0/31) — use the address the upstream network gave this spine", alone: true },
  { rule: "endpoint equal to a switch's address", mutate: (t) => { t.kubernetes.controlPlaneEndpoint = "10.0.11.0"; }, expect: "topology.kubernetes.controlPlaneEndpoint: 10.0.11.0 is Leaf-1's address (link Leaf-1 Ethernet2 – k-master, 10.0.11.0/31), not the control-plane node's — use k-master's fabric address 10.0.11.1, or leave it out", alone: true },
  { rule: "endpoint equal to a worker's address", mutate: (t) => { t.kubernetes.controlPlaneEndpoint = "10.2.22.1"; }, expect: "topology.kubernetes.controlPlaneEndpoint: 10.2.22.1 is k-w2's address (link Leaf-2 Ethernet2 – k-w2, 10.2.22.0/31), not the control-plane node's — use k-master's fabric address 10.0.11.1, or leave it out", alone: true },
  { rule: "spine that nothing reaches and nothing names (no uplink, loopback or routerId)", mutate: (t) => { t.spines.push({ name: "Spine-2", dialect: "eos", mgmt: { host: "10.0.137.9", hostKey: t.spines[0].mgmt.hostKey } }); }, expect: "topology.spines[1]: has no router id: no leaf's uplink reaches it and it has no loopback or routerId (it would run OSPF and BGP as 0.0.0.0) — cable it (name it in a leaf's uplinks), set its loopback or routerId, or remove it", alone: true },
  { rule: "pooled spine past maxSpines (the loopback pool has no address for it)", mutate: (t) => { POOLED(t); t.addressing.maxSpines = 1; t.spines.push({ name: "Spine-2", dialect: "eos", mgmt: { host: "10.0.137.9", hostKey: t.spines[0].mgmt.hostKey } }); }, expect: "topology.spines[1]: id 2 is above addressing.maxSpines (1): addressing.loopbackPool has no loopback for it — raise addressing.maxSpines or give the spine a smaller id", alone: true },
  { rule: "endpoint equal to a switch's pooled loopback", mutate: (t) => { POOLED(t); t.kubernetes.controlPlaneEndpoint = "10.255.0.5"; }, expect: "topology.kubernetes.controlPlaneEndpoint: 10.255.0.5 is Leaf-1's loopback, not the control-plane node's — use k-master's fabric address 10.0.1.3, or leave it out", alone: true },
  { rule: "endpoint in 127/8", mutate: (t) => { t.kubernetes.controlPlaneEndpoint = "127.0.0.1"; }, expect: `topology.kubernetes.controlPlaneEndpoint: 127.0.0.1 lies in 127.0.0.0/8 (loopback), ${UNROUTABLE} — use a private address, e.g. 10.0.11.1`, alone: true },
  { rule: "two nodes on one management host:port", mutate: (t) => { t.nodes[1].ssh.host = "10.0.137.12"; }, expect: "topology.nodes[1].ssh: 10.0.137.12:22 is also the management address of k-master (topology.nodes[0].ssh) — give every switch and node its own management host:port", alone: true },
  { rule: "two switches on one management host:port", mutate: (t) => { t.leaves[1].mgmt.host = "10.0.137.3"; t.leaves[1].mgmt.port = 22; }, expect: "topology.leaves[1].mgmt: 10.0.137.3:22 is also the management address of Leaf-1 (topology.leaves[0].mgmt) — give every switch and node its own management host:port", alone: true },
  { rule: "exhausted loopback pool", mutate: (t) => { POOLED(t); t.addressing.loopbackPool = "10.255.0.0/28"; }, expect: "topology.addressing.loopbackPool: 10.255.0.0/28 is exhausted: 37 addresses are needed (maxSpines + maxLeaves + 1) — use a larger pool or lower maxSpines/maxLeaves" },
  { rule: "overlapping pools", mutate: (t) => { POOLED(t); t.addressing.loopbackPool = "10.0.255.0/24"; }, expect: "topology.addressing.loopbackPool: 10.0.255.0/24 overlaps the p2p pool 10.0.0.0/16 — use two separate prefixes" },
  { rule: "pooled port beyond portsPerLeaf", mutate: (t) => { POOLED(t); t.addressing.portsPerLeaf = 2; }, expect: "topology.nodes[1]: cannot be placed in the pool: port number 3 is above addressing.portsPerLeaf (2) — raise the addressing.max*/portsPerLeaf setting or give the device a smaller id" },
  { rule: "pod CIDR overlaps service CIDR", mutate: (t) => { t.kubernetes.podCidr = "10.96.0.0/16"; }, expect: "topology.kubernetes.podCidr: 10.96.0.0/16 overlaps the service CIDR 10.96.0.0/12 — pick two separate prefixes (the reference lab, Pulumi.dev.yaml: pods 10.66.0.0/16, services 10.96.0.0/12)" },
  { rule: "pod CIDR overlaps a fabric link", mutate: (t) => { t.kubernetes.podCidr = "10.0.0.0/16"; }, expect: "topology.kubernetes.podCidr: 10.0.0.0/16 overlaps the fabric (link Leaf-1 Ethernet2, 10.0.11.0/31) — move it out of the fabric's address space" },
  { rule: "service CIDR overlaps a fabric link", mutate: (t) => { t.kubernetes.serviceCidr = "10.0.0.0/14"; }, expect: "topology.kubernetes.serviceCidr: 10.0.0.0/14 overlaps the fabric (link Leaf-1 Ethernet2, 10.0.11.0/31) — move it out of the fabric's address space" },
  { rule: "block size outside Calico's range", mutate: (t) => { t.kubernetes.blockSize = 16; }, expect: "topology.kubernetes.blockSize: /16 is outside Calico's IPv4 block size range — use 20 to 32 (24 gives each node 256 pod addresses)" },
  { rule: "pod CIDR too small for the nodes", mutate: (t) => { t.kubernetes.podCidr = "10.66.0.0/23"; }, expect: "topology.kubernetes.podCidr: 10.66.0.0/23 holds 2 /24 blocks, but node ids go up to 4 — use a larger pod CIDR or a longer block size" },
  { rule: "pod block larger than the pod CIDR", mutate: (t) => { t.kubernetes.podCidr = "10.66.0.0/24"; t.kubernetes.blockSize = 22; }, expect: "topology.kubernetes.blockSize: /22 blocks do not fit in the pod CIDR 10.66.0.0/24 — use a block size of at least 24" },
  { rule: "AS number out of range", mutate: (t) => { t.nodes[0].asn = 4294967296; }, expect: "topology.nodes[0].asn: 4294967296 is out of range — use a number from 1 to 4294967295" },
  { rule: "reserved AS number", mutate: (t) => { t.nodes[0].asn = 23456; }, expect: "topology.nodes[0].asn: AS 23456 is reserved — pick a private AS (64512-65534 or 4200000000-4294967294)" },
  { rule: "node AS equal to its leaf's", mutate: (t) => { t.nodes[2].asn = 65012; }, expect: "topology.nodes[2].asn: AS 65012 of k-w2 is already used by Leaf-2 — eBGP between leaves and nodes needs a distinct AS per leaf and per node" },
  { rule: "two nodes with one AS", mutate: (t) => { t.nodes[3].asn = 65001; }, expect: "topology.nodes[3].asn: AS 65001 of k-w3 is already used by k-w1 — eBGP between leaves and nodes needs a distinct AS per leaf and per node" },
  { rule: "missing ASN and no range", mutate: (t) => { delete t.leaves[0].asn; }, expect: "topology.asns.leaves: is missing and Leaf-1 has no asn — give Leaf-1 an asn, or set asns.leaves: {first: 65000, last: 65099}" },
  { rule: "ASN range exhausted", mutate: (t) => { for (const n of t.nodes) delete n.asn; t.asns = { nodes: { first: 65000, last: 65002 } }; }, expect: "topology.asns.nodes: is exhausted: k-w3 (id 4) needs AS 65003, the range ends at 65002 — widen the range" },
  { rule: "duplicate router id", mutate: (t) => { t.leaves[1].routerId = "10.11.99.1"; }, expect: "topology.leaves[1].routerId: router id 10.11.99.1 is also Leaf-1's — OSPF needs a unique router id per switch: set routerId or a loopback" },
  { rule: "router id not an address", mutate: (t) => { t.leaves[1].routerId = "leaf2"; }, expect: "topology.leaves[1].routerId: 'leaf2' is not an IPv4 address — write a router id as an address, e.g. 10.255.0.1" },
  { rule: "gateway outside the uplink subnet", mutate: (t) => { t.spines[0].internetUplink.address = "10.0.137.189/24"; t.spines[0].internetUplink.defaultGateway = "10.0.138.1"; }, expect: "topology.spines[0].internetUplink.defaultGateway: 10.0.138.1 is not inside 10.0.137.0/24 — use a gateway on the uplink's own subnet" },
  { rule: "fabric route that misses the pods", mutate: (t) => { t.nodes[1].fabricRoute = "10.0.0.0/9"; t.kubernetes.podCidr = "10.166.0.0/16"; }, expect: "topology.nodes[1].fabricRoute: 10.0.0.0/9 does not cover the pod CIDR (pods on other nodes) (10.166.0.0/16): that traffic would leave by the node's other default route — widen the route (the reference lab, Pulumi.dev.yaml, uses 10.0.0.0/8) or use `default`" },
  { rule: "Kubernetes version not a release", mutate: (t) => { t.kubernetes.version = "latest"; }, expect: `topology.kubernetes.version: 'latest' is not a Kubernetes release — ${RELEASE_FIX}` },
  { rule: "Kubernetes minor above the supported range", mutate: (t) => { t.kubernetes.version = "1.31.0"; }, expect: `topology.kubernetes.version: 1.31.0 is outside the supported range 1.28.0 to 1.30.14 — ${RELEASE_FIX}`, alone: true },
  { rule: "Kubernetes minor below the supported range", mutate: (t) => { t.kubernetes.version = "1.27.16"; }, expect: `topology.kubernetes.version: 1.27.16 is outside the supported range 1.28.0 to 1.30.14 — ${RELEASE_FIX}`, alone: true },
  { rule: "Kubernetes patch that was never released", mutate: (t) => { t.kubernetes.version = "1.28.99"; }, expect: `topology.kubernetes.version: 1.28.99 is not a Kubernetes release: 1.28 ends at 1.28.15 — ${RELEASE_FIX}`, alone: true },
  { rule: "Calico version not a release", mutate: (t) => { t.calico.version = "3.25"; }, expect: "topology.calico.version: '3.25' is not a Calico release — write a release such as 3.28.5" },
  { rule: "endpoint not an address", mutate: (t) => { t.kubernetes.controlPlaneEndpoint = "k-master:6443"; }, expect: "topology.kubernetes.controlPlaneEndpoint: 'k-master:6443' is not an IPv4 address — write an address, e.g. 10.0.11.1 (or leave it out to use the control-plane node's fabric address)" },
  { rule: "OSPF area not dotted", mutate: (t) => { t.ospf.area = "backbone"; }, expect: "topology.ospf.area: 'backbone' is not a dotted area id — write the area as dotted decimal, e.g. 0.0.0.0" },
  { rule: "management host with shell text", mutate: (t) => { t.leaves[2].mgmt.host = "10.0.137.5 -oProxyCommand=x"; }, expect: "topology.leaves[2].mgmt.host: '10.0.137.5 -oProxyCommand=x' is not an IPv4 address or DNS name — write the management address, e.g. 192.168.122.11" },
  { rule: "username injecting a command (once, not once per switch)", mutate: (t) => { t.credentials.switchUsername = "admin\nenable"; }, expect: "topology.credentials.switchUsername: 'admin?enable' is not a plain login name — use letters, digits, '_', '.', '-' (at most 32)", alone: true },
  { rule: "reversed AS range (once, not once per node)", mutate: (t) => { for (const n of t.nodes) delete n.asn; t.asns = { nodes: { first: 65010, last: 65000 } }; }, expect: "topology.asns.nodes: first (65010) is above last (65000) — swap them", alone: true },
  { rule: "host key comment with a control character", mutate: (t) => { t.nodes[0].ssh.hostKey = `${KEY_K_MASTER} root@k-master\u001b[2J`; }, expect: `topology.nodes[0].ssh.hostKey: the pinned host key has a comment with a control or non-ASCII character after the key — ${HOST_KEY_FIX}`, alone: true },
  { rule: "host key of an unknown type", mutate: (t) => { t.spines[0].mgmt.hostKey = "ssh-dss AAAAB3NzaC1kc3MAAACBAP"; }, expect: "topology.spines[0].mgmt.hostKey: the pinned host key has key type 'ssh-dss', expected one of ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa — paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…" },
  { rule: "host key that is not base64", mutate: (t) => { t.nodes[0].ssh.hostKey = "ssh-ed25519 not-a-key!"; }, expect: "topology.nodes[0].ssh.hostKey: the pinned host key has a key part that is not base64 — paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…" },
  { rule: "host key whose blob is another type", mutate: (t) => { t.nodes[1].ssh.hostKey = "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAICDu3WsiKD52kQvd9IfQMpE9FGq3NXigKIFzHr2143l9"; }, expect: "topology.nodes[1].ssh.hostKey: the pinned host key has a key part that does not encode a ssh-rsa key — paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…" },
  { rule: "RSA host key on a node (checked by @pulumi/command with SHA-1 only)", mutate: (t) => { t.nodes[2].ssh.hostKey = RSA_HOST_KEY; }, expect: "topology.nodes[2].ssh.hostKey: is an ssh-rsa key: the node commands' SSH client (@pulumi/command 1.2.1) checks it only with SHA-1 signatures, which current OpenSSH servers refuse — pin the node's ed25519 (or ECDSA) host key instead: `ssh-keyscan -t ed25519 <host>` without the host column" },
  { rule: "host key with the host column left in", mutate: (t) => { t.nodes[2].ssh.hostKey = "10.0.137.112 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA7NcEGCUCqFbUpjR/rJC9JB4GTfIo01GQINKjdd0Ea8"; }, expect: "topology.nodes[2].ssh.hostKey: the pinned host key has key type '10.0.137.112', expected one of ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa — paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…" },
  { rule: "commit timer too short to verify", mutate: (t) => { t.switchOptions = { commitConfirmSeconds: 5 }; }, expect: "topology.switchOptions.commitConfirmSeconds: 5 is out of range — use a number from 30 to 3600" },
  { rule: "missing switch credentials", secrets: { switchPassword: false }, expect: "kube-fabric:switchPassword: no switch credentials are set — run `pulumi config set --secret kube-fabric:switchPassword <password>` (or switchPrivateKey with a private key file: --secret < key)" },
  { rule: "missing node credentials", secrets: { nodePassword: false }, expect: "kube-fabric:nodePassword: no node credentials are set — run `pulumi config set --secret kube-fabric:nodePassword <password>` (or nodePrivateKey)" },
  { rule: "package repository without its url", mutate: (t) => { t.kubernetes.packageRepository = { keyUrl: "http://10.9.0.1:8080/Release.key" }; }, expect: `topology.kubernetes.packageRepository.url: is missing — add it: ${REPOSITORY_URL_DOC} (e.g. ${REPOSITORY_EXAMPLE})`, alone: true },
  { rule: "package repository not http(s)", mutate: (t) => { t.kubernetes.packageRepository = { url: "ftp://10.9.0.1/kubernetes/v1.28/deb/" }; }, expect: `topology.kubernetes.packageRepository.url: 'ftp://10.9.0.1/kubernetes/v1.28/deb/' is not a plain http(s) URL — ${PLAIN_URL_FIX}, e.g. ${REPOSITORY_EXAMPLE}`, alone: true },
  { rule: "package repository with a password in it", mutate: (t) => { t.kubernetes.packageRepository = { url: "http://user:secret@10.9.0.1/deb/" }; }, expect: `topology.kubernetes.packageRepository.url: 'http://user:secret@10.9.0.1/deb/' is not a plain http(s) URL — ${PLAIN_URL_FIX}, e.g. ${REPOSITORY_EXAMPLE}`, alone: true },
  { rule: "package repository not ending in '/'", mutate: (t) => { t.kubernetes.packageRepository = { url: "http://10.9.0.1:8080/kubernetes/v1.28/deb" }; }, expect: `topology.kubernetes.packageRepository.url: 'http://10.9.0.1:8080/kubernetes/v1.28/deb' does not end with '/' — write the directory of a flat repository, ending in '/' (apt reads it as \`deb [signed-by=…] URL /\`, like pkgs.k8s.io), e.g. ${REPOSITORY_EXAMPLE}`, alone: true },
  { rule: "package repository key not http(s)", mutate: (t) => { t.kubernetes.packageRepository = { url: REPOSITORY_EXAMPLE, keyUrl: "/srv/kubernetes/Release.key" }; }, expect: `topology.kubernetes.packageRepository.keyUrl: '/srv/kubernetes/Release.key' is not a plain http(s) URL — ${PLAIN_URL_FIX}, e.g. ${REPOSITORY_EXAMPLE}Release.key (or leave it out for the url's Release.key)`, alone: true },
  { rule: "registry mirrors not a mapping", mutate: (t) => { t.kubernetes.registryMirrors = ["http://10.9.0.1:5000"]; }, expect: "topology.kubernetes.registryMirrors: expected a mapping, got a list — write it as a YAML mapping, e.g. docker.io: [http://10.9.0.1:5000]", alone: true },
  { rule: "registry mirrors of a registry not a list", mutate: (t) => { t.kubernetes.registryMirrors = { "docker.io": "http://10.9.0.1:5000" }; }, expect: `topology.kubernetes.registryMirrors.docker.io: expected a list, got "http://10.9.0.1:5000" — write a YAML list (lines starting with '- ')`, alone: true },
  { rule: "registry without mirrors", mutate: (t) => { t.kubernetes.registryMirrors = { "docker.io": [] }; }, expect: "topology.kubernetes.registryMirrors.docker.io: is empty — list at least 1 entry", alone: true },
  { rule: "registry that is not a host", mutate: (t) => { t.kubernetes.registryMirrors = { "https://docker.io": ["http://10.9.0.1:5000"] }; }, expect: `topology.kubernetes.registryMirrors.https://docker.io: 'https://docker.io' is not a registry host — ${REGISTRY_FIX}`, alone: true },
  { rule: "registry with a port out of range", mutate: (t) => { t.kubernetes.registryMirrors = { "10.9.0.1:70000": ["http://10.9.0.2:5000"] }; }, expect: `topology.kubernetes.registryMirrors.10.9.0.1:70000: '10.9.0.1:70000' is not a registry host — ${REGISTRY_FIX}`, alone: true },
  { rule: "mirror not http(s)", mutate: (t) => { t.kubernetes.registryMirrors = { "docker.io": ["10.9.0.1:5000"] }; }, expect: `topology.kubernetes.registryMirrors.docker.io[0]: '10.9.0.1:5000' is not a plain http(s) URL — ${PLAIN_URL_FIX}, e.g. ${MIRROR_EXAMPLE}`, alone: true },
  { rule: "mirror with a path", mutate: (t) => { t.kubernetes.registryMirrors = { "quay.io": ["http://10.9.0.1:5000", "http://10.9.0.1:5000/v2/"] }; }, expect: `topology.kubernetes.registryMirrors.quay.io[1]: 'http://10.9.0.1:5000/v2/' has a path — write scheme, host and port only, e.g. ${MIRROR_EXAMPLE} (containerd adds /v2/… itself)`, alone: true },
  { rule: "mirror listed twice", mutate: (t) => { t.kubernetes.registryMirrors = { "registry.k8s.io": ["http://10.9.0.1:5000", "http://10.9.0.1:5000"] }; }, expect: "topology.kubernetes.registryMirrors.registry.k8s.io[1]: 'http://10.9.0.1:5000' is already listed at topology.kubernetes.registryMirrors.registry.k8s.io[0] — list each mirror of a registry once (containerd refuses a hosts.toml that names a host twice)", alone: true },
];

function problemsFor(c: Case): string[] {
  const topology = devTopology() as Tree;
  c.mutate?.(topology);
  try {
    buildPlan({ topology, secrets: { ...ALL_SECRETS, ...c.secrets } });
  } catch (error) {
    assert.ok(error instanceof PlanValidationError, `expected a PlanValidationError, got ${String(error)}`);
    return error.problems.map(formatProblem);
  }
  return [];
}

describe("plan validation: one case per rule", () => {
  it("accepts the dev stack as it is", () => {
    assert.deepEqual(problemsFor({ rule: "none", expect: "" }), []);
  });

  for (const c of cases) {
    it(`${c.rule} → ${c.expect}`, () => {
      const problems = problemsFor(c);
      assert.ok(problems.includes(c.expect), `expected:\n  ${c.expect}\ngot:\n  ${problems.join("\n  ") || "(no problem)"}`);
      if (c.alone) assert.deepEqual(problems, [c.expect], "one problem, one line");
    });
  }

  it("accepts one management host with two ports (port forwarding)", () => {
    const mutate = (t: Tree) => { t.leaves[1].mgmt.host = "10.0.137.3"; t.leaves[1].mgmt.port = 2222; };
    assert.deepEqual(problemsFor({ rule: "ports", mutate, expect: "" }), []);
  });

  it("folds EOS spellings (Et3, ethernet03) into the port EOS prints, everywhere in the plan", () => {
    const topology = devTopology() as Tree;
    topology.nodes[1].leafPort = "et3";
    topology.leaves[1].uplinks[0].spinePort = "Ethernet02";
    const plan = buildPlan({ topology, secrets: ALL_SECRETS });
    assert.equal(plan.nodes.find((n) => n.name === "k-w1")?.leafPort, "Ethernet3");
    const leaf1 = plan.devices.find((d) => d.name === "Leaf-1");
    assert.deepEqual(leaf1?.underlay.interfaces.map((i) => i.name), ["Ethernet1", "Ethernet2", "Ethernet3"]);
    const spine = plan.devices.find((d) => d.name === "Spine-1");
    assert.deepEqual(spine?.underlay.interfaces.map((i) => i.name), ["Ethernet1", "Ethernet2", "Ethernet3", "Ethernet4"]);
  });

  it("drops a printable host key comment before pinning the key", () => {
    const topology = devTopology() as Tree;
    topology.nodes[0].ssh.hostKey = `${KEY_K_MASTER} root@k-master`;
    const plan = buildPlan({ topology, secrets: ALL_SECRETS });
    assert.equal(plan.nodes[0].ssh.hostKey, KEY_K_MASTER);
  });

  it("has at least 40 rules", () => {
    assert.ok(cases.length >= 40, `${cases.length} cases`);
  });

  it("reports every problem at once, not only the first", () => {
    const problems = problemsFor({ rule: "two", mutate: (t) => { t.nodes[0].asn = 23456; t.ospf.area = "x"; }, expect: "" });
    assert.equal(problems.length, 2, problems.join("\n"));
  });

  it("lists each problem on its own line of the error message, with its path", () => {
    const topology = devTopology() as Tree;
    topology.nodes[1].role = "master";
    assert.throws(
      () => buildPlan({ topology, secrets: ALL_SECRETS }),
      (error: Error) => error.message.startsWith("kube-fabric: the stack configuration has 1 problem:\n  - topology.nodes[1].role: "),
    );
  });
});
