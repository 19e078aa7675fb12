package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"golang.org/x/crypto/ssh"
)

// Between failed dials: 100 ms, growing 1.5× up to 5 s (the Pulumi SDK's retry defaults,
// which 1.2.1 uses).
const (
	firstRetryDelay = 100 * time.Millisecond
	retryBackoff    = 1.5
	maxRetryDelay   = 5 * time.Second
)

// dialSSH connects and authenticates, retrying failed dials until connection.dialErrorLimit
// is exceeded (-1: no limit), each dial (TCP connect and SSH handshake) bounded by
// connection.perDialTimeout seconds (0: unbounded). A host key mismatch ends it at once.
// announce is told about every attempt before it is made.
func dialSSH(ctx context.Context, c *connectionSpec, announce func(string)) (*ssh.Client, error) {
	config, closeAgent, err := clientConfig(c)
	if err != nil {
		return nil, err
	}
	defer closeAgent()
	address := net.JoinHostPort(c.host, strconv.Itoa(c.port))
	timeout := time.Duration(c.perDialTimeoutSeconds) * time.Second

	delay := firstRetryDelay
	for failures := 0; ; {
		announce(fmt.Sprintf("dialing %s as %s (attempt %d)", address, c.user, failures+1))
		client, err := dialOnce(ctx, address, config, timeout)
		if err == nil {
			return client, nil
		}
		var mismatch *hostKeyMismatchError
		if errors.As(err, &mismatch) {
			return nil, mismatch
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("connecting to %s: %w", address, ctx.Err())
		}
		failures++
		if c.dialErrorLimit >= 0 && failures > c.dialErrorLimit {
			return nil, fmt.Errorf("could not connect to %s as %s: %d dial attempts failed (connection.dialErrorLimit is %d), the last with: %w",
				address, c.user, failures, c.dialErrorLimit, err)
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, fmt.Errorf("connecting to %s: %w", address, ctx.Err())
		}
		delay = min(time.Duration(float64(delay)*retryBackoff), maxRetryDelay)
	}
}

func dialOnce(ctx context.Context, address string, config *ssh.ClientConfig, timeout time.Duration) (*ssh.Client, error) {
	dialer := net.Dialer{Timeout: timeout}
	conn, err := dialer.DialContext(ctx, "tcp", address)
	if err != nil {
		return nil, err
	}
	if timeout > 0 {
		_ = conn.SetDeadline(time.Now().Add(timeout))
	}
	stopWatching := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stopWatching()
	clientConn, channels, requests, err := ssh.NewClientConn(conn, address, config)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return ssh.NewClient(clientConn, channels, requests), nil
}
