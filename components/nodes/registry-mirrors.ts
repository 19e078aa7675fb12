// containerd's registry hosts, in its documented layout (docs/hosts.md): one hosts.toml per
// registry in /etc/containerd/certs.d/<registry>/, naming the mirrors a pull tries before the
// registry itself. containerd reads them on every pull: changing one needs no restart.
// Part of the containerd step; the plan's topology.kubernetes.registryMirrors is the input.

import { RegistryMirrorPlan } from "../plan/plan-types";
import { singleQuote, writeFileHeredoc } from "./script";
import { plainHttpUrl, registryHost } from "./script-values";

export const CONTAINERD_CERTS_DIR = "/etc/containerd/certs.d";
/** The first line of every hosts.toml kube-fabric writes: only such files are ever removed. */
export const HOSTS_TOML_MARKER = "# kube-fabric: mirrors from topology.kubernetes.registryMirrors (removed when the registry leaves it)";

/** Where the registry itself answers: Docker Hub's images are served by registry-1.docker.io. */
export function registryServer(registry: string): string {
  return registry === "docker.io" ? "https://registry-1.docker.io" : `https://${registry}`;
}

export function renderHostsToml(mirror: RegistryMirrorPlan): string {
  const hosts = mirror.endpoints.flatMap((endpoint) => ["", `[host."${endpoint}"]`, '  capabilities = ["pull", "resolve"]']);
  return [HOSTS_TOML_MARKER, `server = "${registryServer(mirror.registry)}"`, ...hosts, ""].join("\n");
}

function checkedMirror(mirror: RegistryMirrorPlan): RegistryMirrorPlan {
  const field = "topology.kubernetes.registryMirrors";
  const registry = registryHost(field, mirror.registry);
  const endpoints = mirror.endpoints.map((endpoint, index) => plainHttpUrl(`${field}.${registry}[${index}]`, endpoint));
  return { registry, endpoints };
}

/**
 * The bash that installs each registry's hosts.toml and removes kube-fabric's files of registries
 * no longer listed, in $certs_dir (set by the step to CONTAINERD_CERTS_DIR).
 */
export function renderRegistryMirrors(mirrors: readonly RegistryMirrorPlan[]): string {
  const checked = mirrors.map(checkedMirror);
  const install = checked.map((mirror) =>
    [writeFileHeredoc('"$kf_tmp/hosts.toml"', renderHostsToml(mirror)), `install_hosts_toml ${singleQuote(mirror.registry)} ${singleQuote(mirror.endpoints.join(" "))}`].join("\n"),
  );
  // Space-delimited on both sides, so that `case` can look for " $registry ".
  const listed = ` ${checked.map((m) => `${m.registry} `).join("")}`;
  return String.raw`
# Registry mirrors: a hosts.toml per registry (containerd reads them per pull: no restart).
hosts_marker=${singleQuote(HOSTS_TOML_MARKER)}
mirrored_registries=${singleQuote(listed)}
${[...(checked.length > 0 ? [INSTALL_HOSTS_TOML] : []), ...install].join("\n")}
# A registry that left topology.kubernetes.registryMirrors: kube-fabric's hosts.toml goes, and
# what was there before kube-fabric comes back; files written by others are left alone.
for hosts_file in "$certs_dir"/*/hosts.toml; do
  [ -f "$hosts_file" ] || continue
  registry_dir=$(dirname "$hosts_file")
  registry=$(basename "$registry_dir")
  case "$mirrored_registries" in *" $registry "*) continue ;; esac
  [ "$(head -n 1 "$hosts_file")" = "$hosts_marker" ] || continue
  if [ -f "$hosts_file.before-kube-fabric" ]; then
    kf_run mv -f "$hosts_file.before-kube-fabric" "$hosts_file"
    kf_changed "$hosts_file restored to what it was before kube-fabric: $registry has no mirrors in topology.kubernetes.registryMirrors"
  else
    kf_run rm -f "$hosts_file"
    rmdir "$registry_dir" 2>/dev/null || true
    kf_changed "$hosts_file removed: $registry has no mirrors in topology.kubernetes.registryMirrors"
  fi
done`;
}

const INSTALL_HOSTS_TOML = String.raw`# install_hosts_toml REGISTRY MIRRORS: puts $kf_tmp/hosts.toml in place, keeping a file kube-fabric did not write.
install_hosts_toml() {
  local registry=$1 mirrors=$2
  local target="$certs_dir/$registry/hosts.toml"
  if [ -f "$target" ] && [ "$(head -n 1 "$target")" != "$hosts_marker" ] && [ ! -f "$target.before-kube-fabric" ]; then
    kf_run cp -p "$target" "$target.before-kube-fabric"
  fi
  if kf_install_file "$kf_tmp/hosts.toml" "$target" 644; then
    kf_changed "$target: $registry pulls from $mirrors first"
  else
    kf_unchanged "$target: $registry pulls from $mirrors first"
  fi
}`;
