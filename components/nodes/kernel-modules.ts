// Step 4b: overlay (containerd's snapshotter) and br_netfilter (the reference lab's first preflight error),
// loaded now and at every boot. A module counts as loaded when what it provides is there, which
// also covers kernels that have it built in.

import { bashScript, StepScript, writeFileHeredoc } from "./script";

export const MODULES_FILE = "/etc/modules-load.d/kube-fabric.conf";
export const KERNEL_MODULES = ["overlay", "br_netfilter"] as const;

export function renderKernelModules(): StepScript {
  const body = String.raw`
module_active() {
  case "$1" in
    overlay) grep -qw overlay /proc/filesystems ;;
    br_netfilter) [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] ;;
    *) return 1 ;;
  esac
}
for module in ${KERNEL_MODULES.join(" ")}; do
  if module_active "$module"; then
    kf_unchanged "kernel module $module is loaded"
  else
    kf_run modprobe "$module"
    module_active "$module" || kf_fail "modprobe $module succeeded but the module is not active"
    kf_changed "kernel module $module loaded"
  fi
done

${writeFileHeredoc('"$kf_tmp/modules.conf"', `# kube-fabric: kernel modules containerd and the kubelet need at boot\n${KERNEL_MODULES.join("\n")}\n`)}
if kf_install_file "$kf_tmp/modules.conf" ${MODULES_FILE} 644; then
  kf_changed "${MODULES_FILE} loads ${KERNEL_MODULES.join(" ")} at boot"
else
  kf_unchanged "${MODULES_FILE} loads ${KERNEL_MODULES.join(" ")} at boot"
fi
`;
  return bashScript("kernel-modules", "overlay and br_netfilter now and at boot", body);
}
