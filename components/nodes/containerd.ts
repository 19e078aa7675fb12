// Step 5: containerd from the distribution, configured the way kubeadm wants it: the systemd
// cgroup driver (the kubelet uses systemd) and the sandbox image of this kubeadm release (seed
// 000's warning: containerd's pause:3.8 against kubeadm 1.28's pause:3.9); registry hosts read
// from /etc/containerd/certs.d, where the plan's registry mirrors go (registry-mirrors.ts).

import { KubernetesPlan } from "../plan/plan-types";
import { kubernetesReleaseFacts } from "./kube-versions";
import { CONTAINERD_CERTS_DIR, renderRegistryMirrors } from "./registry-mirrors";
import { bashScript, singleQuote, StepScript } from "./script";
import { notRunLine, TestOnlyRelaxations } from "./test-only";

export const CONTAINERD_CONFIG = "/etc/containerd/config.toml";

export interface ContainerdOptions {
  testOnly?: TestOnlyRelaxations;
}

/** `config_path = ""` in the CRI plugin's registry section of containerd 1.6/1.7's default config. */
const CONFIG_PATH_EDIT = String.raw`'/^[[:space:]]*\[plugins\."io\.containerd\.grpc\.v1\.cri"\.registry\]$/,/^[[:space:]]*\[/ s|^([[:space:]]*config_path[[:space:]]*=[[:space:]]*)""|\1"${CONTAINERD_CERTS_DIR}"|'`;

export function renderContainerd(kubernetes: Pick<KubernetesPlan, "version" | "registryMirrors">, options: ContainerdOptions = {}): StepScript {
  const release = kubernetesReleaseFacts(kubernetes.version);
  const skipServices = options.testOnly?.skipServiceManager === true;
  const service = skipServices
    ? [
        notRunLine("systemctl enable/start containerd, and a restart when its config changed"),
        ': "$config_changed"',
      ].join("\n")
    : String.raw`
command -v systemctl >/dev/null || kf_fail "systemctl is missing: kube-fabric runs containerd and the kubelet under systemd"
if systemctl is-enabled --quiet containerd; then
  kf_unchanged "containerd starts at boot"
else
  kf_run systemctl enable containerd
  kf_changed "containerd starts at boot"
fi
if ! systemctl is-active --quiet containerd; then
  kf_run systemctl start containerd
  kf_changed "containerd started"
elif [ "$config_changed" = 1 ]; then
  kf_run systemctl restart containerd
  kf_changed "containerd restarted with the new config"
else
  kf_unchanged "containerd is running with this config"
fi
for _ in $(seq 1 30); do
  [ -S /run/containerd/containerd.sock ] && break
  sleep 1
done
[ -S /run/containerd/containerd.sock ] || kf_fail "containerd does not answer on /run/containerd/containerd.sock: see journalctl -u containerd"`;
  const body = String.raw`
sandbox_image=${singleQuote(release.sandboxImage)}
config=${CONTAINERD_CONFIG}
certs_dir=${CONTAINERD_CERTS_DIR}

# The package: the distribution's containerd, or Docker's containerd.io if that is what is there.
if dpkg-query -W -f='${"${Status}"}' containerd 2>/dev/null | grep -q 'ok installed'; then
  kf_unchanged "package containerd $(dpkg-query -W -f='${"${Version}"}' containerd) is installed"
elif dpkg-query -W -f='${"${Status}"}' containerd.io 2>/dev/null | grep -q 'ok installed'; then
  kf_unchanged "package containerd.io $(dpkg-query -W -f='${"${Version}"}' containerd.io) is installed"
else
  kf_run apt-get update
  kf_run apt-get install -y --no-install-recommends containerd
  kf_changed "package containerd $(dpkg-query -W -f='${"${Version}"}' containerd) installed"
fi
command -v containerd >/dev/null || kf_fail "containerd is installed but not on PATH"
${renderRegistryMirrors(kubernetes.registryMirrors)}

# The config: containerd's own defaults with exactly three edits, so that a second run compares equal.
containerd config default >"$kf_tmp/config.toml" 2>"$kf_tmp/config.err" || {
  sed 's/^/  stderr: /' "$kf_tmp/config.err" >&2
  kf_fail "containerd config default failed"
}
sed -i -E \
  -e 's/^([[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*)false/\1true/' \
  -e "s|^([[:space:]]*sandbox_image[[:space:]]*=[[:space:]]*)\".*\"|\\1\"$sandbox_image\"|" \
  -e ${CONFIG_PATH_EDIT} \
  "$kf_tmp/config.toml"
if ! grep -qE '^[[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*true' "$kf_tmp/config.toml" ||
  ! grep -qF "sandbox_image = \"$sandbox_image\"" "$kf_tmp/config.toml"; then
  kf_fail "the default config of containerd $(containerd --version | awk '{print $3}') has no SystemdCgroup/sandbox_image setting to edit: kube-fabric supports containerd 1.6 and 1.7"
fi
if ! grep -qxE "[[:space:]]*config_path = \"$certs_dir\"" "$kf_tmp/config.toml"; then
  kf_fail "the default config of containerd $(containerd --version | awk '{print $3}') has no config_path = \"\" under [plugins.\"io.containerd.grpc.v1.cri\".registry] to point at $certs_dir: kube-fabric supports containerd 1.6 and 1.7"
fi
config_changed=0
if [ -f "$config" ] && cmp -s "$kf_tmp/config.toml" "$config"; then
  kf_unchanged "$config: SystemdCgroup = true, sandbox_image = $sandbox_image, config_path = $certs_dir"
else
  if [ -f "$config" ] && [ ! -f "$config.before-kube-fabric" ]; then
    kf_run cp -p "$config" "$config.before-kube-fabric"
  fi
  kf_install_file "$kf_tmp/config.toml" "$config" 644 || true
  config_changed=1
  kf_changed "$config: SystemdCgroup = true, sandbox_image = $sandbox_image, config_path = $certs_dir"
fi
${service}
`;
  return bashScript("containerd", `containerd with SystemdCgroup and ${release.sandboxImage}`, body);
}
