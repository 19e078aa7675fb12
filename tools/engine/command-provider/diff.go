package main

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Inputs whose change replaces the resource. In pulumi-command 1.2.1 that is only
// `triggers` (its replaceOnChanges field); every other change, connection included, is an
// update that runs `update`, or `create` again when there is no `update`.
var replaceOnChanges = map[string]bool{"triggers": true}

// diffCommand compares the old state's inputs with the new checked inputs, property by
// property, as the 1.2.1 provider does: a detailed diff keyed by property path.
func diffCommand(token string, olds, news resource.PropertyMap, ignoreChanges []string) (*pulumirpc.DiffResponse, error) {
	fields := remoteInputs
	if token == localCommandType {
		fields = localInputs
	}
	// The old state holds outputs (stdout, stderr) too: compare inputs only.
	oldInputs := resource.PropertyMap{}
	for key := range fields {
		if v, ok := olds[resource.PropertyKey(key)]; ok {
			oldInputs[resource.PropertyKey(key)] = v
		}
	}
	news, err := withIgnoredChanges(oldInputs, news, ignoreChanges)
	if err != nil {
		return nil, err
	}

	// Secret or not, the same value is the same command: compare what the secrets hold.
	detailed := plugin.NewDetailedDiffFromObjectDiff(revealed(oldInputs).Diff(revealed(news)), false)
	resp := &pulumirpc.DiffResponse{
		Changes:         pulumirpc.DiffResponse_DIFF_NONE,
		DetailedDiff:    map[string]*pulumirpc.PropertyDiff{},
		HasDetailedDiff: true,
	}
	changed, replaced := map[string]bool{}, map[string]bool{}
	for path, d := range detailed {
		top := topLevelKey(path)
		kind := d.Kind
		if replaceOnChanges[top] {
			kind = kind.AsReplace()
			replaced[top] = true
		}
		changed[top] = true
		resp.DetailedDiff[path] = &pulumirpc.PropertyDiff{Kind: pulumirpc.PropertyDiff_Kind(kind), InputDiff: d.InputDiff}
	}
	if len(changed) > 0 {
		resp.Changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	resp.Diffs = sortedSet(changed)
	resp.Replaces = sortedSet(replaced)
	return resp, nil
}

// withIgnoredChanges returns news with every ignoreChanges path reset to its old value
// (or removed when it had none), as the engine asks of providers.
func withIgnoredChanges(olds, news resource.PropertyMap, ignoreChanges []string) (resource.PropertyMap, error) {
	if len(ignoreChanges) == 0 {
		return news, nil
	}
	oldObject := resource.NewObjectProperty(olds)
	newObject := resource.NewObjectProperty(news.Copy())
	for _, p := range ignoreChanges {
		path, err := resource.ParsePropertyPath(p)
		if err != nil {
			return nil, err
		}
		if old, ok := path.Get(oldObject); ok {
			path.Set(newObject, old)
		} else {
			path.Delete(newObject)
		}
	}
	return newObject.ObjectValue(), nil
}

// revealed returns props with every secret, at any depth, replaced by the value it holds.
func revealed(props resource.PropertyMap) resource.PropertyMap {
	out := make(resource.PropertyMap, len(props))
	for k, v := range props {
		out[k] = revealedValue(v)
	}
	return out
}

func revealedValue(v resource.PropertyValue) resource.PropertyValue {
	v = unsecret(v)
	switch {
	case v.IsObject():
		return resource.NewObjectProperty(revealed(v.ObjectValue()))
	case v.IsArray():
		elems := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			elems[i] = revealedValue(e)
		}
		return resource.NewArrayProperty(elems)
	default:
		return v
	}
}

// topLevelKey: "connection.host" → "connection", "triggers[0]" → "triggers".
func topLevelKey(path string) string {
	parsed, err := resource.ParsePropertyPath(path)
	if err != nil || len(parsed) == 0 {
		return path
	}
	if key, ok := parsed[0].(string); ok {
		return key
	}
	return path
}

func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
