package main

import (
	"reflect"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// state is what Create stored: checked inputs plus stdout and stderr.
func stateFrom(t *testing.T, inputs map[string]any) resource.PropertyMap {
	t.Helper()
	checked, failures := checkCommand(remoteCommandType, resource.NewPropertyMapFromMap(inputs))
	if len(failures) > 0 {
		t.Fatalf("fixture fails Check: %v", failures)
	}
	return commandOutputs(checked, streamValue("hello", false), streamValue("", false))
}

func checkedNews(t *testing.T, inputs map[string]any) resource.PropertyMap {
	t.Helper()
	checked, failures := checkCommand(remoteCommandType, resource.NewPropertyMapFromMap(inputs))
	if len(failures) > 0 {
		t.Fatalf("fixture fails Check: %v", failures)
	}
	return checked
}

func base() map[string]any {
	return map[string]any{
		"connection": map[string]any{"host": "10.0.137.12", "user": "user", "hostKey": testHostKey},
		"create":     "echo hello",
		"delete":     "echo bye",
		"triggers":   []any{"v1", 1.0},
	}
}

func with(m map[string]any, key string, value any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	if value == nil {
		delete(out, key)
	} else {
		out[key] = value
	}
	return out
}

func diffOf(t *testing.T, olds, news map[string]any, ignore ...string) *pulumirpc.DiffResponse {
	t.Helper()
	resp, err := diffCommand(remoteCommandType, stateFrom(t, olds), checkedNews(t, news), ignore)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func kinds(resp *pulumirpc.DiffResponse) map[string]pulumirpc.PropertyDiff_Kind {
	out := map[string]pulumirpc.PropertyDiff_Kind{}
	for k, v := range resp.DetailedDiff {
		out[k] = v.Kind
	}
	return out
}

func TestDiffOfUnchangedInputsIsNoneEvenThoughStateHasOutputs(t *testing.T) {
	resp := diffOf(t, base(), base())
	if resp.Changes != pulumirpc.DiffResponse_DIFF_NONE || len(resp.DetailedDiff) != 0 {
		t.Fatalf("unchanged inputs: %v %v", resp.Changes, resp.DetailedDiff)
	}
}

func TestChangedCommandIsAnUpdateNotAReplace(t *testing.T) {
	resp := diffOf(t, base(), with(base(), "create", "echo hello again"))
	if resp.Changes != pulumirpc.DiffResponse_DIFF_SOME || len(resp.Replaces) != 0 {
		t.Fatalf("changes=%v replaces=%v", resp.Changes, resp.Replaces)
	}
	if got := kinds(resp); !reflect.DeepEqual(got, map[string]pulumirpc.PropertyDiff_Kind{"create": pulumirpc.PropertyDiff_UPDATE}) {
		t.Fatalf("detailed diff = %v", got)
	}
}

// 1.2.1 does not replace on connection changes: the update (or create again) runs on the new host.
func TestChangedConnectionIsAnUpdate(t *testing.T) {
	news := with(base(), "connection", map[string]any{"host": "10.0.137.15", "user": "user", "hostKey": testHostKey})
	resp := diffOf(t, base(), news)
	if len(resp.Replaces) != 0 || !reflect.DeepEqual(resp.Diffs, []string{"connection"}) {
		t.Fatalf("replaces=%v diffs=%v", resp.Replaces, resp.Diffs)
	}
}

func TestChangedTriggersReplace(t *testing.T) {
	resp := diffOf(t, base(), with(base(), "triggers", []any{"v2", 1.0}))
	if !reflect.DeepEqual(resp.Replaces, []string{"triggers"}) {
		t.Fatalf("replaces = %v", resp.Replaces)
	}
	if got := kinds(resp); !reflect.DeepEqual(got, map[string]pulumirpc.PropertyDiff_Kind{"triggers[0]": pulumirpc.PropertyDiff_UPDATE_REPLACE}) {
		t.Fatalf("detailed diff = %v", got)
	}
	if resp.DeleteBeforeReplace {
		t.Fatal("1.2.1 creates the replacement before deleting the old resource")
	}

	added := diffOf(t, with(base(), "triggers", nil), base())
	if got := kinds(added); got["triggers"] != pulumirpc.PropertyDiff_ADD_REPLACE {
		t.Fatalf("adding triggers: %v", got)
	}
	appended := diffOf(t, base(), with(base(), "triggers", []any{"v1", 1.0, true}))
	if !reflect.DeepEqual(appended.Replaces, []string{"triggers"}) {
		t.Fatalf("appending a trigger: replaces = %v", appended.Replaces)
	}
}

func TestRemovedDeleteCommandIsAnUpdate(t *testing.T) {
	resp := diffOf(t, base(), with(base(), "delete", nil))
	if got := kinds(resp); !reflect.DeepEqual(got, map[string]pulumirpc.PropertyDiff_Kind{"delete": pulumirpc.PropertyDiff_DELETE}) {
		t.Fatalf("detailed diff = %v", got)
	}
}

func TestIgnoreChangesKeepsTheOldValue(t *testing.T) {
	resp := diffOf(t, base(), with(with(base(), "create", "other"), "triggers", []any{"v9"}), "create", "triggers")
	if resp.Changes != pulumirpc.DiffResponse_DIFF_NONE {
		t.Fatalf("ignored changes still diff: %v", kinds(resp))
	}
}

func TestUnknownNewValueIsAChange(t *testing.T) {
	news := checkedNews(t, base())
	news["stdin"] = resource.MakeComputed(resource.NewStringProperty(""))
	resp, err := diffCommand(remoteCommandType, stateFrom(t, base()), news, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Changes != pulumirpc.DiffResponse_DIFF_SOME || len(resp.Replaces) != 0 {
		t.Fatalf("an input that becomes known only at deployment is an update: %v", kinds(resp))
	}
}

func TestSecretWrappingOfTheSameValueIsNoChange(t *testing.T) {
	olds := stateFrom(t, base())
	news := checkedNews(t, base())
	news["connection"] = resource.MakeSecret(news["connection"]) // the SDK always sends it secret
	resp, err := diffCommand(remoteCommandType, olds, news, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Changes != pulumirpc.DiffResponse_DIFF_NONE {
		t.Fatalf("same connection, both secret: %v", kinds(resp))
	}
}
