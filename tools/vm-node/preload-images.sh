#!/bin/sh
# preload-images.sh BASE_IMG DEBS_DIR LAYOUT_DIR FILES_DIR OUT_IMG
# Writes OUT_IMG: the node image BASE_IMG with the container images of the OCI layout LAYOUT_DIR
# already in containerd's store (/var/lib/containerd, namespace k8s.io, unpacked for overlayfs) and
# the site's files of FILES_DIR (e.g. etc/resolv.conf) laid over its root, as a site's VM template
# carries them. containerd and ctr are the ones the nodes install (DEBS_DIR's
# containerd .deb), run here once against the mounted image: the VMs then start containerd on a
# store it wrote itself. A TCG guest pulling and unpacking a 100 MB image spends minutes at it.
# Needs root and a loop device. Everything it starts or mounts is gone when it exits.
set -eu
base=$1 debs=$2 layout=$3 files=$4 out=$5
for tool in mount umount dpkg-deb tar; do
  command -v "$tool" >/dev/null || { echo "preload-images: $tool is missing" >&2; exit 1; }
done
deb=$(ls "$debs"/containerd_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "preload-images: no containerd .deb in $debs" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kf-preload.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if mountpoint -q "$work/root"; then umount "$work/root"; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

cp --sparse=always "$base" "$out"
mkdir "$work/root" "$work/containerd" "$work/state"
mount -o loop "$out" "$work/root" || { echo "preload-images: cannot loop-mount $out (no loop device?)" >&2; exit 1; }
cp -R --no-preserve=ownership "$files/." "$work/root/"
dpkg-deb -x "$deb" "$work/containerd"
cat >"$work/config.toml" <<EOF
version = 2
root = "$work/root/var/lib/containerd"
state = "$work/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$work/state/containerd.sock"
EOF
"$work/containerd/usr/bin/containerd" --config "$work/config.toml" >"$work/containerd.log" 2>&1 &
pid=$!
tries=0
until [ -S "$work/state/containerd.sock" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
    tail -n 20 "$work/containerd.log" >&2
    echo "preload-images: containerd did not start" >&2
    exit 1
  fi
  sleep 0.1
done
(cd "$layout" && tar -chf - .) | "$work/containerd/usr/bin/ctr" --address "$work/state/containerd.sock" --namespace k8s.io images import --snapshotter overlayfs - >"$work/import.log" 2>&1 || {
  tail -n 20 "$work/import.log" "$work/containerd.log" >&2
  echo "preload-images: ctr images import failed" >&2
  exit 1
}
"$work/containerd/usr/bin/ctr" --address "$work/state/containerd.sock" --namespace k8s.io images list --quiet
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
