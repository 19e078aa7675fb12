package main

import (
	"encoding/json"
	"sort"
	"testing"
)

type schemaDoc struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Types   map[string]struct {
		Properties map[string]json.RawMessage `json:"properties"`
	} `json:"types"`
	Resources map[string]struct {
		InputProperties map[string]struct {
			Secret           bool `json:"secret"`
			ReplaceOnChanges bool `json:"replaceOnChanges"`
		} `json:"inputProperties"`
		Properties map[string]json.RawMessage `json:"properties"`
	} `json:"resources"`
}

// The schema we serve describes exactly the inputs Check accepts, so that nothing we refuse
// is advertised and nothing we serve is missing.
func TestSchemaDeclaresExactlyWhatIsServed(t *testing.T) {
	var doc schemaDoc
	if err := json.Unmarshal([]byte(schemaJSON), &doc); err != nil {
		t.Fatalf("schema.json is not JSON: %v", err)
	}
	if doc.Name != pluginName || doc.Version != contractVersion {
		t.Fatalf("schema names %s %s, want %s %s", doc.Name, doc.Version, pluginName, contractVersion)
	}
	for token, fields := range map[string]map[string]fieldKind{remoteCommandType: remoteInputs, localCommandType: localInputs} {
		res, ok := doc.Resources[token]
		if !ok {
			t.Fatalf("schema lacks %s", token)
		}
		var served, declared []string
		for name, kind := range fields {
			if kind != kindNotServed {
				served = append(served, name)
			}
		}
		for name := range res.InputProperties {
			declared = append(declared, name)
		}
		sort.Strings(served)
		sort.Strings(declared)
		if !equalStrings(served, declared) {
			t.Errorf("%s: Check serves %v, schema declares %v", token, served, declared)
		}
		for _, output := range []string{"stdout", "stderr"} {
			if _, ok := res.Properties[output]; !ok {
				t.Errorf("%s: no output %s", token, output)
			}
		}
		if !res.InputProperties["triggers"].ReplaceOnChanges {
			t.Errorf("%s: triggers must be replaceOnChanges", token)
		}
	}
	if !doc.Resources[remoteCommandType].InputProperties["connection"].Secret {
		t.Error("connection must be secret")
	}
	var connServed, connDeclared []string
	for name, kind := range connectionFields {
		if kind != kindNotServed {
			connServed = append(connServed, name)
		}
	}
	for name := range doc.Types["command:remote:Connection"].Properties {
		connDeclared = append(connDeclared, name)
	}
	sort.Strings(connServed)
	sort.Strings(connDeclared)
	if !equalStrings(connServed, connDeclared) {
		t.Errorf("connection: Check serves %v, schema declares %v", connServed, connDeclared)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
