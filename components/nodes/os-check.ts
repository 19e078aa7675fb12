// Step 1: is this a node kube-fabric can prepare? Ubuntu 22.04 or 24.04 with apt; anything else
// stops here with a clear error, before anything on the node is touched.

import { bashScript, singleQuote, StepScript } from "./script";
import { TestOnlyRelaxations } from "./test-only";

export const SUPPORTED_UBUNTU = ["22.04", "24.04"] as const;

export interface OsCheckOptions {
  /** Where os-release lives; only tests point it elsewhere. */
  osReleasePath?: string;
  testOnly?: TestOnlyRelaxations;
}

export function renderOsCheck(options: OsCheckOptions = {}): StepScript {
  const osRelease = options.osReleasePath ?? "/etc/os-release";
  if (!/^\/[A-Za-z0-9._/-]+$/.test(osRelease)) throw new Error(`internal: os-release path '${osRelease}' must be a plain absolute path`);
  const debian = options.testOnly?.acceptDebian === true;
  const accepted = SUPPORTED_UBUNTU.map((v) => `ubuntu:${v}`).concat(debian ? ["debian:12"] : []);
  const body = `
os_release=${singleQuote(osRelease)}
[ -r "$os_release" ] || kf_fail "cannot read $os_release: kube-fabric supports Ubuntu ${SUPPORTED_UBUNTU.join(" and ")} only"
# Read two fields without sourcing the file (it is data, not a script).
os_field() { sed -n "s/^$1=//p" "$os_release" | head -n 1 | tr -d '"'"'"; }
os_id=$(os_field ID)
os_version=$(os_field VERSION_ID)
os_pretty=$(os_field PRETTY_NAME)
case "$os_id:$os_version" in
  ${accepted.join("|")}) ;;
  *) kf_fail "this node runs \${os_pretty:-$os_id $os_version}; kube-fabric supports Ubuntu ${SUPPORTED_UBUNTU.join(" and ")} only: reinstall the node with one of them" ;;
esac
${debian ? `[ "$os_id" != debian ] || kf_note 'test-only: Debian accepted for the test nodes; real nodes must run Ubuntu'` : ""}
command -v apt-get >/dev/null || kf_fail "apt-get is missing: kube-fabric installs packages with apt"
command -v dpkg-query >/dev/null || kf_fail "dpkg-query is missing: kube-fabric checks packages with dpkg"
case "$(uname -m)" in
  x86_64|aarch64) ;;
  *) kf_fail "this node is $(uname -m); the Kubernetes packages exist for x86_64 and aarch64 only" ;;
esac
kf_unchanged "os \${os_pretty:-$os_id $os_version} ($(uname -m)) is supported"
`;
  return bashScript("os-check", "refuse anything but Ubuntu 22.04/24.04 before touching the node", body);
}
