package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
)

// The interpreter 1.2.1 uses on Linux and macOS when `interpreter` is not given.
var defaultInterpreter = []string{"/bin/sh", "-c"}

// localRunner runs command:local:Command's commands on this machine: interpreter + command,
// in `dir` (default: the provider's working directory, which the engine sets to the
// program's), with this process's environment plus `environment`.
type localRunner struct{}

func (localRunner) run(ctx context.Context, req runRequest, stdout, stderr io.Writer) error {
	interpreter := req.spec.interpreter
	if len(interpreter) == 0 {
		interpreter = defaultInterpreter
	}
	args := append(append([]string{}, interpreter[1:]...), req.command)
	cmd := exec.CommandContext(ctx, interpreter[0], args...)
	if req.spec.dir != nil {
		cmd.Dir = *req.spec.dir
	}
	cmd.Env = os.Environ()
	for _, name := range sortedNames(req.spec.environment) {
		cmd.Env = append(cmd.Env, name+"="+req.spec.environment[name])
	}
	for _, kv := range previousOutputEnv(req) {
		cmd.Env = append(cmd.Env, kv[0]+"="+kv[1])
	}
	if req.spec.stdin != nil && *req.spec.stdin != "" {
		cmd.Stdin = strings.NewReader(*req.spec.stdin)
	}
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	return cmd.Run()
}
