// The etcd server of go.etcd.io/etcd/server/v3 v3.5.15, unchanged (the etcd repository's main.go).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
