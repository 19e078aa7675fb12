// Pooled topologies of any size, for tests and the bench: S spines, L leaves, N nodes spread over leaves.

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJPn2MPjT4+lOHtJgV7nh9mWZx/bwOMCMjuvJPeXPmZL";

export interface Size {
  spines: number;
  leaves: number;
  nodes: number;
}

export function pooledTopology(size: Size): Record<string, unknown> {
  const spines = Array.from({ length: size.spines }, (_, s) => ({
    name: `spine${s + 1}`,
    mgmt: { host: `192.0.2.${s + 1}`, hostKey: KEY },
  }));
  const leaves = Array.from({ length: size.leaves }, (_, l) => ({
    name: `leaf${l + 1}`,
    mgmt: { host: `leaf${l + 1}.mgmt.example`, hostKey: KEY },
    uplinks: spines.map((spine, s) => ({ spine: spine.name, port: `Ethernet${49 + s}`, spinePort: `Ethernet${l + 1}` })),
  }));
  const perLeaf = Math.ceil(size.nodes / size.leaves);
  const nodes = Array.from({ length: size.nodes }, (_, n) => ({
    name: `node${n + 1}`,
    role: n === 0 ? "control-plane" : "worker",
    leaf: `leaf${Math.floor(n / perLeaf) + 1}`,
    leafPort: `Ethernet${(n % perLeaf) + 1}`,
    nic: "ens3",
    fabricRoute: "10.0.0.0/8",
    ssh: { host: `node${n + 1}.mgmt.example`, hostKey: KEY },
  }));
  return {
    addressing: { mode: "pooled", p2pPool: "10.0.0.0/16", loopbackPool: "10.255.0.0/24", maxSpines: Math.max(4, size.spines), maxLeaves: Math.max(32, size.leaves), portsPerLeaf: 48 },
    asns: { leaves: { first: 65100, last: 65100 + size.leaves - 1 }, nodes: { first: 4200000000, last: 4200000000 + size.nodes + 100 } },
    spines,
    leaves,
    nodes,
    kubernetes: { version: "1.28.15", podCidr: "10.64.0.0/12", blockSize: 24, serviceCidr: "10.96.0.0/12" },
    calico: { version: "3.28.5" },
    credentials: { switchUsername: "admin", nodeUsername: "ubuntu" },
  };
}
