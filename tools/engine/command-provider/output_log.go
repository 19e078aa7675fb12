package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
)

// engineLogger sends messages to the Pulumi engine, attached to a resource.
type engineLogger interface {
	// status: an ephemeral line in the progress display (the command's output).
	status(ctx context.Context, urn resource.URN, line string)
	// warning and debug are kept in the update's diagnostics.
	warning(ctx context.Context, urn resource.URN, msg string)
	debug(ctx context.Context, urn resource.URN, msg string)
}

type hostLogger struct{ host *provider.HostClient }

// engineLoggerFor logs through the engine's host client; without one (attach mode) it drops messages.
func engineLoggerFor(host *provider.HostClient) engineLogger {
	if host == nil {
		return discardLogger{}
	}
	return hostLogger{host: host}
}

func (l hostLogger) status(ctx context.Context, urn resource.URN, line string) {
	_ = l.host.LogStatus(ctx, diag.Info, urn, line)
}

func (l hostLogger) warning(ctx context.Context, urn resource.URN, msg string) {
	_ = l.host.Log(ctx, diag.Warning, urn, msg)
}

func (l hostLogger) debug(ctx context.Context, urn resource.URN, msg string) {
	_ = l.host.Log(ctx, diag.Debug, urn, msg)
}

type discardLogger struct{}

func (discardLogger) status(context.Context, resource.URN, string)  {}
func (discardLogger) warning(context.Context, resource.URN, string) {}
func (discardLogger) debug(context.Context, resource.URN, string)   {}

// commandStreams captures a command's stdout and stderr in full and sends the lines of the
// streams that `logging` allows to the engine, as they come. logged holds exactly what was
// shown (interleaved), for an error message that reveals nothing more.
type commandStreams struct {
	stdout, stderr bytes.Buffer
	mu             sync.Mutex
	logged         strings.Builder
	lines          *lineSink
}

func newCommandStreams(ctx context.Context, log engineLogger, urn resource.URN) *commandStreams {
	s := &commandStreams{}
	s.lines = &lineSink{emit: func(line string) {
		s.logged.WriteString(line + "\n")
		log.status(ctx, urn, line)
	}}
	return s
}

// writers returns where the command's stdout and stderr go.
func (s *commandStreams) writers(logging outputLogging) (stdout, stderr io.Writer) {
	return s.stream(&s.stdout, logging.stdout), s.stream(&s.stderr, logging.stderr)
}

func (s *commandStreams) stream(capture *bytes.Buffer, log bool) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		capture.Write(p)
		if log {
			s.lines.write(p)
		}
		return len(p), nil
	})
}

// finish flushes a last partial line; returns what was logged.
func (s *commandStreams) finish() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines.flush()
	return s.logged.String()
}

// results are the outputs as 1.2.1 stores them: one trailing newline dropped.
func (s *commandStreams) results() (stdout, stderr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.TrimSuffix(s.stdout.String(), "\n"), strings.TrimSuffix(s.stderr.String(), "\n")
}

type lineSink struct {
	partial []byte
	emit    func(string)
}

func (l *lineSink) write(p []byte) {
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			return
		}
		l.emit(string(l.partial[:i]))
		l.partial = l.partial[i+1:]
	}
}

func (l *lineSink) flush() {
	if len(l.partial) > 0 {
		l.emit(string(l.partial))
		l.partial = nil
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
