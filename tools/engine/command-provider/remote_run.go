package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/crypto/ssh"
)

// sshRunner runs command:remote:Command's commands in an SSH exec session.
type sshRunner struct {
	// dial connects and authenticates; announce is told about every attempt.
	dial func(ctx context.Context, c *connectionSpec, announce func(string)) (*ssh.Client, error)
}

func (r sshRunner) run(ctx context.Context, req runRequest, stdout, stderr io.Writer) error {
	c := req.spec.connection
	if c == nil {
		return errors.New("connection: missing: give the host to run the command on")
	}
	client, err := r.dial(ctx, c, req.debug)
	if err != nil {
		return err
	}
	defer client.Close()
	session, err := client.NewSession()
	if err != nil {
		return fmt.Errorf("opening an SSH session on %s: %w", c.host, err)
	}
	defer session.Close()

	for _, name := range sortedNames(req.spec.environment) {
		if err := session.Setenv(name, req.spec.environment[name]); err != nil {
			return fmt.Errorf("environment.%s: the SSH server on %s refused it: it accepts only the variables its AcceptEnv names; "+
				"or prefix the command with %s=... instead: %w", name, c.host, name, err)
		}
	}
	for _, kv := range previousOutputEnv(req) {
		// Best effort, as in 1.2.1: most servers do not accept these names.
		if err := session.Setenv(kv[0], kv[1]); err != nil {
			req.warning(fmt.Sprintf("could not set %s on %s: the SSH server accepts only the variables its AcceptEnv names "+
				"(set addPreviousOutputInEnv: false to stop trying)", kv[0], c.host))
		}
	}
	if req.spec.stdin != nil && *req.spec.stdin != "" {
		session.Stdin = strings.NewReader(*req.spec.stdin)
	}
	session.Stdout = stdout
	session.Stderr = stderr

	done := make(chan error, 1)
	go func() { done <- session.Run(req.command) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		_ = session.Signal(ssh.SIGKILL)
		_ = client.Close()
		<-done
		return fmt.Errorf("command on %s cancelled: %w", c.host, ctx.Err())
	}
}

func sortedNames(m map[string]string) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
