// Step 1: is this a node kube-fabric can prepare? Ubuntu 22.04/24.04 or Debian 12 with apt (kubeadm
// supports them, pkgs.k8s.io serves them); anything else stops here with a clear error, before
// anything on the node is touched.

import { bashScript, singleQuote, StepScript } from "./script";

/** os-release ID → the VERSION_IDs kube-fabric prepares, with the name users know it by. */
export const SUPPORTED_NODE_OS = [
  { id: "ubuntu", name: "Ubuntu", versions: ["22.04", "24.04"] },
  { id: "debian", name: "Debian", versions: ["12"] },
] as const;

/** "Ubuntu 22.04/24.04 and Debian 12", for messages. */
export const SUPPORTED_NODE_OS_TEXT = SUPPORTED_NODE_OS.map((os) => `${os.name} ${os.versions.join("/")}`).join(" and ");

export interface OsCheckOptions {
  /** Where os-release lives; only tests point it elsewhere. */
  osReleasePath?: string;
}

export function renderOsCheck(options: OsCheckOptions = {}): StepScript {
  const osRelease = options.osReleasePath ?? "/etc/os-release";
  if (!/^\/[A-Za-z0-9._/-]+$/.test(osRelease)) throw new Error(`internal: os-release path '${osRelease}' must be a plain absolute path`);
  const accepted = SUPPORTED_NODE_OS.flatMap((os) => os.versions.map((version) => `${os.id}:${version}`));
  const body = `
os_release=${singleQuote(osRelease)}
[ -r "$os_release" ] || kf_fail "cannot read $os_release: kube-fabric supports ${SUPPORTED_NODE_OS_TEXT}"
# Read two fields without sourcing the file (it is data, not a script).
os_field() { sed -n "s/^$1=//p" "$os_release" | head -n 1 | tr -d '"'"'"; }
os_id=$(os_field ID)
os_version=$(os_field VERSION_ID)
os_pretty=$(os_field PRETTY_NAME)
case "$os_id:$os_version" in
  ${accepted.join("|")}) ;;
  *) kf_fail "this node runs \${os_pretty:-$os_id $os_version}; kube-fabric supports ${SUPPORTED_NODE_OS_TEXT}: reinstall the node with one of them" ;;
esac
command -v apt-get >/dev/null || kf_fail "apt-get is missing: kube-fabric installs packages with apt"
command -v dpkg-query >/dev/null || kf_fail "dpkg-query is missing: kube-fabric checks packages with dpkg"
case "$(uname -m)" in
  x86_64|aarch64) ;;
  *) kf_fail "this node is $(uname -m); the Kubernetes packages exist for x86_64 and aarch64 only" ;;
esac
kf_unchanged "os \${os_pretty:-$os_id $os_version} ($(uname -m)) is supported"
`;
  return bashScript("os-check", `refuse anything but ${SUPPORTED_NODE_OS_TEXT} before touching the node`, body);
}
