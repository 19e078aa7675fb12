package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/crypto/ssh"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

const testURN = "urn:pulumi:dev::kube-fabric::kube-fabric:nodes:NodeBootstrap$command:remote:Command::k-master-os-check"

// recordingRunner stands in for SSH: it records each run and prints a canned answer.
type recordingRunner struct {
	mu     sync.Mutex
	runs   []runRequest
	stdout string
	stderr string
	fail   error
}

func (r *recordingRunner) run(_ context.Context, req runRequest, stdout, stderr io.Writer) error {
	r.mu.Lock()
	r.runs = append(r.runs, req)
	r.mu.Unlock()
	_, _ = io.WriteString(stdout, r.stdout)
	_, _ = io.WriteString(stderr, r.stderr)
	return r.fail
}

// recordingLogger keeps everything the provider sends to the engine.
type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) add(kind, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, kind+": "+msg)
}
func (l *recordingLogger) status(_ context.Context, _ resource.URN, line string) {
	l.add("status", line)
}
func (l *recordingLogger) warning(_ context.Context, _ resource.URN, msg string) {
	l.add("warning", msg)
}
func (l *recordingLogger) debug(_ context.Context, _ resource.URN, msg string) { l.add("debug", msg) }
func (l *recordingLogger) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func testServer(r runner) (*server, *recordingLogger) {
	log := &recordingLogger{}
	s := newServer(log)
	s.remote = r
	return s, log
}

// programInputs are what @pulumi/command 1.2.1 sends for our node steps: a secret
// connection (with a secret password), a secret stdin, create and logging.
func programInputs(t *testing.T) resource.PropertyMap {
	t.Helper()
	news := resource.NewPropertyMapFromMap(map[string]any{
		"connection": map[string]any{"host": "10.0.137.12", "user": "user", "hostKey": testHostKey, "dialErrorLimit": 4.0},
		"create":     "echo step",
		"delete":     "echo undo",
		"logging":    "stdoutAndStderr",
	})
	conn := news["connection"].ObjectValue()
	conn["password"] = resource.MakeSecret(resource.NewStringProperty("node-password"))
	news["connection"] = resource.MakeSecret(news["connection"])
	news["stdin"] = resource.MakeSecret(resource.NewStringProperty("node-password\n"))
	checked, failures := checkCommand(remoteCommandType, news)
	if len(failures) > 0 {
		t.Fatalf("fixture fails Check: %v", failures)
	}
	return checked
}

