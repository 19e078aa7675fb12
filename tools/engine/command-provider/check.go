package main

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/crypto/ssh"
)

// What an input property may hold.
type fieldKind int

const (
	kindString fieldKind = iota
	kindBool
	kindStringMap
	kindStringList
	kindAnyList
	kindLogging
	kindConnection
	// Part of the 1.2.1 schema, but not served by this stand-in: refused by name.
	kindNotServed
)

// Inputs shared by both command resources (pulumi-command's ResourceInputs plus the
// logging/stdin/environment/addPreviousOutputInEnv fields both declare).
var commonInputs = map[string]fieldKind{
	"create":                 kindString,
	"update":                 kindString,
	"delete":                 kindString,
	"triggers":               kindAnyList,
	"stdin":                  kindString,
	"logging":                kindLogging,
	"environment":            kindStringMap,
	"addPreviousOutputInEnv": kindBool,
}

var remoteInputs = withCommon(map[string]fieldKind{"connection": kindConnection})

var localInputs = withCommon(map[string]fieldKind{
	"dir":          kindString,
	"interpreter":  kindStringList,
	"assetPaths":   kindNotServed,
	"archivePaths": kindNotServed,
})

func withCommon(own map[string]fieldKind) map[string]fieldKind {
	all := map[string]fieldKind{}
	for k, v := range commonInputs {
		all[k] = v
	}
	for k, v := range own {
		all[k] = v
	}
	return all
}

// Connection fields of 1.2.1 and their defaults (the schema's, which the SDK also applies).
var connectionFields = map[string]fieldKind{
	"host":               kindString,
	"port":               kindString, // checked as a port number below
	"user":               kindString,
	"password":           kindString,
	"privateKey":         kindString,
	"privateKeyPassword": kindString,
	"agentSocketPath":    kindString,
	"hostKey":            kindString,
	"perDialTimeout":     kindString, // integer, checked below
	"dialErrorLimit":     kindString, // integer, checked below
	"proxy":              kindNotServed,
}

const (
	defaultPort           = 22
	defaultUser           = "root"
	defaultPerDialTimeout = 15
	defaultDialErrorLimit = 10
)

var loggingValues = []string{"stdout", "stderr", "stdoutAndStderr", "none"}

type checkFailures []*pulumirpc.CheckFailure

func (f *checkFailures) add(property, format string, args ...any) {
	*f = append(*f, &pulumirpc.CheckFailure{Property: property, Reason: fmt.Sprintf(format, args...)})
}

// checkCommand validates news for a command resource and returns them with the schema's
// defaults applied. Values are never echoed in a failure: any of them may be a secret.
func checkCommand(token string, news resource.PropertyMap) (resource.PropertyMap, checkFailures) {
	fields := remoteInputs
	if token == localCommandType {
		fields = localInputs
	}
	var failures checkFailures
	checked := news.Copy()

	for _, key := range sortedKeys(news) {
		if strings.HasPrefix(key, "__") {
			continue // engine-internal keys
		}
		kind, known := fields[key]
		if !known {
			failures.add(key, "%s has no input property '%s'", token, key)
			continue
		}
		checkValue(&failures, key, kind, news[resource.PropertyKey(key)])
	}

	if token == remoteCommandType {
		if _, ok := news["connection"]; !ok {
			failures.add("connection", "missing required property 'connection': give the host to run the command on")
		} else {
			checked["connection"] = withConnectionDefaults(news["connection"])
		}
	}
	if _, ok := news["addPreviousOutputInEnv"]; !ok {
		checked["addPreviousOutputInEnv"] = resource.NewBoolProperty(true)
	}
	return checked, failures
}

