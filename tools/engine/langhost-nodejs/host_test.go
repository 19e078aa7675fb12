package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func TestPackageDependencyReadsThePulumiField(t *testing.T) {
	dep, err := packageDependency(
		[]byte(`{"name":"@pulumi/command","version":"9.9.9","pulumi":{"resource":true,"name":"command","version":"1.2.1"}}`),
		nil)
	if err != nil {
		t.Fatal(err)
	}
	if dep.Name != "command" || dep.Version != "v1.2.1" || dep.Kind != "resource" {
		t.Fatalf("got %s %s %s, want resource command v1.2.1", dep.Kind, dep.Name, dep.Version)
	}
}

func TestPackageDependencyFallsBackToPackageNameAndVersion(t *testing.T) {
	dep, err := packageDependency([]byte(`{"name":"@pulumi/random","version":"4.1.0","pulumi":{"resource":true}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if dep.Name != "random" || dep.Version != "v4.1.0" {
		t.Fatalf("got %s %s, want random v4.1.0", dep.Name, dep.Version)
	}
}

func TestPackageDependencyIgnoresPackagesWithoutAResourcePlugin(t *testing.T) {
	for _, raw := range []string{
		`{"name":"ssh2","version":"1.17.0"}`,
		`{"name":"@pulumi/pulumi","version":"3.260.0","pulumi":{"comment":"deployment-time-only package"}}`,
	} {
		dep, err := packageDependency([]byte(raw), nil)
		if err != nil || dep != nil {
			t.Fatalf("%s: got %v, %v; want no plugin", raw, dep, err)
		}
	}
}

func TestPulumiPluginJSONWinsOverPackageJSON(t *testing.T) {
	dep, err := packageDependency(
		[]byte(`{"name":"x","version":"1.0.0","pulumi":{"resource":true,"name":"old"}}`),
		[]byte(`{"resource":true,"name":"new","version":"2.0.0","server":"https://example.invalid"}`))
	if err != nil {
		t.Fatal(err)
	}
	if dep.Name != "new" || dep.Version != "v2.0.0" || dep.Server != "https://example.invalid" {
		t.Fatalf("got %+v", dep)
	}
}

func TestRequiredPackagesWalksScopedAndNestedNodeModules(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("@pulumi/command/package.json", `{"name":"@pulumi/command","version":"1.2.1","pulumi":{"resource":true,"name":"command"}}`)
	write("lib/package.json", `{"name":"lib","version":"1.0.0"}`)
	write("lib/node_modules/@pulumi/random/package.json", `{"name":"@pulumi/random","version":"4.1.0","pulumi":{"resource":true}}`)
	write("dup/node_modules/@pulumi/command/package.json", `{"name":"@pulumi/command","version":"1.2.1","pulumi":{"resource":true,"name":"command"}}`)

	deps, err := requiredPackages(root)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, d := range deps {
		got = append(got, d.Name+"@"+d.Version)
	}
	if want := []string{"command@v1.2.1", "random@v4.1.0"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestBuildInvocationPutsFlagsBeforeTheProgram(t *testing.T) {
	req := &pulumirpc.RunRequest{
		Project: "p", Stack: "dev", Organization: "org", MonitorAddress: "127.0.0.1:1",
		DryRun: true, Parallel: 4, Args: []string{"extra"},
		Config:           map[string]string{"p:k": "v"},
		ConfigSecretKeys: []string{"p:k"},
		Info:             &pulumirpc.ProgramInfo{RootDirectory: "/r", ProgramDirectory: "/r/prog", EntryPoint: "."},
	}
	opts := runOptions{typescript: false, tsconfig: "tsconfig.pulumi.json", nodeargs: []string{"--max-old-space-size=512"}}
	inv, err := buildInvocation("/run.js", req, opts, "127.0.0.1:2", "")
	if err != nil {
		t.Fatal(err)
	}
	wantArgs := []string{
		"--max-old-space-size=512", "/run.js",
		"--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2", "--project", "p", "--stack", "dev",
		"--pwd", "/r/prog", "--parallel", "4", "--organization", "org", "--root-directory", "/r",
		"--dry-run", ".", "extra",
	}
	if !reflect.DeepEqual(inv.args, wantArgs) {
		t.Fatalf("args\n got %q\nwant %q", inv.args, wantArgs)
	}
	if inv.dir != "/r/prog" {
		t.Fatalf("dir %q, want /r/prog", inv.dir)
	}
	env := map[string]string{}
	for _, kv := range inv.env {
		for i := range kv {
			if kv[i] == '=' {
				env[kv[:i]] = kv[i+1:]
				break
			}
		}
	}
	var config map[string]string
	if err := json.Unmarshal([]byte(env["PULUMI_CONFIG"]), &config); err != nil || config["p:k"] != "v" {
		t.Fatalf("PULUMI_CONFIG %q", env["PULUMI_CONFIG"])
	}
	if env["PULUMI_CONFIG_SECRET_KEYS"] != `["p:k"]` || env["PULUMI_NODEJS_TYPESCRIPT"] != "false" ||
		env["PULUMI_NODEJS_TSCONFIG_PATH"] != "tsconfig.pulumi.json" {
		t.Fatalf("env %v", env)
	}
}

func TestRunOptionsRejectWrongTypesByName(t *testing.T) {
	if _, err := parseRunOptions(map[string]any{"typescript": "yes"}); err == nil {
		t.Fatal("typescript: \"yes\" accepted")
	}
	opts, err := parseRunOptions(map[string]any{})
	if err != nil || !opts.typescript {
		t.Fatalf("defaults: %+v %v, want typescript on", opts, err)
	}
}

func TestExitCodesMapToTheEnginesView(t *testing.T) {
	if r := runResult(0); r.Error != "" || r.Bail {
		t.Fatalf("0: %+v", r)
	}
	if r := runResult(exitCodeAfterLoggedError); !r.Bail || r.Error != "" {
		t.Fatalf("32: %+v", r)
	}
	if r := runResult(1); r.Error == "" || r.Bail {
		t.Fatalf("1: %+v", r)
	}
}
