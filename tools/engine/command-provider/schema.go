package main

import _ "embed"

// schemaJSON is our own Pulumi package schema for what this stand-in serves: the 1.2.1
// tokens and property names, written for this provider (no proxy, no copy resources).
//
//go:embed schema.json
var schemaJSON string
