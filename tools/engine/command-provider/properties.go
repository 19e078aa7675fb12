package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"google.golang.org/protobuf/types/known/structpb"
)

// Property maps cross the wire with secrets and unknowns kept as such: a secret input
// stays a secret in what we return, and an unknown (preview) stays unknown.
func marshalOptions(label string) plugin.MarshalOptions {
	return plugin.MarshalOptions{
		Label:         label,
		KeepUnknowns:  true,
		KeepSecrets:   true,
		KeepResources: true,
		SkipNulls:     true,
	}
}

func unmarshal(label string, props *structpb.Struct) (resource.PropertyMap, error) {
	if props == nil {
		return resource.PropertyMap{}, nil
	}
	return plugin.UnmarshalProperties(props, marshalOptions(label))
}

// unmarshalOldsNews reads the two property sets of a Diff or Update request.
func unmarshalOldsNews(olds, news *structpb.Struct) (resource.PropertyMap, resource.PropertyMap, error) {
	o, err := unmarshal("olds", olds)
	if err != nil {
		return nil, nil, err
	}
	n, err := unmarshal("news", news)
	if err != nil {
		return nil, nil, err
	}
	return o, n, nil
}

func marshal(label string, props resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(props, marshalOptions(label))
}

// unsecret returns the value a secret wraps (any depth of wrapping), or v itself.
func unsecret(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// keepSecrecy wraps next as a secret when original was one.
func keepSecrecy(original, next resource.PropertyValue) resource.PropertyValue {
	if original.IsSecret() && !next.IsSecret() {
		return resource.MakeSecret(next)
	}
	return next
}

// isUnknown: the value (or the value a secret wraps) is not known yet (preview).
func isUnknown(v resource.PropertyValue) bool {
	v = unsecret(v)
	return v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known)
}

// stringOf returns a known string property's value, secrets unwrapped.
func stringOf(props resource.PropertyMap, key resource.PropertyKey) (string, bool) {
	v, ok := props[key]
	if !ok {
		return "", false
	}
	v = unsecret(v)
	if !v.IsString() {
		return "", false
	}
	return v.StringValue(), true
}

func optionalString(props resource.PropertyMap, key resource.PropertyKey) *string {
	if s, ok := stringOf(props, key); ok {
		return &s
	}
	return nil
}

func numberOf(props resource.PropertyMap, key resource.PropertyKey) (float64, bool) {
	v, ok := props[key]
	if !ok {
		return 0, false
	}
	v = unsecret(v)
	if !v.IsNumber() {
		return 0, false
	}
	return v.NumberValue(), true
}

func boolOf(props resource.PropertyMap, key resource.PropertyKey) (bool, bool) {
	v, ok := props[key]
	if !ok {
		return false, false
	}
	v = unsecret(v)
	if !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// objectOf returns a known object property (secret unwrapped).
func objectOf(props resource.PropertyMap, key resource.PropertyKey) (resource.PropertyMap, bool) {
	v, ok := props[key]
	if !ok {
		return nil, false
	}
	v = unsecret(v)
	if !v.IsObject() {
		return nil, false
	}
	return v.ObjectValue(), true
}

// stringMapOf returns a map of strings (secret values unwrapped); entries that are not
// known strings are left out (Check has refused them already).
func stringMapOf(props resource.PropertyMap, key resource.PropertyKey) map[string]string {
	obj, ok := objectOf(props, key)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		if v = unsecret(v); v.IsString() {
			out[string(k)] = v.StringValue()
		}
	}
	return out
}

func stringListOf(props resource.PropertyMap, key resource.PropertyKey) []string {
	v, ok := props[key]
	if !ok {
		return nil
	}
	v = unsecret(v)
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e = unsecret(e); e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}
