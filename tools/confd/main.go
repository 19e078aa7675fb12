// Calico's confd, as calico-node runs it (confd/cmd of github.com/projectcalico/calico, without
// the calico-node wrapper): configuration from the environment (DATASTORE_TYPE, NODENAME,
// KUBECONFIG) and -confdir; renders BIRD's configuration from the datastore continuously.
package main

import (
	"flag"
	"fmt"
	"os"

	log "github.com/sirupsen/logrus"

	"github.com/projectcalico/calico/confd/pkg/buildinfo"
	"github.com/projectcalico/calico/confd/pkg/config"
	"github.com/projectcalico/calico/confd/pkg/run"
)

func main() {
	printVersion := flag.Bool("version", false, "print version and exit")
	flag.Parse()
	if *printVersion {
		fmt.Printf("confd %s\n", buildinfo.GitVersion)
		os.Exit(0)
	}
	c, err := config.InitConfig(false)
	if err != nil {
		log.Fatal(err.Error())
	}
	log.Infof("Config: %#v", c)
	run.Run(c)
}