func checkValue(failures *checkFailures, path string, kind fieldKind, v resource.PropertyValue) {
	if isUnknown(v) {
		return // known at deployment; checked again then
	}
	v = unsecret(v)
	if v.IsNull() {
		return
	}
	switch kind {
	case kindString:
		if !v.IsString() {
			failures.add(path, "must be a string, got %s", v.TypeString())
		}
	case kindBool:
		if !v.IsBool() {
			failures.add(path, "must be a boolean, got %s", v.TypeString())
		}
	case kindStringMap:
		if !v.IsObject() {
			failures.add(path, "must be a map of strings, got %s", v.TypeString())
			return
		}
		for _, k := range sortedKeys(v.ObjectValue()) {
			checkValue(failures, path+"."+k, kindString, v.ObjectValue()[resource.PropertyKey(k)])
		}
	case kindStringList:
		if !v.IsArray() {
			failures.add(path, "must be a list of strings, got %s", v.TypeString())
			return
		}
		for i, e := range v.ArrayValue() {
			checkValue(failures, fmt.Sprintf("%s[%d]", path, i), kindString, e)
		}
	case kindAnyList:
		if !v.IsArray() {
			failures.add(path, "must be a list, got %s", v.TypeString())
		}
	case kindLogging:
		if !v.IsString() || !contains(loggingValues, v.StringValue()) {
			failures.add(path, "must be one of %s", strings.Join(loggingValues, ", "))
		}
	case kindConnection:
		checkConnection(failures, path, v)
	case kindNotServed:
		failures.add(path, "'%s' is not served by kube-fabric's stand-in for the command plugin; %s", path, realPluginHint)
	}
}

func checkConnection(failures *checkFailures, path string, v resource.PropertyValue) {
	if !v.IsObject() {
		failures.add(path, "must be an object with at least 'host', got %s", v.TypeString())
		return
	}
	conn := v.ObjectValue()
	for _, key := range sortedKeys(conn) {
		field := path + "." + key
		kind, known := connectionFields[key]
		if !known {
			failures.add(field, "a connection has no property '%s'", key)
			continue
		}
		value := conn[resource.PropertyKey(key)]
		switch key {
		case "port":
			checkInteger(failures, field, value, 1, 65535)
		case "perDialTimeout":
			checkInteger(failures, field, value, 0, math.MaxInt32)
		case "dialErrorLimit":
			checkInteger(failures, field, value, -1, math.MaxInt32)
		case "hostKey":
			checkValue(failures, field, kind, value)
			if s := unsecret(value); s.IsString() {
				if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s.StringValue())); err != nil {
					failures.add(field, "is not an OpenSSH public key line (`ssh-ed25519 AAAA...`, as `ssh-keyscan` prints it): %v", err)
				}
			}
		default:
			checkValue(failures, field, kind, value)
		}
	}
	if host, ok := conn["host"]; !ok {
		failures.add(path+".host", "missing required property 'host': the address to connect to")
	} else if h := unsecret(host); h.IsString() && h.StringValue() == "" {
		failures.add(path+".host", "must not be empty: the address to connect to")
	}
}

func checkInteger(failures *checkFailures, path string, v resource.PropertyValue, min, max float64) {
	if isUnknown(v) {
		return
	}
	v = unsecret(v)
	if v.IsNull() {
		return
	}
	if !v.IsNumber() {
		failures.add(path, "must be a number, got %s", v.TypeString())
		return
	}
	n := v.NumberValue()
	if n != math.Trunc(n) || n < min || n > max {
		failures.add(path, "must be a whole number from %d to %d", int64(min), int64(max))
	}
}

// withConnectionDefaults fills port, user, perDialTimeout and dialErrorLimit as the schema
// does, inside the secret when the connection is one.
func withConnectionDefaults(v resource.PropertyValue) resource.PropertyValue {
	inner := unsecret(v)
	if !inner.IsObject() {
		return v
	}
	conn := inner.ObjectValue().Copy()
	defaults := resource.PropertyMap{
		"port":           resource.NewNumberProperty(defaultPort),
		"user":           resource.NewStringProperty(defaultUser),
		"perDialTimeout": resource.NewNumberProperty(defaultPerDialTimeout),
		"dialErrorLimit": resource.NewNumberProperty(defaultDialErrorLimit),
	}
	for k, d := range defaults {
		if cur, ok := conn[k]; !ok || cur.IsNull() {
			conn[k] = d
		}
	}
	return keepSecrecy(v, resource.NewObjectProperty(conn))
}

func sortedKeys(m resource.PropertyMap) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
