package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// hostKeyMismatchError: the server presented another key than connection.hostKey pins.
// Never retried: the next dial would talk to the same stranger.
type hostKeyMismatchError struct {
	address           string
	presented, pinned ssh.PublicKey
}

func (e *hostKeyMismatchError) Error() string {
	return fmt.Sprintf("host key mismatch for %s: the server presented %s %s, but connection.hostKey pins %s %s; "+
		"if the host was reinstalled, pin its new key (ssh-keyscan -t %s <host>), otherwise someone may be intercepting the connection",
		e.address, e.presented.Type(), ssh.FingerprintSHA256(e.presented), e.pinned.Type(), ssh.FingerprintSHA256(e.pinned),
		e.pinned.Type())
}

// clientConfig turns a connection into an SSH client configuration: authentication in the
// order 1.2.1 offers it (private key, password, keyboard-interactive with the password,
// SSH agent) and the host key pinned when connection.hostKey is set (ignored otherwise,
// as 1.2.1 documents). close releases the agent connection, if any.
func clientConfig(c *connectionSpec) (config *ssh.ClientConfig, close func(), err error) {
	config = &ssh.ClientConfig{User: c.user}
	close = func() {}

	if c.privateKey != nil {
		signer, err := parsePrivateKey(*c.privateKey, c.privateKeyPassword)
		if err != nil {
			return nil, close, err
		}
		config.Auth = append(config.Auth, ssh.PublicKeys(signer))
	}
	if c.password != nil {
		password := *c.password
		config.Auth = append(config.Auth,
			ssh.Password(password),
			ssh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range answers {
					answers[i] = password
				}
				return answers, nil
			}))
	}
	socket, explicit := agentSocket(c)
	if socket != "" {
		conn, err := net.Dial("unix", socket)
		switch {
		case err == nil:
			close = func() { _ = conn.Close() }
			config.Auth = append(config.Auth, ssh.PublicKeysCallback(agent.NewClient(conn).Signers))
		case explicit:
			return nil, close, fmt.Errorf("connection.agentSocketPath: cannot reach the SSH agent at %s: %w", socket, err)
		}
	}
	if len(config.Auth) == 0 {
		return nil, close, errors.New("connection: no credentials: set connection.privateKey or connection.password " +
			"(as secrets), or give an SSH agent with connection.agentSocketPath or SSH_AUTH_SOCK")
	}

	if c.hostKey == nil {
		config.HostKeyCallback = ssh.InsecureIgnoreHostKey()
		return config, close, nil
	}
	pinned, _, _, _, err := ssh.ParseAuthorizedKey([]byte(*c.hostKey))
	if err != nil {
		return nil, close, fmt.Errorf("connection.hostKey: not an OpenSSH public key line (`ssh-ed25519 AAAA...`): %w", err)
	}
	config.HostKeyCallback = func(address string, _ net.Addr, presented ssh.PublicKey) error {
		if bytes.Equal(presented.Marshal(), pinned.Marshal()) {
			return nil
		}
		return &hostKeyMismatchError{address: address, presented: presented, pinned: pinned}
	}
	// Ask for the pinned key's type, so a server with several host keys presents that one.
	config.HostKeyAlgorithms = hostKeyAlgorithms(pinned.Type())
	return config, close, nil
}

func parsePrivateKey(key string, passphrase *string) (ssh.Signer, error) {
	var signer ssh.Signer
	var err error
	if passphrase != nil {
		signer, err = ssh.ParsePrivateKeyWithPassphrase([]byte(key), []byte(*passphrase))
	} else {
		signer, err = ssh.ParsePrivateKey([]byte(key))
	}
	var missing *ssh.PassphraseMissingError
	switch {
	case errors.As(err, &missing):
		return nil, errors.New("connection.privateKey is encrypted: set connection.privateKeyPassword (as a secret)")
	case err != nil:
		// x/crypto's parse errors name the problem, never the key's bytes.
		return nil, fmt.Errorf("connection.privateKey: cannot use the key: %w", err)
	}
	return signer, nil
}

// agentSocket: connection.agentSocketPath, else SSH_AUTH_SOCK (as 1.2.1 does).
func agentSocket(c *connectionSpec) (path string, explicit bool) {
	if c.agentSocketPath != nil && *c.agentSocketPath != "" {
		return *c.agentSocketPath, true
	}
	return os.Getenv("SSH_AUTH_SOCK"), false
}

// hostKeyAlgorithms for a key type: an RSA key is offered with SHA-2 signatures first.
func hostKeyAlgorithms(keyType string) []string {
	if keyType == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{keyType}
}
