// Every plan value that a node script embeds is checked here first, so that no value can change
// the meaning of a script. The plan validates the same fields; this guards the generators when
// they are called with hand-made plans (tests, other programs).

import { NAME_PATTERN, NAME_RULE, NODE_NAME_PATTERN, NODE_NAME_RULE } from "../../model/cli-safe";
import { checkNicName } from "../plan/interface-names";
import { isIPv4 } from "../plan/ipv4";
import { isPlainHttpUrl, isRegistryHost, PLAIN_HTTP_URL_RULE, REGISTRY_HOST_RULE } from "../plan/node-sources";

export class ScriptValueError extends Error {
  /** With value null, rule is the whole reason (it already quotes the value). */
  constructor(field: string, value: string | null, rule: string) {
    super(value === null ? `${field}: ${rule}` : `${field}: '${value.replace(/[^\x20-\x7e]/g, "?")}' ${rule}`);
    this.name = "ScriptValueError";
  }
}

export function hostName(field: string, value: string): string {
  if (!NAME_PATTERN.test(value)) throw new ScriptValueError(field, value, `is not a usable host name: ${NAME_RULE}`);
  return value;
}

/** A Kubernetes node's name: also its hostname, so the stricter of the two rules. */
export function nodeName(field: string, value: string): string {
  if (!NODE_NAME_PATTERN.test(value)) throw new ScriptValueError(field, value, `is not a Kubernetes node name: ${NODE_NAME_RULE}`);
  return value;
}

/** A node's fabric NIC, by the plan's own rule (components/plan/interface-names.ts). */
export function interfaceName(field: string, value: string): string {
  const checked = checkNicName(value);
  if (!checked.ok) throw new ScriptValueError(field, null, `${checked.reason} — ${checked.fix}`);
  return value;
}

export function ipv4(field: string, value: string): string {
  if (!isIPv4(value)) throw new ScriptValueError(field, value, "is not an IPv4 address such as 10.0.11.1");
  return value;
}

/** An address with its prefix length, e.g. 10.0.11.1/31: returns [address, length]. */
export function ipv4WithLength(field: string, value: string): [string, number] {
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(value);
  if (!match || !isIPv4(match[1]) || Number(match[2]) > 32) {
    throw new ScriptValueError(field, value, "is not an IPv4 address with prefix length such as 10.0.11.1/31");
  }
  return [match[1], Number(match[2])];
}

/** `default` or an IPv4 prefix. */
export function routeDestination(field: string, value: string): string {
  if (value === "default") return value;
  ipv4WithLength(field, value);
  return value;
}

/** A Kubernetes release `1.28.15` (a leading `v` is accepted): returns [minor, full] as `1.28`, `1.28.15`. */
export function kubernetesRelease(field: string, value: string): { minor: string; full: string } {
  const match = /^v?(1\.(\d{1,2}))\.(\d{1,3})$/.exec(value);
  if (!match) throw new ScriptValueError(field, value, "is not a Kubernetes release such as 1.28.15");
  return { minor: match[1], full: `${match[1]}.${match[3]}` };
}

/** An http(s) URL by the plan's rule (components/plan/node-sources.ts): safe in a shell word, a sources line and TOML. */
export function plainHttpUrl(field: string, value: string): string {
  if (!isPlainHttpUrl(value)) throw new ScriptValueError(field, value, `is not a plain http(s) URL: ${PLAIN_HTTP_URL_RULE}`);
  return value;
}

/** A registry host (docker.io, 10.9.0.1:5000): also a directory name under /etc/containerd/certs.d. */
export function registryHost(field: string, value: string): string {
  if (!isRegistryHost(value)) throw new ScriptValueError(field, value, `is not a registry host: ${REGISTRY_HOST_RULE}`);
  return value;
}
