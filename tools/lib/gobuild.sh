# Shared by the tools' build scripts (sourced, POSIX sh): builds a Go binary from a module under
# tools/ into the kube-fabric cache, keyed by version, and rebuilds it only when the module's
# sources, go.mod/go.sum, the build flags or the Go toolchain change. Warm: a digest and a stat.
#
#   KUBE_FABRIC_CACHE   cache root (default $HOME/.cache/kube-fabric)
#   KUBE_FABRIC_SHARED  the shared folder that sits beside the clone (default <repo>/../shared);
#                       its third_party/ holds sources no registry here serves
#   GO                  go binary (default: go on PATH, else /usr/local/go/bin/go)
#   GOBUILD_TIME        set to a file to append `/usr/bin/time -v` figures of cold builds to it
#   GOBUILD_MODFILE     build with this go.mod instead of the module's own (a build script that
#                       replaces a module by a patched copy writes one; its path is part of the digest)
#
# The caller sets: tool (log prefix) before sourcing.

gobuild_fail() {
    echo "$tool: $*" >&2
    exit 1
}

gobuild_repo=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)
gobuild_cache_root=${KUBE_FABRIC_CACHE:-${HOME:?HOME is not set}/.cache/kube-fabric}
gobuild_shared=${KUBE_FABRIC_SHARED:-$gobuild_repo/../shared}

if [ -z "${GO:-}" ]; then
    GO=$(command -v go || true)
    [ -n "$GO" ] || GO=/usr/local/go/bin/go
fi
[ -x "$GO" ] || gobuild_fail "no Go toolchain at '$GO': install Go >= 1.26 or set GO=/path/to/go"

# No toolchain switch, no go.mod edits, no VCS stamping: the same bytes on every clone.
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false"

# gobuild_modfile MODULE_DIR: prints the go.mod to build with. A module whose go.mod replaces a
# module by a folder under ../shared/third_party (relative to the clone's layout) is built from a
# copy of its go.mod/go.sum in the cache with that path made absolute, when the clone does not sit
# beside the shared folder (a worktree elsewhere: set KUBE_FABRIC_SHARED).
gobuild_modfile() {
    gm_dir=$1
    gm_rel=$(sed -n 's#^[[:space:]]*[^[:space:]]* => \(\.\./[^[:space:]]*/third_party/[^[:space:]]*\)$#\1#p' "$gm_dir/go.mod" | head -n 1)
    if [ -z "$gm_rel" ] || [ -d "$gm_dir/$gm_rel" ]; then
        echo "$gm_dir/go.mod"
        return 0
    fi
    gm_sub=${gm_rel#*third_party/}
    gm_abs="$gobuild_shared/third_party/$gm_sub"
    [ -d "$gm_abs" ] || gobuild_fail "$gm_dir/go.mod replaces a module by $gm_rel, which is missing; put the shared folder beside the clone or set KUBE_FABRIC_SHARED=/path/to/shared (its third_party/$gm_sub)"
    gm_out="$gobuild_cache_root/modfiles/$(basename "$gm_dir")"
    mkdir -p "$gm_out"
    sed "s#=> $gm_rel\$#=> $(CDPATH='' cd -- "$gm_abs" && pwd)#" "$gm_dir/go.mod" >"$gm_out/go.mod.tmp.$$"
    mv -f "$gm_out/go.mod.tmp.$$" "$gm_out/go.mod"
    cp "$gm_dir/go.sum" "$gm_out/go.sum"
    echo "$gm_out/go.mod"
}

# gobuild_digest MODULE_DIR LDFLAGS [EXTRA_DIR]: a digest of the module's sources (embedded
# files included), of EXTRA_DIR's Go sources and go.mod (a replaced module), and of the settings.
gobuild_digest() {
    (
        cd "$1"
        find . -type f \( -name '*.go' ! -name '*_test.go' -o -name '*.json' -o -name go.mod -o -name go.sum \) |
            LC_ALL=C sort | xargs sha256sum
        if [ -n "${3:-}" ]; then
            (cd "$3" && find . -type f \( -name '*.go' ! -name '*_test.go' -o -name go.mod \) | LC_ALL=C sort | xargs sha256sum)
        fi
        echo "$2 $GOFLAGS $CGO_ENABLED ${GOBUILD_MODFILE:-} $("$GO" env GOVERSION GOOS GOARCH)"
    ) | sha256sum | cut -d' ' -f1
}

# gobuild NAME MODULE_DIR PACKAGE OUT_DIR LDFLAGS [EXTRA_DIR]: builds one binary into OUT_DIR
# unless it is current. Cold builds run at -p 2 (the machine is shared).
gobuild() {
    gb_name=$1 gb_dir=$2 gb_pkg=$3 gb_out=$4 gb_ld=$5 gb_extra=${6:-}
    gb_stamp="$gb_out/.$gb_name.inputs"
    gb_digest=$(gobuild_digest "$gb_dir" "$gb_ld" "$gb_extra")
    if [ -x "$gb_out/$gb_name" ] && [ -f "$gb_stamp" ] && [ "$(cat "$gb_stamp")" = "$gb_digest" ]; then
        echo "$tool: $gb_name is current ($gb_out)"
        return 0
    fi
    gb_modfile=${GOBUILD_MODFILE:-$(gobuild_modfile "$gb_dir")}
    echo "$tool: building $gb_name (a cold build takes minutes)"
    gb_start=$(date +%s)
    mkdir -p "$gb_out"
    if [ -n "${GOBUILD_TIME:-}" ] && [ -x /usr/bin/time ]; then
        (cd "$gb_dir" && /usr/bin/time -v -a -o "$GOBUILD_TIME" "$GO" build -modfile "$gb_modfile" -p 2 -trimpath \
            -ldflags "$gb_ld" -o "$gb_out/$gb_name.tmp.$$" "$gb_pkg")
    else
        (cd "$gb_dir" && "$GO" build -modfile "$gb_modfile" -p 2 -trimpath -ldflags "$gb_ld" -o "$gb_out/$gb_name.tmp.$$" "$gb_pkg")
    fi
    mv -f "$gb_out/$gb_name.tmp.$$" "$gb_out/$gb_name"
    echo "$gb_digest" >"$gb_stamp"
    echo "$tool: built $gb_name in $(($(date +%s) - gb_start))s"
}
