// The CNI reference plugins calico/cni's image carries beside Calico's own (loopback, host-local,
// portmap, bandwidth, tuning), from github.com/containernetworking/plugins, unchanged. Calico builds
// them from its own fork of this repository (projectcalico/containernetworking-plugins, not served
// here); these are upstream's. Built by package path.
module kube-fabric/tools/cni-plugins

go 1.21

require (
	github.com/alexflint/go-filemutex v1.2.0 // indirect
	github.com/containernetworking/cni v1.1.2 // indirect
	github.com/containernetworking/plugins v1.4.0 // indirect
	github.com/coreos/go-iptables v0.7.0 // indirect
	github.com/mattn/go-shellwords v1.0.12 // indirect
	github.com/safchain/ethtool v0.3.0 // indirect
	github.com/vishvananda/netlink v1.2.1-beta.2 // indirect
	github.com/vishvananda/netns v0.0.4 // indirect
	golang.org/x/sys v0.15.0 // indirect
)
