package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// A private OpenSSH sshd on 127.0.0.1:<free port> for one test: its own config, a host key
// and a client key generated for this run, nothing read from /etc/ssh. Stopped by its PID.
// A machine without OpenSSH fails the test (apt-get install openssh-server), never skips it.
const sshdPath = "/usr/sbin/sshd"

type testSSHD struct {
	port       int
	user       string
	hostKey    string // `ssh-ed25519 AAAA...` to pin
	privateKey string // the client's OpenSSH private key
	logFile    string
}

type keyPair struct {
	privatePEM string
	publicLine string
}

func newKeyPair(t *testing.T, comment string) keyPair {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, comment)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return keyPair{
		privatePEM: string(pem.EncodeToMemory(block)),
		publicLine: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub))),
	}
}

func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startSSHD(t *testing.T) *testSSHD {
	t.Helper()
	if _, err := os.Stat(sshdPath); err != nil {
		t.Fatalf("%s not found: this test needs OpenSSH's server (apt-get install openssh-server): %v", sshdPath, err)
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	// sshd refuses to start without its privilege separation directory.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatalf("creating /run/sshd: %v", err)
	}
	dir := t.TempDir()
	host, client := newKeyPair(t, "kube-fabric-test-host"), newKeyPair(t, "kube-fabric-test-client")
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	hostKeyFile := write("host_ed25519_key", host.privatePEM)
	authorized := write("authorized_keys", client.publicLine+"\n")

	for attempt := 1; attempt <= 5; attempt++ {
		port := freeLoopbackPort(t)
		config := write("sshd_config", strings.Join([]string{
			fmt.Sprintf("ListenAddress 127.0.0.1:%d", port),
			"HostKey " + hostKeyFile,
			"PidFile none",
			"AuthorizedKeysFile " + authorized,
			"AllowUsers " + me.Username,
			"PermitRootLogin prohibit-password",
			"AuthenticationMethods publickey",
			"PasswordAuthentication no",
			"KbdInteractiveAuthentication no",
			"UsePAM no",
			"StrictModes no", // the files sit under the world-writable /tmp
			"AcceptEnv KF_TEST_* PULUMI_COMMAND_STDOUT PULUMI_COMMAND_STDERR",
			"AllowTcpForwarding no",
			"X11Forwarding no",
			"PermitTTY no",
			"PrintMotd no",
			"LogLevel VERBOSE",
			"",
		}, "\n"))
		logFile := filepath.Join(dir, fmt.Sprintf("sshd-%d.log", attempt))
		logOut, err := os.Create(logFile)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(sshdPath, "-D", "-e", "-f", config)
		cmd.Stdout, cmd.Stderr = logOut, logOut
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting sshd: %v", err)
		}
		logOut.Close()
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		stop := func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(3 * time.Second):
				_ = cmd.Process.Kill()
				<-exited
			}
		}

		switch waitListening(t, logFile, port, exited) {
		case listening:
			t.Cleanup(stop)
			return &testSSHD{port: port, user: me.Username, hostKey: host.publicLine, privateKey: client.privatePEM, logFile: logFile}
		case portTaken:
			stop() // another process took the port between our probe and sshd's bind
			continue
		default:
			stop()
			logText, _ := os.ReadFile(logFile)
			t.Fatalf("sshd did not listen on 127.0.0.1:%d within 10 s; its log:\n%s", port, logText)
		}
	}
	t.Fatal("5 free ports were taken before sshd could bind them")
	return nil
}

type listenOutcome int

const (
	listening listenOutcome = iota
	portTaken
	failedToStart
)

func waitListening(t *testing.T, logFile string, port int, exited chan error) listenOutcome {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		logText, _ := os.ReadFile(logFile)
		switch {
		case strings.Contains(string(logText), fmt.Sprintf("Server listening on 127.0.0.1 port %d", port)):
			return listening
		case strings.Contains(string(logText), "Address already in use"):
			return portTaken
		}
		select {
		case err := <-exited:
			exited <- err // for stop()
			return failedToStart
		case <-time.After(20 * time.Millisecond):
		}
	}
	return failedToStart
}