func mustMarshal(t *testing.T, props resource.PropertyMap) *structpb.Struct {
	t.Helper()
	out, err := marshal("test", props)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustUnmarshal(t *testing.T, props *structpb.Struct) resource.PropertyMap {
	t.Helper()
	out, err := unmarshal("test", props)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPreviewCreateRunsNothingAndDialsNothing(t *testing.T) {
	dials := 0
	s, _ := testServer(sshRunner{dial: func(context.Context, *connectionSpec, func(string)) (*ssh.Client, error) {
		dials++
		return nil, errors.New("preview must not dial")
	}})
	resp, err := s.Create(context.Background(), &pulumirpc.CreateRequest{
		Urn: testURN, Properties: mustMarshal(t, programInputs(t)), Preview: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if dials != 0 {
		t.Fatalf("preview dialled %d times", dials)
	}
	out := mustUnmarshal(t, resp.Properties)
	if !out["stdout"].IsComputed() || !out["stderr"].IsComputed() {
		t.Fatalf("preview must leave stdout/stderr unknown, got %v / %v", out["stdout"], out["stderr"])
	}
	if !out["connection"].IsSecret() || !out["stdin"].IsSecret() {
		t.Fatal("secret inputs must stay secret in the preview's outputs")
	}
}

func TestPreviewUpdateRunsNothingAndKeepsThePreviousOutput(t *testing.T) {
	r := &recordingRunner{}
	s, _ := testServer(r)
	olds := commandOutputs(programInputs(t), streamValue("old out", false), streamValue("", false))
	news := programInputs(t)
	news["create"] = resource.NewStringProperty("echo changed")
	resp, err := s.Update(context.Background(), &pulumirpc.UpdateRequest{
		Urn: testURN, Olds: mustMarshal(t, olds), News: mustMarshal(t, news), Preview: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.runs) != 0 {
		t.Fatalf("preview ran %d commands", len(r.runs))
	}
	if got, _ := stringOf(mustUnmarshal(t, resp.Properties), "stdout"); got != "old out" {
		t.Fatalf("stdout during preview = %q, want the previous run's", got)
	}
}

func TestCreateRunsCreateWithStdinAndKeepsSecretsSecret(t *testing.T) {
	r := &recordingRunner{stdout: "done\n", stderr: "note\n"}
	s, log := testServer(r)
	resp, err := s.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: mustMarshal(t, programInputs(t))})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.runs) != 1 || r.runs[0].command != "echo step" || *r.runs[0].spec.stdin != "node-password\n" {
		t.Fatalf("runs = %+v", r.runs)
	}
	if !strings.HasPrefix(resp.Id, "k-master-os-check") || len(resp.Id) != len("k-master-os-check")+8 {
		t.Fatalf("id %q: 1.2.1 ids are the resource name and 8 hex digits", resp.Id)
	}
	out := mustUnmarshal(t, resp.Properties)
	if got, _ := stringOf(out, "stdout"); got != "done" {
		t.Fatalf("stdout = %q (one trailing newline dropped, as 1.2.1)", got)
	}
	if out["stdout"].IsSecret() {
		t.Fatal("stdout of a plain create command is plain (additionalSecretOutputs is the program's choice)")
	}
	for _, key := range []resource.PropertyKey{"connection", "stdin"} {
		if !out[key].IsSecret() {
			t.Errorf("%s arrived secret and must be stored secret", key)
		}
	}
	if logged := log.all(); !strings.Contains(logged, "status: done") || strings.Contains(logged, "node-password") {
		t.Fatalf("engine log:\n%s", logged)
	}
}

func TestSecretCommandMakesSecretStreamsAndLogsNothing(t *testing.T) {
	r := &recordingRunner{stdout: "token-abc\n"}
	s, log := testServer(r)
	inputs := programInputs(t)
	inputs["create"] = resource.MakeSecret(resource.NewStringProperty("kubeadm token create"))
	resp, err := s.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: mustMarshal(t, inputs)})
	if err != nil {
		t.Fatal(err)
	}
	out := mustUnmarshal(t, resp.Properties)
	if !out["stdout"].IsSecret() || !out["stderr"].IsSecret() || !out["create"].IsSecret() {
		t.Fatal("output of a secret command must be secret")
	}
	if strings.Contains(log.all(), "token-abc") {
		t.Fatalf("secret output logged:\n%s", log.all())
	}
}

func TestLoggingStderrKeepsStdoutOutOfLogsAndErrors(t *testing.T) {
	exit := &ssh.ExitError{}
	r := &recordingRunner{stdout: "the-kubeconfig\n", stderr: "kubeadm: failed\n", fail: exit}
	s, log := testServer(r)
	inputs := programInputs(t)
	inputs["logging"] = resource.NewStringProperty("stderr")
	_, err := s.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: mustMarshal(t, inputs)})
	if err == nil {
		t.Fatal("a failing command must fail the create")
	}
	if !strings.Contains(err.Error(), "kubeadm: failed") || !strings.Contains(err.Error(), `running "echo step"`) {
		t.Fatalf("error should name the command and show its stderr: %v", err)
	}
	if strings.Contains(err.Error(), "the-kubeconfig") || strings.Contains(log.all(), "the-kubeconfig") {
		t.Fatalf("stdout leaked although logging is stderr: %v\n%s", err, log.all())
	}
}

