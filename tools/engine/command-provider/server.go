package main

import (
	"context"
	pbempty "google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// server is the ResourceProvider gRPC service the engine talks to. Provider-level calls
// are here; the command resources' lifecycle is in lifecycle.go.
type server struct {
	pulumirpc.UnimplementedResourceProviderServer

	log    engineLogger
	remote runner
	local  runner
	// cancelled is done once the engine asks us to cancel: running commands are stopped.
	cancelled context.Context
	cancel    context.CancelFunc
}

func newServer(log engineLogger) *server {
	ctx, cancel := context.WithCancel(context.Background())
	return &server{
		log:       log,
		remote:    sshRunner{dial: dialSSH},
		local:     localRunner{},
		cancelled: ctx,
		cancel:    cancel,
	}
}

func (s *server) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pluginVersion}, nil
}

func (s *server) GetSchema(_ context.Context, req *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	if req.GetVersion() > 0 {
		return nil, status.Errorf(codes.InvalidArgument, "schema version %d is not served (only 0)", req.GetVersion())
	}
	return &pulumirpc.GetSchemaResponse{Schema: schemaJSON}, nil
}

// The provider has no configuration: whatever the engine sends (its `version`) is accepted.
func (s *server) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (s *server) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, news, err := unmarshalOldsNews(req.GetOlds(), req.GetNews())
	if err != nil {
		return nil, err
	}
	changes := pulumirpc.DiffResponse_DIFF_NONE
	if !olds.DeepEquals(news) {
		changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	return &pulumirpc.DiffResponse{Changes: changes}, nil
}

func (s *server) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	// SupportsPreview: the engine calls Create/Update with preview=true, and we answer
	// without running anything (see lifecycle.go).
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

func (s *server) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	return nil, status.Errorf(codes.Unimplemented, "%s is not served by kube-fabric's stand-in for the command plugin; %s",
		req.GetTok(), realPluginHint)
}

// Cancel stops every command still running; the engine sends it on Ctrl-C.
func (s *server) Cancel(context.Context, *pbempty.Empty) (*pbempty.Empty, error) {
	s.cancel()
	return &pbempty.Empty{}, nil
}

// runnerFor a served resource type, or an error naming what is not served.
func (s *server) runnerFor(token string) (runner, error) {
	switch token {
	case remoteCommandType:
		return s.remote, nil
	case localCommandType:
		return s.local, nil
	case copyToRemoteType, copyFileType:
		return nil, status.Errorf(codes.Unimplemented, "%s is not served by kube-fabric's stand-in for the command plugin; %s",
			token, realPluginHint)
	default:
		return nil, status.Errorf(codes.InvalidArgument, "unknown resource type %s (the command plugin serves command:remote:Command "+
			"and command:local:Command here)", token)
	}
}

func typeOf(urn string) string {
	u := resource.URN(urn)
	if !u.IsValid() {
		return ""
	}
	return string(u.Type())
}

func nameOf(urn string) string {
	u := resource.URN(urn)
	if !u.IsValid() {
		return "command"
	}
	return u.Name()
}
