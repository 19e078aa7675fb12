// Step 2: the node's hostname, and every node of the plan by name in /etc/hosts (the reference lab had no
// DNS either). kube-fabric owns one block between markers in /etc/hosts and nothing else there.

import { NodePlan } from "../plan/plan-types";
import { bashScript, singleQuote, StepScript, writeFileHeredoc } from "./script";
import { ipv4WithLength, nodeName } from "./script-values";

export const HOSTS_BEGIN = "# BEGIN kube-fabric nodes (managed by kube-fabric: edits inside this block are overwritten)";
export const HOSTS_END = "# END kube-fabric nodes";
/** cloud-init would reset the hostname and /etc/hosts on boot; this drop-in tells it not to. */
export const CLOUD_INIT_DROP_IN = "/etc/cloud/cloud.cfg.d/99-kube-fabric.cfg";

export interface HostsEntry {
  address: string;
  name: string;
}

/** One entry per node of the plan: its fabric address and name, in plan order. */
export function hostsEntries(nodes: readonly NodePlan[]): HostsEntry[] {
  return nodes.map((node, i) => ({
    address: ipv4WithLength(`nodes[${i}].fabricAddress`, node.fabricAddress)[0],
    name: nodeName(`nodes[${i}].name`, node.name),
  }));
}

/** The managed block, markers included. */
export function renderHostsBlock(entries: readonly HostsEntry[]): string {
  const width = Math.max(0, ...entries.map((e) => e.address.length));
  return [HOSTS_BEGIN, ...entries.map((e) => `${e.address.padEnd(width)} ${e.name}`), HOSTS_END].join("\n") + "\n";
}

export function renderHostname(name: string, entries: readonly HostsEntry[]): StepScript {
  nodeName("node.name", name);
  if (!entries.some((e) => e.name === name)) throw new Error(`internal: /etc/hosts entries lack the node ${name} itself`);
  const body = `
want=${singleQuote(name)}

# The hostname: the file read at boot, then the running kernel's.
if [ "$(cat /etc/hostname 2>/dev/null || true)" = "$want" ]; then
  kf_unchanged "/etc/hostname is $want"
else
  printf '%s\\n' "$want" >"$kf_tmp/hostname"
  kf_install_file "$kf_tmp/hostname" /etc/hostname 644 || true
  kf_changed "/etc/hostname set to $want"
fi
if [ "$(hostname)" = "$want" ]; then
  kf_unchanged "running hostname is $want"
else
  kf_run hostname "$want"
  kf_changed "running hostname set to $want"
fi

# cloud-init, where present, must neither rename the node nor rewrite /etc/hosts at boot.
if [ -d /etc/cloud/cloud.cfg.d ]; then
${writeFileHeredoc('"$kf_tmp/cloud.cfg"', "# kube-fabric owns the hostname and a block of /etc/hosts\npreserve_hostname: true\nmanage_etc_hosts: false\n")}
  if kf_install_file "$kf_tmp/cloud.cfg" ${CLOUD_INIT_DROP_IN} 644; then
    kf_changed "${CLOUD_INIT_DROP_IN} keeps cloud-init off the hostname and /etc/hosts"
  else
    kf_unchanged "${CLOUD_INIT_DROP_IN} keeps cloud-init off the hostname and /etc/hosts"
  fi
fi

# /etc/hosts: replace our block in place (or append it); every other line stays as it is.
${writeFileHeredoc('"$kf_tmp/block"', renderHostsBlock(entries))}
begin=${singleQuote(HOSTS_BEGIN)}
end=${singleQuote(HOSTS_END)}
touch /etc/hosts
begins=$(grep -cxF "$begin" /etc/hosts || true)
ends=$(grep -cxF "$end" /etc/hosts || true)
if [ "$begins" -gt 1 ] || [ "$begins" != "$ends" ]; then
  kf_fail "/etc/hosts has $begins begin and $ends end markers of the kube-fabric block: remove the broken block by hand"
fi
awk -v begin="$begin" -v end="$end" -v block="$kf_tmp/block" '
  function emit(  line) { while ((getline line < block) > 0) print line; close(block); done = 1 }
  $0 == begin { emit(); skip = 1; next }
  $0 == end { skip = 0; next }
  !skip { print }
  END { if (!done) emit() }
' /etc/hosts >"$kf_tmp/hosts"
if cmp -s "$kf_tmp/hosts" /etc/hosts; then
  kf_unchanged "/etc/hosts lists ${entries.length} kube-fabric nodes"
else
  # In place (not a rename): /etc/hosts may be a bind mount.
  kf_run cp "$kf_tmp/hosts" /etc/hosts
  kf_changed "/etc/hosts lists ${entries.length} kube-fabric nodes"
fi
`;
  return bashScript("hostname", `hostname ${name} and the kube-fabric nodes in /etc/hosts`, body);
}

