// Step 4c: the sysctls kubeadm's preflight checks (the reference lab failed on ip_forward and
// bridge-nf-call-iptables), set now and persistent, with a clear error if another sysctl file
// would turn them off again at boot.

import { bashScript, StepScript, writeFileHeredoc } from "./script";

export const SYSCTL_FILE = "/etc/sysctl.d/99-kube-fabric.conf";
export const KUBERNETES_SYSCTLS = ["net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables", "net.ipv4.ip_forward"] as const;

export function renderSysctl(): StepScript {
  const content = ["# kube-fabric: what kubeadm and the CNI need", ...KUBERNETES_SYSCTLS.map((k) => `${k} = 1`), ""].join("\n");
  const body = String.raw`
${writeFileHeredoc('"$kf_tmp/sysctl.conf"', content)}
if kf_install_file "$kf_tmp/sysctl.conf" ${SYSCTL_FILE} 644; then
  kf_changed "${SYSCTL_FILE} sets ${KUBERNETES_SYSCTLS.join(", ")} at boot"
else
  kf_unchanged "${SYSCTL_FILE} sets ${KUBERNETES_SYSCTLS.join(", ")} at boot"
fi

# Another file setting one of these to something else would undo it at the next boot.
for key in ${KUBERNETES_SYSCTLS.join(" ")}; do
  pattern="^[[:space:]]*$(printf '%s' "$key" | sed 's/[./]/[.\/]/g')[[:space:]]*=[[:space:]]*"
  for other in /etc/sysctl.conf /etc/sysctl.d/*.conf /run/sysctl.d/*.conf /usr/local/lib/sysctl.d/*.conf /usr/lib/sysctl.d/*.conf /lib/sysctl.d/*.conf; do
    if [ ! -f "$other" ] || [ "$other" = ${SYSCTL_FILE} ]; then continue; fi
    value=$(grep -E "$pattern" "$other" | tail -n 1 | sed -E "s|$pattern||; s|[[:space:]]+$||" || true)
    if [ -n "$value" ] && [ "$value" != 1 ]; then
      kf_fail "$other sets $key = $value, which would undo kube-fabric's $key = 1 at boot: remove that line"
    fi
  done
done

for key in ${KUBERNETES_SYSCTLS.join(" ")}; do
  path="/proc/sys/$(printf '%s' "$key" | tr . /)"
  [ -e "$path" ] || kf_fail "$key does not exist in this kernel: is br_netfilter loaded? (the kernel-modules step loads it)"
  if [ "$(cat "$path")" = 1 ]; then
    kf_unchanged "$key = 1"
  else
    kf_run sysctl -w "$key=1"
    kf_changed "$key = 1"
  fi
done
`;
  return bashScript("sysctl", "ip_forward and bridge-nf-call-iptables now and at boot", body);
}
