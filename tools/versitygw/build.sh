#!/bin/sh
# Builds Versity's S3 gateway v1.8.0 (github.com/versity/versitygw/cmd/versitygw) into
# ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/versitygw/v1.8.0/, once; later runs reuse it (seconds).
# test/team runs it with its posix backend on 127.0.0.1 as the team's S3 state backend.
# Prints the binary's path on its last line. Built by package path (go.mod's tool line).
set -eu
tool=versitygw
version=v1.8.0
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "github.com/versity/versitygw $version\( \|$\)" "$here/go.mod" || gobuild_fail "tools/versitygw/go.mod does not require github.com/versity/versitygw $version: bump both together"
out="$gobuild_cache_root/versitygw/$version"
gobuild versitygw "$here" github.com/versity/versitygw/cmd/versitygw "$out" "-s -w -X main.Version=$version -X main.Build=$version -X main.BuildTime=none" >&2
"$out/versitygw" --version 2>&1 | grep -q "Version  : $version\$" || gobuild_fail "$out/versitygw does not report version $version"
echo "$out/versitygw"
