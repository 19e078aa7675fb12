package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"net"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// Password and keyboard-interactive login, against an SSH server in this process (x/crypto's
// server side) on 127.0.0.1: the OpenSSH tests log in with keys only, since a password login to
// the system sshd would need a system account with a known password.

type authServer struct {
	port    int
	hostKey string
}

func startAuthServer(t *testing.T, config *ssh.ServerConfig) authServer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	config.AddHostKey(signer)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go serveExec(conn, config)
		}
	}()
	return authServer{
		port:    l.Addr().(*net.TCPAddr).Port,
		hostKey: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey()))),
	}
}

// serveExec answers every exec request with "ran: <command>" and exit status 0.
func serveExec(conn net.Conn, config *ssh.ServerConfig) {
	defer conn.Close()
	_, channels, requests, err := ssh.NewServerConn(conn, config)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(requests)
	for newChannel := range channels {
		channel, reqs, err := newChannel.Accept()
		if err != nil {
			return
		}
		go func() {
			defer channel.Close()
			for req := range reqs {
				if req.Type != "exec" {
					_ = req.Reply(false, nil)
					continue
				}
				_ = req.Reply(true, nil)
				command := string(req.Payload[4:])
				_, _ = channel.Write([]byte("ran: " + command + "\n"))
				status := make([]byte, 4)
				binary.BigEndian.PutUint32(status, 0)
				_, _ = channel.SendRequest("exit-status", false, status)
				return
			}
		}()
	}
}

const goodPassword = "correct horse battery"

func passwordConnection(server authServer, password string) *connectionSpec {
	return &connectionSpec{host: "127.0.0.1", port: server.port, user: "kube", password: &password,
		hostKey: &server.hostKey, perDialTimeoutSeconds: 5, dialErrorLimit: 0}
}

func runOver(t *testing.T, c *connectionSpec) (string, error) {
	t.Helper()
	t.Setenv("SSH_AUTH_SOCK", "") // only the password may log in
	var out strings.Builder
	err := sshRunner{dial: dialSSH}.run(context.Background(), runRequest{
		command: "hostname", spec: commandSpec{connection: c}, debug: func(string) {}, warning: func(string) {},
	}, &out, &out)
	return out.String(), err
}

func TestPasswordLogin(t *testing.T) {
	server := startAuthServer(t, &ssh.ServerConfig{
		PasswordCallback: func(_ ssh.ConnMetadata, password []byte) (*ssh.Permissions, error) {
			if string(password) == goodPassword {
				return nil, nil
			}
			return nil, errors.New("wrong password")
		},
	})
	out, err := runOver(t, passwordConnection(server, goodPassword))
	if err != nil || out != "ran: hostname\n" {
		t.Fatalf("password login: %q, %v", out, err)
	}
	_, err = runOver(t, passwordConnection(server, "wrong guess"))
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("wrong password: %v", err)
	}
	if strings.Contains(err.Error(), "wrong guess") {
		t.Fatalf("the error shows the password: %v", err)
	}
}

func TestKeyboardInteractiveIsAnsweredWithThePassword(t *testing.T) {
	server := startAuthServer(t, &ssh.ServerConfig{
		KeyboardInteractiveCallback: func(_ ssh.ConnMetadata, challenge ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
			answers, err := challenge("", "", []string{"Password: "}, []bool{false})
			if err != nil {
				return nil, err
			}
			if len(answers) == 1 && answers[0] == goodPassword {
				return nil, nil
			}
			return nil, errors.New("wrong answer")
		},
	})
	out, err := runOver(t, passwordConnection(server, goodPassword))
	if err != nil || out != "ran: hostname\n" {
		t.Fatalf("keyboard-interactive login: %q, %v", out, err)
	}
}
