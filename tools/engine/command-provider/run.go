package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"golang.org/x/crypto/ssh"
)

// runRequest is one run of one of a command resource's commands (create, update or delete).
type runRequest struct {
	command string
	spec    commandSpec
	// stdout and stderr of the last create or update, for PULUMI_COMMAND_STDOUT/STDERR.
	previousStdout, previousStderr string
	// debug and warning reach the engine's diagnostics for this resource.
	debug, warning func(string)
}

// A runner runs a command somewhere: over SSH (remote) or on this machine (local).
type runner interface {
	run(ctx context.Context, req runRequest, stdout, stderr io.Writer) error
}

// previousOutputEnv: the PULUMI_COMMAND_* variables 1.2.1 sets when addPreviousOutputInEnv
// is on (the default) and there was output.
func previousOutputEnv(req runRequest) [][2]string {
	if !req.spec.addPreviousOutputInEnv {
		return nil
	}
	var env [][2]string
	if req.previousStdout != "" {
		env = append(env, [2]string{"PULUMI_COMMAND_STDOUT", req.previousStdout})
	}
	if req.previousStderr != "" {
		env = append(env, [2]string{"PULUMI_COMMAND_STDERR", req.previousStderr})
	}
	return env
}

// commandRun is what runCommand reports: the command's output, 1.2.1-trimmed.
type commandRun struct{ stdout, stderr string }

// runCommand runs one command of a resource and returns its output. What reaches the
// engine's log follows `logging`, and nothing of a command whose output will be secret.
func (s *server) runCommand(ctx context.Context, urn resource.URN, r runner, command string, commandSecret bool,
	spec commandSpec, previousStdout, previousStderr string,
) (commandRun, error) {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	defer context.AfterFunc(s.cancelled, stop)()

	logging := spec.logging
	if spec.secretCreate || spec.secretUpdate {
		logging = outputLogging{} // the streams will be secret outputs
	}
	streams := newCommandStreams(ctx, s.log, urn)
	stdout, stderr := streams.writers(logging)
	req := runRequest{
		command:        command,
		spec:           spec,
		previousStdout: previousStdout,
		previousStderr: previousStderr,
		debug:          func(msg string) { s.log.debug(ctx, urn, msg) },
		warning:        func(msg string) { s.log.warning(ctx, urn, msg) },
	}
	err := r.run(ctx, req, stdout, stderr)
	logged := streams.finish()
	if err != nil {
		return commandRun{}, commandError(err, command, commandSecret, logged)
	}
	out, errOut := streams.results()
	return commandRun{stdout: out, stderr: errOut}, nil
}

// commandError says how a command failed: its exit status, the command (unless secret) and
// the output that logging showed, as 1.2.1 does ("<status>: running <command>:\n<output>").
// Failures before the command ran (connecting, bad credentials) are returned as they are.
func commandError(err error, command string, commandSecret bool, logged string) error {
	var sshExit *ssh.ExitError
	var sshMissing *ssh.ExitMissingError
	var localExit *exec.ExitError
	if !errors.As(err, &sshExit) && !errors.As(err, &sshMissing) && !errors.As(err, &localExit) {
		return err
	}
	shown := fmt.Sprintf("%q", command)
	if commandSecret {
		shown = "[secret command]"
	}
	if strings.TrimSpace(logged) == "" {
		return fmt.Errorf("%w: running %s (no output was logged)", err, shown)
	}
	return fmt.Errorf("%w: running %s:\n%s", err, shown, strings.TrimSuffix(logged, "\n"))
}
