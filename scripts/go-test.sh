#!/bin/sh
# Go unit tests of our own Go modules (the language host and the command provider stand-in).
set -eu
repo=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
for module in tools/engine/langhost-nodejs tools/engine/command-provider; do
  (cd "$repo/$module" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly "$GO" test -p 2 ./...)
done
