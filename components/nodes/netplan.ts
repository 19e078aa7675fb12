// Step 3: the fabric NIC, persistent (the reference lab learnt that `ip addr add` does not survive a
// reboot): a /31 and one route via the leaf, in kube-fabric's own netplan file. Every other NIC
// (the management/internet one, DHCP) and every other netplan file is left alone.

import { NodePlan } from "../plan/plan-types";
import { bashScript, singleQuote, StepScript, writeFileHeredoc } from "./script";
import { hostName, interfaceName, nodeName, ipv4, ipv4WithLength, routeDestination } from "./script-values";
import { notRunLine, TestOnlyRelaxations } from "./test-only";

export const NETPLAN_FILE = "/etc/netplan/60-kube-fabric.yaml";

interface FabricNic {
  nic: string;
  address: string;
  hostAddress: string;
  gateway: string;
  destination: string;
  leaf: string;
  leafPort: string;
}

function fabricNic(node: NodePlan): FabricNic {
  const field = (name: string) => `nodes.${node.name}.${name}`;
  nodeName(field("name"), node.name);
  const [hostAddress, length] = ipv4WithLength(field("fabricAddress"), node.fabricAddress);
  if (length !== 31) throw new Error(`${field("fabricAddress")}: '${node.fabricAddress}' must be the node's end of a /31`);
  if (!/^[A-Za-z0-9/_.-]{1,40}$/.test(node.leafPort)) throw new Error(`${field("leafPort")}: '${node.leafPort}' is not an interface name`);
  return {
    nic: interfaceName(field("nic"), node.nic),
    address: node.fabricAddress,
    hostAddress,
    gateway: ipv4(field("leafPeerAddress"), node.leafPeerAddress),
    destination: routeDestination(field("fabricRoute"), node.fabricRoute),
    leaf: hostName(field("leaf"), node.leaf),
    leafPort: node.leafPort,
  };
}

export function renderNetplanYaml(node: NodePlan): string {
  const n = fabricNic(node);
  return [
    `# Managed by kube-fabric: the fabric NIC of ${node.name}, a routed /31 to ${n.leaf} ${n.leafPort}.`,
    "# Other interfaces are configured in other files and left alone.",
    "network:",
    "  version: 2",
    "  ethernets:",
    `    ${n.nic}:`,
    "      dhcp4: false",
    "      addresses:",
    `        - ${n.address}`,
    "      routes:",
    `        - to: ${n.destination}`,
    `          via: ${n.gateway}`,
    "",
  ].join("\n");
}

export interface NetplanOptions {
  testOnly?: TestOnlyRelaxations;
}

export function renderNetplan(node: NodePlan, options: NetplanOptions = {}): StepScript {
  const n = fabricNic(node);
  const skipApply = options.testOnly?.skipNetplanApply === true;
  const routeShow = n.destination === "default" ? "ip -4 route show default" : `ip -4 route show exact ${n.destination}`;
  const live = `
# The live state: the address on the NIC and the route via the leaf.
live_ok() {
  ip -4 -o addr show dev "$nic" | awk '{print $4}' | grep -qxF "$address" &&
    ${routeShow} | grep -qE "via $gateway dev $nic( |$)"
}
if [ "$file_changed" = 0 ] && live_ok; then
  kf_unchanged "$nic has $address and $destination via $gateway"
else
  kf_run netplan generate
  kf_run netplan apply
  live_ok || kf_fail "applying the netplan did not give $nic the address $address and the route $destination via $gateway: see ip addr / ip route"
  kf_changed "$nic has $address and $destination via $gateway (netplan applied)"
fi
`;
  const body = `
nic=${singleQuote(n.nic)}
address=${singleQuote(n.address)}
gateway=${singleQuote(n.gateway)}
destination=${singleQuote(n.destination)}
file=${singleQuote(NETPLAN_FILE)}
command -v netplan >/dev/null || kf_fail "netplan is missing: install the package netplan.io (Ubuntu has it by default; Debian 12: apt-get install netplan.io)"
if ! ip link show dev "$nic" >/dev/null 2>&1; then
  kf_fail "this node has no interface $nic (it has: $(cd /sys/class/net && echo *)): fix the node's nic in topology.nodes"
fi
for other in /etc/netplan/*.yaml /etc/netplan/*.yml; do
  if [ ! -e "$other" ] || [ "$other" = "$file" ]; then continue; fi
  if grep -qE "^[[:space:]]+$nic:" "$other"; then
    kf_note "$other also configures $nic; netplan merges it with $file (later files win)"
  fi
done

${writeFileHeredoc('"$kf_tmp/netplan.yaml"', renderNetplanYaml(node))}
file_changed=0
if [ -f "$file" ] && cmp -s "$kf_tmp/netplan.yaml" "$file" && [ "$(stat -c %a "$file")" = 600 ]; then
  kf_unchanged "$file configures $nic"
else
  had_file=0
  if [ -f "$file" ]; then cp -p "$file" "$kf_tmp/previous.yaml"; had_file=1; fi
  kf_install_file "$kf_tmp/netplan.yaml" "$file" 600 || true
  # Check the whole netplan configuration before anything is applied; put the old file back if it fails.
  if ! netplan generate >"$kf_tmp/generate.out" 2>&1; then
    if [ "$had_file" = 1 ]; then cp -p "$kf_tmp/previous.yaml" "$file"; else rm -f "$file"; fi
    netplan generate >/dev/null 2>&1 || true
    sed 's/^/  netplan generate: /' "$kf_tmp/generate.out" >&2
    kf_fail "netplan rejects the configuration with $file; the previous state is restored"
  fi
  file_changed=1
  kf_changed "$file configures $nic"
fi
${skipApply ? [notRunLine(`netplan apply and the live address/route check of ${n.nic}`), ': "$file_changed" "$address" "$gateway" "$destination"'].join("\n") : live}
`;
  return bashScript("netplan", `fabric NIC ${n.nic} ${n.address}, ${n.destination} via ${n.gateway}`, body);
}
