// Network namespaces and veth pairs, through iproute2. Every name here is chosen by the caller.
import { existsSync, readdirSync } from "fs";
import { CommandError, run, runSync } from "./exec";

const IP = "ip";
const NETNS_DIR = "/run/netns";

/** One end of a veth pair: an interface name inside a namespace. */
export interface InterfaceRef {
  namespace: string;
  name: string;
}

/** Why `name` cannot be a Linux interface name, or undefined when it can (e.g. `Ethernet1`). */
export function interfaceNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9._-]{0,14}$/.test(name)) {
    return `"${name}" is not a usable interface name: 1-15 characters, a letter first, then letters, digits, '.', '_' or '-' (Linux has no '/' in names, so "Ethernet1/1" cannot exist)`;
  }
  if (name === "lo") return `"lo" is the loopback that every namespace already has`;
  return undefined;
}

/** Why `name` cannot be a namespace name, or undefined when it can. */
export function namespaceNameProblem(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name) ? undefined : `"${name}" is not a usable namespace name: letters, digits, '.', '_', '-', at most 64`;
}

export function namespaceExists(namespace: string): boolean {
  return existsSync(`${NETNS_DIR}/${namespace}`);
}

export function listNamespaces(): string[] {
  return existsSync(NETNS_DIR) ? readdirSync(NETNS_DIR) : [];
}

export interface NamespaceOptions {
  /** Turn on IPv4/IPv6 forwarding inside the namespace, as a router has it (default true). */
  forwarding?: boolean;
}

/** Creates an empty namespace with its loopback up. Fails if the name is already taken. */
export async function createNamespace(namespace: string, options: NamespaceOptions = {}): Promise<void> {
  const problem = namespaceNameProblem(namespace);
  if (problem) throw new Error(problem);
  await run(IP, ["netns", "add", namespace]);
  await run(IP, ["-n", namespace, "link", "set", "lo", "up"]);
  if (options.forwarding ?? true) {
    await run(IP, ["netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"]);
  }
}

/** Removes the namespace name; its veth ends go with it. A missing namespace is not an error. */
export async function deleteNamespace(namespace: string): Promise<void> {
  if (!namespaceExists(namespace)) return;
  try {
    await run(IP, ["netns", "delete", namespace]);
  } catch (error) {
    if (namespaceExists(namespace)) throw error;
  }
}

export function deleteNamespaceSync(namespace: string): void {
  if (!namespaceExists(namespace)) return;
  try {
    runSync(IP, ["netns", "delete", namespace]);
  } catch (error) {
    if (namespaceExists(namespace)) throw error;
  }
}

/** Creates a veth pair whose ends are born directly inside their namespaces (no name clash in the root namespace). */
export async function addVethPair(a: InterfaceRef, b: InterfaceRef): Promise<void> {
  for (const end of [a, b]) {
    const problem = interfaceNameProblem(end.name);
    if (problem) throw new Error(problem);
  }
  await run(IP, ["link", "add", "name", a.name, "netns", a.namespace, "type", "veth", "peer", "name", b.name, "netns", b.namespace]);
}

export async function setLinkUp(ref: InterfaceRef): Promise<void> {
  await run(IP, ["-n", ref.namespace, "link", "set", "dev", ref.name, "up"]);
}

/** Adds an address in CIDR form (`10.0.0.0/31`) to an interface inside its namespace. */
export async function addAddress(ref: InterfaceRef, cidr: string): Promise<void> {
  await run(IP, ["-n", ref.namespace, "address", "add", cidr, "dev", ref.name]);
}

/** PIDs of every process whose network namespace is this one (`ip netns pids`). */
export function pidsInNamespaceSync(namespace: string): number[] {
  if (!namespaceExists(namespace)) return [];
  try {
    return runSync(IP, ["netns", "pids", namespace]).stdout.split(/\s+/).filter(Boolean).map(Number);
  } catch (error) {
    if (error instanceof CommandError && !namespaceExists(namespace)) return [];
    throw error;
  }
}
