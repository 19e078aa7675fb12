// Step 6: kubeadm, kubelet and kubectl of exactly the planned release, from the package repository
// the plan names (pkgs.k8s.io of the release's minor, as the reference lab did, or the site's own:
// topology.kubernetes.packageRepository), then held so that apt never moves them.

import { KubernetesPlan } from "../plan/plan-types";
import { kubernetesReleaseFacts } from "./kube-versions";
import { bashScript, singleQuote, StepScript } from "./script";
import { plainHttpUrl } from "./script-values";

export const KUBERNETES_KEYRING = "/etc/apt/keyrings/kubernetes-apt-keyring.gpg";
/** Beside the keyring: the keyUrl it was fetched from, so that a changed keyUrl fetches the key again. */
export const KUBERNETES_KEYRING_SOURCE = "/etc/apt/keyrings/kubernetes-apt-keyring.source";
export const KUBERNETES_SOURCES = "/etc/apt/sources.list.d/kubernetes.list";
export const KUBERNETES_PACKAGES = ["kubeadm", "kubelet", "kubectl"] as const;

export function renderKubePackages(kubernetes: Pick<KubernetesPlan, "version" | "packageRepository">): StepScript {
  const release = kubernetesReleaseFacts(kubernetes.version);
  const repository = plainHttpUrl("topology.kubernetes.packageRepository.url", kubernetes.packageRepository.url);
  const keyUrl = plainHttpUrl("topology.kubernetes.packageRepository.keyUrl", kubernetes.packageRepository.keyUrl);
  const body = String.raw`
version=${singleQuote(release.version)}
repository=${singleQuote(repository)}
key_url=${singleQuote(keyUrl)}
keyring=${KUBERNETES_KEYRING}
keyring_source=${KUBERNETES_KEYRING_SOURCE}
sources=${KUBERNETES_SOURCES}
packages="${KUBERNETES_PACKAGES.join(" ")}"
updated=0
apt_update() {
  if [ "$updated" = 0 ]; then kf_run apt-get update; updated=1; fi
}
# dpkg-query fails for a package dpkg has never heard of (kubeadm on a fresh node): not installed.
installed_version() { { dpkg-query -W -f='${"${Status} ${Version}"}' "$1" 2>/dev/null || true; } | awk '$3 == "installed" {print $4}'; }

# A node that is in a cluster is never moved to another release by reinstalling packages: that
# skips kubeadm upgrade and breaks the version skew policy. kube-fabric refuses; nothing is changed.
installed_kubeadm=$(installed_version kubeadm)
if [ -n "$installed_kubeadm" ] && [ "${"${installed_kubeadm%%-*}"}" != "$version" ] &&
  { [ -f /etc/kubernetes/kubelet.conf ] || [ -f /etc/kubernetes/admin.conf ]; }; then
  kf_fail "this node is in a cluster with kubeadm ${"${installed_kubeadm%%-*}"}; topology.kubernetes.version is $version. kube-fabric does not upgrade or downgrade a running cluster (that is kubeadm upgrade: control plane first, then one drained worker at a time): set topology.kubernetes.version back to ${"${installed_kubeadm%%-*}"}, or pulumi destroy and create the cluster again"
fi


# What fetching the repository key needs.
missing=""
for tool in curl:curl gpg:gpg update-ca-certificates:ca-certificates; do
  command -v "${"${tool%%:*}"}" >/dev/null || missing="$missing ${"${tool#*:}"}"
done
if [ -n "$missing" ]; then
  apt_update
  # shellcheck disable=SC2086 # one word per package
  kf_run apt-get install -y --no-install-recommends $missing
  kf_changed "packages installed:$missing"
else
  kf_unchanged "curl, gpg and ca-certificates are installed"
fi

# The key, fetched again when the record beside it names another keyUrl (or there is no record).
printf '# kube-fabric fetched %s from %s\n' "$keyring" "$key_url" >"$kf_tmp/keyring.source"
key_changed=0
if [ -s "$keyring" ] && cmp -s "$kf_tmp/keyring.source" "$keyring_source"; then
  kf_unchanged "$keyring holds the key from $key_url"
else
  kf_run curl -fsSL --retry 3 --max-time 60 -o "$kf_tmp/Release.key" "$key_url"
  kf_run gpg --batch --yes --dearmor -o "$kf_tmp/keyring.gpg" "$kf_tmp/Release.key"
  kf_run mkdir -p -m 755 "$(dirname "$keyring")"
  kf_install_file "$kf_tmp/keyring.gpg" "$keyring" 644 || true
  # The record last: a step stopped in between fetches the key again.
  kf_install_file "$kf_tmp/keyring.source" "$keyring_source" 644 || true
  key_changed=1
  kf_changed "$keyring holds the key from $key_url"
fi

printf 'deb [signed-by=%s] %s /\n' "$keyring" "$repository" >"$kf_tmp/kubernetes.list"
sources_changed=0
if kf_install_file "$kf_tmp/kubernetes.list" "$sources" 644; then
  sources_changed=1
  kf_changed "$sources points at $repository"
else
  kf_unchanged "$sources points at $repository"
fi
# A new repository or key: its package lists now, so that an unreachable mirror or a wrong key fails here.
# (Again if apt-get update ran for curl or gpg above: those lists do not know this repository.)
if [ "$sources_changed" = 1 ] || [ "$key_changed" = 1 ]; then
  updated=0
  apt_update
fi

# The packages, at exactly this release.
wanted=""
for package in $packages; do
  current=$(installed_version "$package")
  case "$current" in
    "$version"-*) kf_unchanged "package $package $current is installed" ;;
    *) wanted="$wanted $package" ;;
  esac
done
if [ -n "$wanted" ]; then
  apt_update
  candidate=$(apt-cache madison kubeadm | awk -v v="$version" '$3 ~ "^" v "-" {print $3; exit}')
  [ -n "$candidate" ] || kf_fail "$repository has no kubeadm $version: pick a release it has (apt-cache madison kubeadm)"
  specs=""
  for package in $wanted; do specs="$specs $package=$candidate"; done
  # shellcheck disable=SC2086 # one word per package
  kf_run apt-get install -y --allow-downgrades --allow-change-held-packages $specs
  kf_changed "packages installed at $candidate:$wanted"
fi

held=$(apt-mark showhold)
for package in $packages; do
  if printf '%s\n' "$held" | grep -qxF "$package"; then
    kf_unchanged "package $package is held"
  else
    kf_run apt-mark hold "$package"
    kf_changed "package $package is held"
  fi
done
`;
  return bashScript("kube-packages", `kubeadm, kubelet and kubectl ${release.version} from ${repository}, held`, body);
}