func TestUpdateRunsUpdateOrElseCreateWithThePreviousOutput(t *testing.T) {
	olds := commandOutputs(programInputs(t), streamValue("v1", false), streamValue("w1", false))
	for _, tc := range []struct {
		name, update, want string
	}{
		{"with update", "echo update", "echo update"},
		{"without update", "", "echo changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recordingRunner{stdout: "v2"}
			s, _ := testServer(r)
			news := programInputs(t)
			news["create"] = resource.NewStringProperty("echo changed")
			if tc.update != "" {
				news["update"] = resource.NewStringProperty(tc.update)
			}
			resp, err := s.Update(context.Background(), &pulumirpc.UpdateRequest{
				Urn: testURN, Olds: mustMarshal(t, olds), News: mustMarshal(t, news),
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.runs) != 1 || r.runs[0].command != tc.want {
				t.Fatalf("ran %+v, want %q", r.runs, tc.want)
			}
			if r.runs[0].previousStdout != "v1" || r.runs[0].previousStderr != "w1" {
				t.Fatalf("previous output for PULUMI_COMMAND_*: %q %q", r.runs[0].previousStdout, r.runs[0].previousStderr)
			}
			if got, _ := stringOf(mustUnmarshal(t, resp.Properties), "stdout"); got != "v2" {
				t.Fatalf("stdout after update = %q", got)
			}
		})
	}
}

func TestDeleteRunsDeleteFromTheStateOnly(t *testing.T) {
	r := &recordingRunner{}
	s, _ := testServer(r)
	state := commandOutputs(programInputs(t), streamValue("created", false), streamValue("", false))
	if _, err := s.Delete(context.Background(), &pulumirpc.DeleteRequest{Urn: testURN, Properties: mustMarshal(t, state)}); err != nil {
		t.Fatal(err)
	}
	if len(r.runs) != 1 || r.runs[0].command != "echo undo" || r.runs[0].previousStdout != "created" {
		t.Fatalf("delete ran %+v", r.runs)
	}

	delete(state, "delete")
	r.runs = nil
	if _, err := s.Delete(context.Background(), &pulumirpc.DeleteRequest{Urn: testURN, Properties: mustMarshal(t, state)}); err != nil {
		t.Fatal(err)
	}
	if len(r.runs) != 0 {
		t.Fatalf("no delete command, yet ran %+v", r.runs)
	}
}

func TestReadReturnsTheStateAsItIs(t *testing.T) {
	s, _ := testServer(&recordingRunner{})
	state := mustMarshal(t, commandOutputs(programInputs(t), streamValue("x", false), streamValue("", false)))
	resp, err := s.Read(context.Background(), &pulumirpc.ReadRequest{Id: "id1", Urn: testURN, Properties: state})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Id != "id1" || resp.Properties != state {
		t.Fatalf("read changed the state: %+v", resp)
	}
}

func TestUnservedResourcesSayWhereTheRealPluginIs(t *testing.T) {
	s, _ := testServer(&recordingRunner{})
	_, err := s.Check(context.Background(), &pulumirpc.CheckRequest{
		Urn: "urn:pulumi:dev::p::command:remote:CopyToRemote::copy", News: mustMarshal(t, resource.PropertyMap{}),
	})
	if status.Code(err) != codes.Unimplemented || !strings.Contains(err.Error(), "pulumi plugin install resource command 1.2.1") {
		t.Fatalf("CopyToRemote: %v", err)
	}
}

func TestPluginInfoIsTheContractVersionMarkedAsOurs(t *testing.T) {
	s, _ := testServer(&recordingRunner{})
	info, err := s.GetPluginInfo(context.Background(), &emptypb.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != "1.2.1+kube-fabric.standin" {
		t.Fatalf("version %q", info.Version)
	}
	configured, err := s.Configure(context.Background(), &pulumirpc.ConfigureRequest{})
	if err != nil || !configured.SupportsPreview || !configured.AcceptSecrets {
		t.Fatalf("configure: %+v %v (preview support keeps the engine asking us, with preview=true)", configured, err)
	}
}
