// Management access: addresses, ports, usernames, pinned host keys and that credentials exist.

import { SecretPresence, SshEndpointConfig, TopologyConfig } from "./config-types";
import { checkCliText } from "../../model/cli-safe";
import { isIPv4 } from "./ipv4";
import { ProblemList } from "../../model/problems";
import { SshTarget } from "../../model/device-plan";
import { parseOpenSshPublicKey } from "../../model/ssh-host-key";

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const USERNAME = /^[a-z_][a-z0-9_.-]{0,31}$/i;

/** How a host key is checked when the connection is made: our own SSH client (switches) or @pulumi/command's (nodes). */
export type HostKeyChecker = "kube-fabric" | "pulumi-command";

export function sshTarget(
  endpoint: SshEndpointConfig,
  defaultUsername: string,
  path: string,
  problems: ProblemList,
  checker: HostKeyChecker = "kube-fabric",
): SshTarget {
  if (!isIPv4(endpoint.host) && !HOSTNAME.test(endpoint.host)) {
    problems.add(`${path}.host`, `'${endpoint.host.replace(/[^\x20-\x7e]/g, "?")}' is not an IPv4 address or DNS name`, "write the management address, e.g. 192.168.122.11");
  }
  const username = endpoint.username ?? defaultUsername;
  // The shared default is checked once, by checkCredentials; here only a per-device override.
  if (endpoint.username !== undefined && !USERNAME.test(username)) {
    problems.add(`${path}.username`, `username '${username.replace(/[^\x20-\x7e]/g, "?")}' is not a plain login name`, "use letters, digits, '_', '.', '-' (at most 32)");
  }
  const key = parseOpenSshPublicKey(endpoint.hostKey);
  if (!key.ok) {
    problems.add(`${path}.hostKey`, `the pinned host key ${key.reason}`, "paste the key from `ssh-keyscan -t ed25519 <host>` without the host column, e.g. ssh-ed25519 AAAAC3…");
  } else if (key.type === "ssh-rsa" && checker === "pulumi-command") {
    // @pulumi/command 1.2.1 verifies an RSA host key only with SHA-1 (`ssh-rsa`) signatures, which OpenSSH 8.8+ no longer makes.
    problems.add(
      `${path}.hostKey`,
      "is an ssh-rsa key: the node commands' SSH client (@pulumi/command 1.2.1) checks it only with SHA-1 signatures, which current OpenSSH servers refuse",
      "pin the node's ed25519 (or ECDSA) host key instead: `ssh-keyscan -t ed25519 <host>` without the host column",
    );
  }
  return { host: endpoint.host, port: endpoint.port ?? 22, username, hostKey: key.ok ? key.key : endpoint.hostKey.trim() };
}

export function checkCredentials(config: TopologyConfig, secrets: SecretPresence, problems: ProblemList): void {
  if (!secrets.switchPassword && !secrets.switchPrivateKey) {
    problems.add(
      "kube-fabric:switchPassword",
      "no switch credentials are set",
      "run `pulumi config set --secret kube-fabric:switchPassword <password>` (or switchPrivateKey with a private key file: --secret < key)",
    );
  }
  if (!secrets.nodePassword && !secrets.nodePrivateKey) {
    problems.add(
      "kube-fabric:nodePassword",
      "no node credentials are set",
      "run `pulumi config set --secret kube-fabric:nodePassword <password>` (or nodePrivateKey)",
    );
  }
  for (const key of ["switchUsername", "nodeUsername"] as const) {
    const value = config.credentials[key];
    const safety = checkCliText(value);
    if (!safety.ok || !USERNAME.test(value)) {
      problems.add(`topology.credentials.${key}`, `'${value.replace(/[^\x20-\x7e]/g, "?")}' is not a plain login name`, "use letters, digits, '_', '.', '-' (at most 32)");
    }
  }
}

/** Two entries with one management host:port are one machine: the program would configure it twice. */
export function checkDistinctManagement(config: TopologyConfig, problems: ProblemList): void {
  const entries = [
    ...config.spines.map((s, i) => ({ name: s.name, endpoint: s.mgmt, path: `topology.spines[${i}].mgmt` })),
    ...config.leaves.map((l, i) => ({ name: l.name, endpoint: l.mgmt, path: `topology.leaves[${i}].mgmt` })),
    ...config.nodes.map((n, i) => ({ name: n.name, endpoint: n.ssh, path: `topology.nodes[${i}].ssh` })),
  ];
  const seen = new Map<string, { name: string; path: string }>();
  for (const { name, endpoint, path } of entries) {
    const key = `${endpoint.host.toLowerCase()}:${endpoint.port ?? 22}`;
    const first = seen.get(key);
    if (first) {
      problems.add(path, `${key} is also the management address of ${first.name} (${first.path})`, "give every switch and node its own management host:port");
    } else {
      seen.set(key, { name, path });
    }
  }
}
