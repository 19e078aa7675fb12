package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// Create, update and delete of command:remote:Command for real, over SSH to an OpenSSH sshd
// this test starts on 127.0.0.1, through the provider's gRPC methods (what the engine calls).

func sshInputs(t *testing.T, sshd *testSSHD, hostKey string, fields map[string]any) *structpb.Struct {
	t.Helper()
	props := resource.NewPropertyMapFromMap(fields)
	conn := resource.NewPropertyMapFromMap(map[string]any{
		"host": "127.0.0.1", "port": float64(sshd.port), "user": sshd.user, "hostKey": hostKey,
		"perDialTimeout": 10.0, "dialErrorLimit": 3.0,
	})
	conn["privateKey"] = resource.MakeSecret(resource.NewStringProperty(sshd.privateKey))
	props["connection"] = resource.MakeSecret(resource.NewObjectProperty(conn))
	checked, failures := checkCommand(remoteCommandType, props)
	if len(failures) > 0 {
		t.Fatalf("inputs fail Check: %v", failures)
	}
	return mustMarshal(t, checked)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(b)
}

func TestRemoteCommandCreateUpdateDeleteOverOpenSSH(t *testing.T) {
	sshd := startSSHD(t)
	dir := t.TempDir()
	s, log := testServer(sshRunner{dial: dialSSH})
	ctx := context.Background()
	fields := map[string]any{
		"create":      "cd " + dir + " && cat > created.txt && echo \"made $KF_TEST_NAME\" && echo warned >&2",
		"update":      "echo \"previous=$PULUMI_COMMAND_STDOUT\" > " + dir + "/update.txt && echo updated",
		"delete":      "echo \"$PULUMI_COMMAND_STDOUT\" > " + dir + "/deleted.txt && rm " + dir + "/created.txt",
		"stdin":       "from stdin\n",
		"environment": map[string]any{"KF_TEST_NAME": "node-1"},
	}

	created, err := s.Create(ctx, &pulumirpc.CreateRequest{Urn: testURN, Properties: sshInputs(t, sshd, sshd.hostKey, fields)})
	if err != nil {
		t.Fatalf("create: %v\nsshd log:\n%s", err, readFile(t, sshd.logFile))
	}
	state := mustUnmarshal(t, created.Properties)
	if got := readFile(t, filepath.Join(dir, "created.txt")); got != "from stdin\n" {
		t.Fatalf("stdin reached the command as %q", got)
	}
	if out, _ := stringOf(state, "stdout"); out != "made node-1" {
		t.Fatalf("stdout = %q (environment KF_TEST_NAME must reach the command)", out)
	}
	if errOut, _ := stringOf(state, "stderr"); errOut != "warned" {
		t.Fatalf("stderr = %q", errOut)
	}
	if logged := log.all(); !strings.Contains(logged, "status: made node-1") || !strings.Contains(logged, "debug: dialing 127.0.0.1:") {
		t.Fatalf("the engine log should show the dial and the output:\n%s", logged)
	}

	fields["update"] = fields["update"].(string) + " " // an input change: the update command runs
	updated, err := s.Update(ctx, &pulumirpc.UpdateRequest{
		Urn: testURN, Olds: created.Properties, News: sshInputs(t, sshd, sshd.hostKey, fields),
	})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if got := readFile(t, filepath.Join(dir, "update.txt")); got != "previous=made node-1\n" {
		t.Fatalf("update saw PULUMI_COMMAND_STDOUT as %q", got)
	}

	if _, err := s.Delete(ctx, &pulumirpc.DeleteRequest{Urn: testURN, Properties: updated.Properties}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "created.txt")); !os.IsNotExist(err) {
		t.Fatalf("delete did not remove created.txt: %v", err)
	}
	if got := readFile(t, filepath.Join(dir, "deleted.txt")); got != "updated\n" {
		t.Fatalf("delete saw PULUMI_COMMAND_STDOUT as %q", got)
	}
}

func TestHostKeyMismatchIsFatalAtOnceAndRunsNothing(t *testing.T) {
	sshd := startSSHD(t)
	dir := t.TempDir()
	s, log := testServer(sshRunner{dial: dialSSH})
	impostor := newKeyPair(t, "not-this-server").publicLine
	inputs := sshInputs(t, sshd, impostor, map[string]any{"create": "touch " + dir + "/ran"})

	started := time.Now()
	_, err := s.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: inputs})
	if err == nil || !strings.Contains(err.Error(), "host key mismatch for 127.0.0.1:") {
		t.Fatalf("create against another host key: %v", err)
	}
	if attempts := strings.Count(log.all(), "debug: dialing"); attempts != 1 {
		t.Fatalf("a mismatch must not be retried; %d dial attempts:\n%s", attempts, log.all())
	}
	if elapsed := time.Since(started); elapsed > 5*time.Second {
		t.Fatalf("a mismatch must fail at once, took %v", elapsed)
	}
	if _, statErr := os.Stat(filepath.Join(dir, "ran")); !os.IsNotExist(statErr) {
		t.Fatal("the command ran on a host whose key did not match")
	}
}

func TestFailingRemoteCommandReportsStatusCommandAndOutput(t *testing.T) {
	sshd := startSSHD(t)
	s, _ := testServer(sshRunner{dial: dialSSH})
	inputs := sshInputs(t, sshd, sshd.hostKey, map[string]any{"create": "echo visible; echo broken >&2; exit 3"})
	_, err := s.Create(context.Background(), &pulumirpc.CreateRequest{Urn: testURN, Properties: inputs})
	if err == nil {
		t.Fatal("exit 3 must fail the create")
	}
	for _, want := range []string{"status 3", `running "echo visible; echo broken >&2; exit 3"`, "visible", "broken"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q: %v", want, err)
		}
	}
}

func TestDialErrorLimitCountsFailedDials(t *testing.T) {
	port := freeLoopbackPort(t) // closed again: every dial is refused
	for _, tc := range []struct{ limit, dials int }{{0, 1}, {2, 3}} {
		var attempts []string
		c := &connectionSpec{host: "127.0.0.1", port: port, user: "nobody", privateKey: ptr(newKeyPair(t, "k").privatePEM),
			perDialTimeoutSeconds: 5, dialErrorLimit: tc.limit}
		_, err := dialSSH(context.Background(), c, func(msg string) { attempts = append(attempts, msg) })
		if err == nil || !strings.Contains(err.Error(), "connection refused") {
			t.Fatalf("limit %d: %v", tc.limit, err)
		}
		if len(attempts) != tc.dials {
			t.Fatalf("dialErrorLimit %d allows %d failed dials before giving up; made %d: %v", tc.limit, tc.dials, len(attempts), attempts)
		}
	}
}

func TestPerDialTimeoutBoundsASilentServer(t *testing.T) {
	// Accepts TCP and never says a word: only the per-dial timeout ends the handshake.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	c := &connectionSpec{host: "127.0.0.1", port: l.Addr().(*net.TCPAddr).Port, user: "nobody",
		privateKey: ptr(newKeyPair(t, "k").privatePEM), perDialTimeoutSeconds: 1, dialErrorLimit: 0}
	started := time.Now()
	_, err = dialSSH(context.Background(), c, func(string) {})
	if err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("silent server: %v", err)
	}
	if elapsed := time.Since(started); elapsed < time.Second || elapsed > 4*time.Second {
		t.Fatalf("perDialTimeout 1 s, yet the dial took %v", elapsed)
	}
}

func ptr(s string) *string { return &s }
