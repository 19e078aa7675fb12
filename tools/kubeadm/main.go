// The kubeadm command of Kubernetes v1.28.15, unchanged (cmd/kubeadm/kubeadm.go).
package main

import (
	"k8s.io/kubernetes/cmd/kubeadm/app"
	kubeadmutil "k8s.io/kubernetes/cmd/kubeadm/app/util"
)

func main() {
	kubeadmutil.CheckErr(app.Run())
}
