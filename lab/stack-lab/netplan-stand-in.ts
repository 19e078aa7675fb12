// A lab node has no systemd (its PID 1 is `sleep`), so Debian's `netplan apply`, which hands the
// generated files to systemd-networkd, cannot work there. The lab puts this stand-in first on the
// node's PATH (/usr/local/sbin/netplan): `netplan apply` runs the real `netplan generate` and then
// does with `ip` what networkd would do with its output (/run/systemd/network/*.network): each
// [Match] Name= link up, each IPv4 Address= set, each [Route] Destination=/Gateway= set. Every other
// netplan command is the real one. The product's netplan step runs unchanged against it and checks
// the live address and route after it, as on a real node.

/** Where the stand-in goes inside a lab node (before /usr/sbin on the login's PATH). */
export const NETPLAN_STAND_IN_PATH = "usr/local/sbin/netplan";

export function renderNetplanStandIn(realNetplan = "/usr/sbin/netplan"): string {
  return `#!/bin/sh
# kube-fabric lab: netplan apply without systemd-networkd (lab/stack-lab/netplan-stand-in.ts).
set -eu
[ "\${1:-}" = apply ] || exec ${realNetplan} "$@"
${realNetplan} generate
dir=\${KF_NETWORKD_DIR:-/run/systemd/network}
for file in "$dir"/*.network; do
  [ -f "$file" ] || continue
  awk '
    /^\\[/ { section = $0; next }
    section == "[Match]" && /^Name=/ { sub(/^Name=/, ""); print "link", $0; next }
    section == "[Network]" && /^Address=/ { sub(/^Address=/, ""); if ($0 !~ /:/) print "address", $0; next }
    section == "[Route]" && /^Destination=/ { sub(/^Destination=/, ""); destination = $0; next }
    section == "[Route]" && /^Gateway=/ { sub(/^Gateway=/, ""); if ($0 !~ /:/) print "route", (destination == "" ? "0.0.0.0/0" : destination), $0; destination = ""; next }
  ' "$file" | {
    nic=
    while read -r kind a b; do
      case $kind in
        link) nic=$a; ip link show dev "$nic" >/dev/null 2>&1 || { nic=; continue; }; ip link set dev "$nic" up ;;
        address) if [ -n "$nic" ]; then ip -4 address replace "$a" dev "$nic"; fi ;;
        route) if [ -n "$nic" ]; then ip -4 route replace "$a" via "$b" dev "$nic"; fi ;;
      esac
    done
  }
done
`;
}
