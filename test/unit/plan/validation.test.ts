// One case per validation rule: the bad input, and the exact problem (path, message, fix) the user sees.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { SecretPresence } from "../../../components/plan/config-types";
import { PlanValidationError, formatProblem } from "../../../components/plan/problems";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

// The dev topology as a loosely typed tree the cases can break.
type Tree = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Case {
  rule: string;
  mutate?: (t: Tree) => void;
  secrets?: Partial<SecretPresence>;
  /** The whole formatted problem: "path: message — fix". */
  expect: string;
}

const POOLED = (t: Tree) => {
  t.addressing = { mode: "pooled", p2pPool: "10.0.0.0/16", loopbackPool: "10.255.0.0/24" };
  for (const l of t.leaves) for (const u of l.uplinks) delete u.subnet;
  for (const n of t.nodes) delete n.subnet;
  for (const h of t.hosts) delete h.subnet;
};

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
  { rule: "unusable name", mutate: (t) => { t.nodes[3].name = "k_w3"; }, expect: "topology.nodes[3].name: 'k_w3' is not a usable name — use letters, digits and '-', starting with a letter, at most 63 characters (a valid hostname)" },
  { rule: "name with a newline (CLI injection)", mutate: (t) => { t.leaves[1].name = "Leaf-2\nreload now"; }, expect: "topology.leaves[1].name: 'Leaf-2?reload now' is not a usable name — use letters, digits and '-', starting with a letter, at most 63 characters (a valid hostname)" },
  { rule: "duplicate name", mutate: (t) => { t.hosts[0].name = "K-W1"; }, expect: "topology.hosts[0].name: 'K-W1' is already used at topology.nodes[1].name — give every spine, leaf, node and host its own name (names are compared case-insensitively, like hostnames)" },
  { rule: "duplicate id", mutate: (t) => { t.leaves[1].id = 1; }, expect: "topology.leaves[1].id: id 1 is already taken by Leaf-1 — give every entry its own id (ids default to the 1-based list position)" },
  { rule: "uplink to a missing spine", mutate: (t) => { t.leaves[2].uplinks[0].spine = "Spine-9"; }, expect: "topology.leaves[2].uplinks[0].spine: there is no spine named 'Spine-9' — use one of: Spine-1" },
  { rule: "node on a missing leaf", mutate: (t) => { t.nodes[2].leaf = "Leaf-7"; }, expect: "topology.nodes[2].leaf: there is no leaf named 'Leaf-7' — use one of: Leaf-1, Leaf-2, Leaf-3" },
  { rule: "leaf port used twice", mutate: (t) => { t.nodes[1].leafPort = "Ethernet2"; }, expect: "topology.nodes[1].leafPort: Leaf-1 Ethernet2 is already used by topology.nodes[0].leafPort — cable each switch port to one thing only" },
  { rule: "server on an uplink port", mutate: (t) => { t.hosts[0].leafPort = "Ethernet1"; }, expect: "topology.hosts[0].leafPort: Leaf-3 Ethernet1 is already used by topology.leaves[2].uplinks[0].port — cable each switch port to one thing only" },
  { rule: "spine port used twice", mutate: (t) => { t.leaves[1].uplinks[0].spinePort = "Ethernet1"; }, expect: "topology.leaves[1].uplinks[0].spinePort: Spine-1 Ethernet1 is already used by topology.leaves[0].uplinks[0].spinePort — cable each switch port to one thing only" },
  { rule: "invalid EOS interface name", mutate: (t) => { t.nodes[0].leafPort = "Eth2"; }, expect: "topology.nodes[0].leafPort: 'Eth2' is not a valid EOS interface name — use a name like Ethernet2 or Ethernet1/1" },
  { rule: "interface name injecting a command", mutate: (t) => { t.leaves[0].uplinks[0].port = "Ethernet1\nno router bgp 65011"; }, expect: "topology.leaves[0].uplinks[0].port: 'Ethernet1?no router bgp 65011' is not a valid EOS interface name — use a name like Ethernet2 or Ethernet1/1" },
  { rule: "invalid FRR interface name", mutate: (t) => { t.leaves[1].dialect = "frr"; t.nodes[2].leafPort = "eth 2"; }, expect: "topology.nodes[2].leafPort: 'eth 2' is not a valid FRR interface name — use a name like eth1 or Ethernet2 (a Linux interface name)" },
  { rule: "invalid node NIC", mutate: (t) => { t.nodes[0].nic = "ens3;reboot"; }, expect: "topology.nodes[0].nic: 'ens3;reboot' is not a Linux interface name — use the NIC's name as `ip link` shows it, e.g. ens3" },
  { rule: "no control-plane node", mutate: (t) => { t.nodes[0].role = "worker"; }, expect: "topology.nodes: has no control-plane node — set role: control-plane on exactly one node" },
  { rule: "two control-plane nodes", mutate: (t) => { t.nodes[1].role = "control-plane"; }, expect: "topology.nodes: has 2 control-plane nodes (k-master, k-w1) — kube-fabric builds one control-plane node for now: set role: worker on the others" },
  { rule: "a /31 that is a /30", mutate: (t) => { t.nodes[0].subnet = "10.0.11.0/30"; }, expect: "topology.nodes[0].subnet: 10.0.11.0/30 is a /30, not a /31 — routed point-to-point links are /31s: e.g. 10.0.11.0/31" },
  { rule: "a /31 written with the host address", mutate: (t) => { t.nodes[0].subnet = "10.0.11.1/31"; }, expect: "topology.nodes[0].subnet: '10.0.11.1/31' has host bits set (the network is 10.0.11.0/31) — write the link's network as a /31, e.g. 10.0.11.0/31" },
  { rule: "not a prefix at all", mutate: (t) => { t.leaves[0].uplinks[0].subnet = "10.11.99.0"; }, expect: "topology.leaves[0].uplinks[0].subnet: '10.11.99.0' is not an IPv4 prefix like 10.0.11.0/31 — write the link's network as a /31, e.g. 10.0.11.0/31" },
  { rule: "explicit link without subnet", mutate: (t) => { delete t.nodes[3].subnet; }, expect: "topology.nodes[3].subnet: is missing — explicit addressing needs every link's /31, e.g. subnet: 10.0.11.0/31 (or set addressing.mode: pooled)" },
  { rule: "two links on one /31", mutate: (t) => { t.nodes[3].subnet = "10.2.22.0/31"; }, expect: "topology.nodes[3]: 10.2.22.0/31 (Leaf-3 Ethernet2) is already the subnet of Leaf-2 Ethernet2 – k-w2 — give every link its own /31" },
  { rule: "pooled without a pool", mutate: (t) => { POOLED(t); delete t.addressing.p2pPool; }, expect: "topology.addressing.p2pPool: is missing — pooled addressing needs a prefix to cut /31s from, e.g. p2pPool: 10.0.0.0/16" },
  { rule: "pooled with an explicit subnet", mutate: (t) => { POOLED(t); t.nodes[0].subnet = "10.0.11.0/31"; }, expect: "topology.nodes[0].subnet: is set, but addressing.mode is pooled — remove the subnet (the pool assigns it) or switch to addressing.mode: explicit" },
  { rule: "exhausted p2p pool", mutate: (t) => { POOLED(t); t.addressing.p2pPool = "10.0.0.0/24"; }, expect: "topology.addressing.p2pPool: 10.0.0.0/24 is exhausted: the layout needs at least 130 /31s, the pool has 128 — use a larger pool (shorter prefix) or lower maxSpines/maxLeaves/portsPerLeaf" },
  { rule: "exhausted loopback pool", mutate: (t) => { POOLED(t); t.addressing.loopbackPool = "10.255.0.0/28"; }, expect: "topology.addressing.loopbackPool: 10.255.0.0/28 is exhausted: 37 addresses are needed (maxSpines + maxLeaves + 1) — use a larger pool or lower maxSpines/maxLeaves" },
  { rule: "overlapping pools", mutate: (t) => { POOLED(t); t.addressing.loopbackPool = "10.0.255.0/24"; }, expect: "topology.addressing.loopbackPool: 10.0.255.0/24 overlaps the p2p pool 10.0.0.0/16 — use two separate prefixes" },
  { rule: "pooled port beyond portsPerLeaf", mutate: (t) => { POOLED(t); t.addressing.portsPerLeaf = 2; }, expect: "topology.nodes[1]: cannot be placed in the pool: port number 3 is above addressing.portsPerLeaf (2) — raise the addressing.max*/portsPerLeaf setting or give the device a smaller id" },
  { rule: "pod CIDR overlaps service CIDR", mutate: (t) => { t.kubernetes.podCidr = "10.96.0.0/16"; }, expect: "topology.kubernetes.podCidr: 10.96.0.0/16 overlaps the service CIDR 10.96.0.0/12 — pick two separate prefixes (seed 000: pods 10.66.0.0/16, services 10.96.0.0/12)" },
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
  { rule: "fabric route that misses the pods", mutate: (t) => { t.nodes[1].fabricRoute = "10.0.0.0/9"; t.kubernetes.podCidr = "10.166.0.0/16"; }, expect: "topology.nodes[1].fabricRoute: 10.0.0.0/9 does not cover the pod CIDR (pods on other nodes) (10.166.0.0/16): that traffic would leave by the node's other default route — widen the route (seed 000 uses 10.0.0.0/8) or use `default`" },
  { rule: "Kubernetes version not a release", mutate: (t) => { t.kubernetes.version = "latest"; }, expect: "topology.kubernetes.version: 'latest' is not a Kubernetes release — write the full kubeadm version, e.g. 1.28.15" },
  { rule: "Calico version not a release", mutate: (t) => { t.calico.version = "3.25"; }, expect: "topology.calico.version: '3.25' is not a Calico release — write a release such as 3.28.5" },
  { rule: "endpoint not an address", mutate: (t) => { t.kubernetes.controlPlaneEndpoint = "k-master:6443"; }, expect: "topology.kubernetes.controlPlaneEndpoint: 'k-master:6443' is not an IPv4 address — write an address, e.g. 10.0.11.1 (or leave it out to use the control-plane node's fabric address)" },
  { rule: "OSPF area not dotted", mutate: (t) => { t.ospf.area = "backbone"; }, expect: "topology.ospf.area: 'backbone' is not a dotted area id — write the area as dotted decimal, e.g. 0.0.0.0" },
  { rule: "management host with shell text", mutate: (t) => { t.leaves[2].mgmt.host = "10.0.137.5 -oProxyCommand=x"; }, expect: "topology.leaves[2].mgmt.host: '10.0.137.5 -oProxyCommand=x' is not an IPv4 address or DNS name — write the management address, e.g. 192.168.122.11" },
  { rule: "username injecting a command", mutate: (t) => { t.credentials.switchUsername = "admin\nenable"; }, expect: "topology.credentials.switchUsername: 'admin?enable' is not a plain login name — use letters, digits, '_', '.', '-' (at most 32)" },
  { rule: "host key of an unknown type", mutate: (t) => { t.spines[0].mgmt.hostKey = "ssh-dss AAAAB3NzaC1kc3MAAACBAP"; }, expect: "topology.spines[0].mgmt.hostKey: the pinned host key has key type 'ssh-dss', expected one of ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa — paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…" },
  { rule: "host key that is not base64", mutate: (t) => { t.nodes[0].ssh.hostKey = "ssh-ed25519 not-a-key!"; }, expect: "topology.nodes[0].ssh.hostKey: the pinned host key has a key part that is not base64 — paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…" },
  { rule: "host key whose blob is another type", mutate: (t) => { t.nodes[1].ssh.hostKey = "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAICDu3WsiKD52kQvd9IfQMpE9FGq3NXigKIFzHr2143l9"; }, expect: "topology.nodes[1].ssh.hostKey: the pinned host key has a key part that does not encode a ssh-rsa key — paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…" },
  { rule: "host key with the host column left in", mutate: (t) => { t.nodes[2].ssh.hostKey = "10.0.137.112 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA7NcEGCUCqFbUpjR/rJC9JB4GTfIo01GQINKjdd0Ea8"; }, expect: "topology.nodes[2].ssh.hostKey: the pinned host key has key type '10.0.137.112', expected one of ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa — paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…" },
  { rule: "commit timer too short to verify", mutate: (t) => { t.switchOptions = { commitConfirmSeconds: 5 }; }, expect: "topology.switchOptions.commitConfirmSeconds: 5 is out of range — use a number from 30 to 3600" },
  { rule: "missing switch credentials", secrets: { switchPassword: false }, expect: "kube-fabric:switchPassword: no switch credentials are set — run `pulumi config set --secret kube-fabric:switchPassword <password>` (or switchPrivateKey with a private key file: --secret < key)" },
  { rule: "missing node credentials", secrets: { nodePassword: false }, expect: "kube-fabric:nodePassword: no node credentials are set — run `pulumi config set --secret kube-fabric:nodePassword <password>` (or nodePrivateKey)" },
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
    });
  }

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
