package main

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const testHostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOaZ3TPUb1QgbSbbpcgK2vM4q4vNYU2dK+/T4HbaD8Kv"

func remoteInputsWith(connection map[string]any, extra map[string]any) resource.PropertyMap {
	m := map[string]any{"connection": connection, "create": "uname -a"}
	for k, v := range extra {
		m[k] = v
	}
	return resource.NewPropertyMapFromMap(m)
}

func failureFor(t *testing.T, failures checkFailures, property string) string {
	t.Helper()
	for _, f := range failures {
		if f.Property == property {
			return f.Reason
		}
	}
	t.Fatalf("no check failure for %s; got %v", property, failures)
	return ""
}

func TestCheckAppliesThe121DefaultsInsideTheSecretConnection(t *testing.T) {
	news := remoteInputsWith(map[string]any{"host": "10.0.137.12"}, nil)
	news["connection"] = resource.MakeSecret(news["connection"])

	checked, failures := checkCommand(remoteCommandType, news)
	if len(failures) > 0 {
		t.Fatalf("unexpected failures: %v", failures)
	}
	if !checked["connection"].IsSecret() {
		t.Fatal("the connection arrived secret and must stay secret after defaults")
	}
	conn := unsecret(checked["connection"]).ObjectValue()
	want := map[string]any{"host": "10.0.137.12", "port": 22.0, "user": "root", "perDialTimeout": 15.0, "dialErrorLimit": 10.0}
	if got := conn.Mappable(); !equalMaps(got, want) {
		t.Fatalf("connection after Check = %v, want %v", got, want)
	}
	if v, ok := boolOf(checked, "addPreviousOutputInEnv"); !ok || !v {
		t.Fatalf("addPreviousOutputInEnv defaults to true in 1.2.1, got %v", checked["addPreviousOutputInEnv"])
	}
}

func TestCheckKeepsWhatTheProgramGave(t *testing.T) {
	news := remoteInputsWith(map[string]any{
		"host": "h", "port": 2222.0, "user": "kube", "perDialTimeout": 0.0, "dialErrorLimit": -1.0, "hostKey": testHostKey,
	}, map[string]any{"addPreviousOutputInEnv": false, "logging": "stderr"})
	checked, failures := checkCommand(remoteCommandType, news)
	if len(failures) > 0 {
		t.Fatalf("unexpected failures: %v", failures)
	}
	spec := specOf(checked)
	c := spec.connection
	if c.port != 2222 || c.user != "kube" || c.perDialTimeoutSeconds != 0 || c.dialErrorLimit != -1 || *c.hostKey != testHostKey {
		t.Fatalf("connection spec = %+v", c)
	}
	if spec.addPreviousOutputInEnv || spec.logging != (outputLogging{stderr: true}) {
		t.Fatalf("spec = %+v", spec)
	}
}

func TestCheckNamesEveryBadFieldWithoutEchoingItsValue(t *testing.T) {
	const password = "s3cret-password-value"
	news := remoteInputsWith(map[string]any{
		"port": 70000.0, "password": password, "hostKey": "not-a-key " + password, "dialErrorLimit": 1.5, "color": "red",
	}, map[string]any{"logging": "everything", "environment": map[string]any{"A": 1.0}, "bogus": true})
	_, failures := checkCommand(remoteCommandType, news)

	for property, wantWords := range map[string]string{
		"connection.host":           "missing required property 'host'",
		"connection.port":           "from 1 to 65535",
		"connection.hostKey":        "not an OpenSSH public key line",
		"connection.dialErrorLimit": "whole number",
		"connection.color":          "no property 'color'",
		"logging":                   "stdout, stderr, stdoutAndStderr, none",
		"environment.A":             "must be a string",
		"bogus":                     "no input property 'bogus'",
	} {
		if reason := failureFor(t, failures, property); !strings.Contains(reason, wantWords) {
			t.Errorf("%s: reason %q does not say %q", property, reason, wantWords)
		}
	}
	for _, f := range failures {
		if strings.Contains(f.Reason, password) {
			t.Errorf("%s: reason echoes the password: %q", f.Property, f.Reason)
		}
	}
}

func TestCheckRequiresAConnectionForRemoteOnly(t *testing.T) {
	_, failures := checkCommand(remoteCommandType, resource.NewPropertyMapFromMap(map[string]any{"create": "true"}))
	failureFor(t, failures, "connection")

	_, failures = checkCommand(localCommandType, resource.NewPropertyMapFromMap(map[string]any{"create": "true", "dir": "/tmp"}))
	if len(failures) > 0 {
		t.Fatalf("local command: unexpected failures %v", failures)
	}
}

func TestCheckRefusesWhatTheStandInDoesNotServe(t *testing.T) {
	_, failures := checkCommand(remoteCommandType, remoteInputsWith(map[string]any{
		"host": "h", "proxy": map[string]any{"host": "bastion"},
	}, nil))
	if reason := failureFor(t, failures, "connection.proxy"); !strings.Contains(reason, "pulumi plugin install resource command 1.2.1") {
		t.Errorf("proxy refusal should point to the real plugin: %q", reason)
	}
	_, failures = checkCommand(localCommandType, resource.NewPropertyMapFromMap(map[string]any{
		"create": "tar cf x.tar .", "archivePaths": []any{"*.tar"},
	}))
	failureFor(t, failures, "archivePaths")
}

func TestCheckLeavesUnknownValuesForLater(t *testing.T) {
	news := remoteInputsWith(map[string]any{"host": "h"}, nil)
	news["stdin"] = resource.MakeComputed(resource.NewStringProperty(""))
	conn := unsecret(news["connection"]).ObjectValue()
	conn["port"] = resource.MakeComputed(resource.NewNumberProperty(0))
	checked, failures := checkCommand(remoteCommandType, news)
	if len(failures) > 0 {
		t.Fatalf("unknown values must pass Check (they are checked once known): %v", failures)
	}
	if !checked["stdin"].IsComputed() {
		t.Fatal("an unknown stdin must stay unknown")
	}
	if !unsecret(checked["connection"]).ObjectValue()["port"].IsComputed() {
		t.Fatal("an unknown port must not be replaced by the default")
	}
}

func equalMaps(got, want map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}
