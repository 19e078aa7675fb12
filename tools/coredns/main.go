// CoreDNS v1.10.1, unchanged (the coredns repository's coredns.go): the cluster DNS image kubeadm
// 1.28 deploys, for the VM lab's image repository.
package main

import (
	_ "github.com/coredns/coredns/core/plugin" // Plug in CoreDNS.
	"github.com/coredns/coredns/coremain"
)

func main() {
	coremain.Run()
}
