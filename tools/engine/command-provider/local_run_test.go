package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

const localURN = "urn:pulumi:dev::p::command:local:Command::marker"

func localCommandInputs(t *testing.T, fields map[string]any) *structpb.Struct {
	t.Helper()
	checked, failures := checkCommand(localCommandType, resource.NewPropertyMapFromMap(fields))
	if len(failures) > 0 {
		t.Fatalf("inputs fail Check: %v", failures)
	}
	return mustMarshal(t, checked)
}

func TestLocalCommandCreateUpdateDelete(t *testing.T) {
	dir := t.TempDir()
	s, _ := testServer(&recordingRunner{})
	ctx := context.Background()
	fields := map[string]any{
		"dir":         dir,
		"create":      "cat > marker && echo \"$KF_TEST_NAME in $(pwd)\"",
		"update":      "echo \"previous=$PULUMI_COMMAND_STDOUT\"",
		"delete":      "rm marker",
		"stdin":       "content",
		"environment": map[string]any{"KF_TEST_NAME": "local"},
	}
	created, err := s.Create(ctx, &pulumirpc.CreateRequest{Urn: localURN, Properties: localCommandInputs(t, fields)})
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dir, "marker")); got != "content" {
		t.Fatalf("marker = %q", got)
	}
	if out, _ := stringOf(mustUnmarshal(t, created.Properties), "stdout"); out != "local in "+dir {
		t.Fatalf("stdout = %q: the command runs with /bin/sh -c in dir, with environment", out)
	}

	fields["update"] = fields["update"].(string) + " "
	updated, err := s.Update(ctx, &pulumirpc.UpdateRequest{Urn: localURN, Olds: created.Properties, News: localCommandInputs(t, fields)})
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := stringOf(mustUnmarshal(t, updated.Properties), "stdout"); out != "previous=local in "+dir {
		t.Fatalf("update stdout = %q", out)
	}

	if _, err := s.Delete(ctx, &pulumirpc.DeleteRequest{Urn: localURN, Properties: updated.Properties}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "marker")); !os.IsNotExist(err) {
		t.Fatalf("delete left the marker: %v", err)
	}
}
