package main

import (
	"context"
	"fmt"

	pbempty "google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The lifecycle of command:remote:Command and command:local:Command, as in pulumi-command
// 1.2.1: create runs `create`; an update runs `update`, or `create` again when there is no
// `update`; a replacement (triggers changed) creates the new resource, then deletes the old
// one; delete runs `delete`. During a preview (req.Preview) nothing runs and nothing is
// dialled: the answer is built from the inputs alone.

func (s *server) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	token := typeOf(req.GetUrn())
	if _, err := s.runnerFor(token); err != nil {
		return nil, err
	}
	news, err := unmarshal("news", req.GetNews())
	if err != nil {
		return nil, err
	}
	checked, failures := checkCommand(token, news)
	inputs, err := marshal("checked inputs", checked)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CheckResponse{Inputs: inputs, Failures: failures}, nil
}

func (s *server) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	token := typeOf(req.GetUrn())
	if _, err := s.runnerFor(token); err != nil {
		return nil, err
	}
	olds, news, err := unmarshalOldsNews(req.GetOlds(), req.GetNews())
	if err != nil {
		return nil, err
	}
	return diffCommand(token, olds, news, req.GetIgnoreChanges())
}

func (s *server) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	urn := resource.URN(req.GetUrn())
	r, err := s.runnerFor(typeOf(req.GetUrn()))
	if err != nil {
		return nil, err
	}
	inputs, err := unmarshal("inputs", req.GetProperties())
	if err != nil {
		return nil, err
	}
	id, err := resource.NewUniqueHex(nameOf(req.GetUrn()), 8, 0)
	if err != nil {
		return nil, err
	}
	if req.GetPreview() {
		return createResponse(id, commandOutputs(inputs, unknownStream(), unknownStream()))
	}

	spec := specOf(inputs)
	var run commandRun
	if spec.create != nil {
		if run, err = s.runCommand(ctx, urn, r, *spec.create, spec.secretCreate, spec, "", ""); err != nil {
			return nil, err
		}
	}
	secret := streamsSecret(inputs)
	return createResponse(id, commandOutputs(inputs, streamValue(run.stdout, secret), streamValue(run.stderr, secret)))
}

func createResponse(id string, outputs resource.PropertyMap) (*pulumirpc.CreateResponse, error) {
	props, err := marshal("outputs", outputs)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

func (s *server) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	urn := resource.URN(req.GetUrn())
	r, err := s.runnerFor(typeOf(req.GetUrn()))
	if err != nil {
		return nil, err
	}
	olds, news, err := unmarshalOldsNews(req.GetOlds(), req.GetNews())
	if err != nil {
		return nil, err
	}
	// Until a command runs, the streams are the previous run's (1.2.1 keeps them in preview too).
	stdout, stderr := olds["stdout"], olds["stderr"]
	if stdout.IsNull() {
		stdout = resource.NewStringProperty("")
	}
	if stderr.IsNull() {
		stderr = resource.NewStringProperty("")
	}

	spec := specOf(news)
	command, commandSecret := spec.update, spec.secretUpdate
	if command == nil {
		command, commandSecret = spec.create, spec.secretCreate
	}
	if !req.GetPreview() && command != nil {
		previousStdout, previousStderr := previousStreams(olds)
		run, err := s.runCommand(ctx, urn, r, *command, commandSecret, spec, previousStdout, previousStderr)
		if err != nil {
			return nil, err
		}
		secret := streamsSecret(news)
		stdout, stderr = streamValue(run.stdout, secret), streamValue(run.stderr, secret)
	}
	props, err := marshal("outputs", commandOutputs(news, stdout, stderr))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

func (s *server) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*pbempty.Empty, error) {
	urn := resource.URN(req.GetUrn())
	r, err := s.runnerFor(typeOf(req.GetUrn()))
	if err != nil {
		return nil, err
	}
	state, err := unmarshal("state", req.GetProperties())
	if err != nil {
		return nil, err
	}
	spec := specOf(state)
	if spec.delete != nil {
		previousStdout, previousStderr := previousStreams(state)
		if _, err := s.runCommand(ctx, urn, r, *spec.delete, spec.secretDelete, spec, previousStdout, previousStderr); err != nil {
			return nil, fmt.Errorf("delete: %w", err)
		}
	}
	return &pbempty.Empty{}, nil
}

// Read (refresh, import) returns the state as it is: a command's effect cannot be read back.
func (s *server) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	if _, err := s.runnerFor(typeOf(req.GetUrn())); err != nil {
		return nil, err
	}
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}
