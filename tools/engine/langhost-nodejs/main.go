// Command pulumi-language-nodejs is the Node.js language host the Pulumi engine
// starts for projects with `runtime: nodejs`. It serves the LanguageRuntime gRPC
// service, prints its port on stdout (the plugin handshake), and runs programs
// with the @pulumi/pulumi runtime found in the program's node_modules.
// Why this is ours and not upstream's: tools/engine/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

func main() {
	if err := serve(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func serve(argv []string) error {
	// The engine passes optional logging and tracing flags, then its own address last.
	flags := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	tracing := flags.String("tracing", "", "Zipkin-compatible endpoint for tracing")
	logToStderr := flags.Bool("logtostderr", false, "log to stderr")
	verbose := flags.Int("v", 0, "log verbosity")
	// Accepted so that engines passing upstream's legacy flags still start us; runtime
	// options (typescript, tsconfig, nodeargs) arrive per request in ProgramInfo.Options.
	flags.Bool("typescript", true, "legacy, ignored")
	flags.String("root", "", "legacy, ignored")
	flags.String("tsconfig", "", "legacy, ignored")
	flags.String("nodeargs", "", "legacy, ignored")
	flags.String("packagemanager", "", "legacy, ignored")
	if err := flags.Parse(argv); err != nil {
		return err
	}
	logging.InitLogging(*logToStderr, *verbose, false)
	if flags.NArg() < 1 {
		return fmt.Errorf("missing the engine address argument (this binary is started by the pulumi CLI)")
	}
	engineAddress := flags.Arg(0)

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	// Stop when the engine goes away, so that no host outlives the CLI that started it.
	if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
		return fmt.Errorf("watching the engine at %s: %w", engineAddress, err)
	}
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stop)
	}()

	host := newHost(engineAddress, *tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		return fmt.Errorf("serving the language runtime: %w", err)
	}
	fmt.Printf("%d\n", handle.Port)
	return <-handle.Done
}
