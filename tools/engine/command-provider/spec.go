package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// commandSpec is a command resource's checked inputs as plain values, for running.
type commandSpec struct {
	create, update, delete *string
	stdin                  *string
	environment            map[string]string
	logging                outputLogging
	addPreviousOutputInEnv bool

	// command:remote:Command
	connection *connectionSpec
	// command:local:Command
	dir         *string
	interpreter []string

	// Which inputs arrived secret: their text never reaches a log or an error.
	secretCreate, secretUpdate, secretDelete bool
}

type connectionSpec struct {
	host                     string
	port                     int
	user                     string
	password, privateKey     *string
	privateKeyPassword       *string
	agentSocketPath, hostKey *string
	perDialTimeoutSeconds    int
	dialErrorLimit           int
}

// specOf reads a checked property map (inputs, or a state that echoes them).
func specOf(props resource.PropertyMap) commandSpec {
	spec := commandSpec{
		create:                 optionalString(props, "create"),
		update:                 optionalString(props, "update"),
		delete:                 optionalString(props, "delete"),
		stdin:                  optionalString(props, "stdin"),
		environment:            stringMapOf(props, "environment"),
		logging:                loggingOf(props),
		addPreviousOutputInEnv: true,
		dir:                    optionalString(props, "dir"),
		interpreter:            stringListOf(props, "interpreter"),
		secretCreate:           props["create"].IsSecret(),
		secretUpdate:           props["update"].IsSecret(),
		secretDelete:           props["delete"].IsSecret(),
	}
	if b, ok := boolOf(props, "addPreviousOutputInEnv"); ok {
		spec.addPreviousOutputInEnv = b
	}
	if conn, ok := objectOf(props, "connection"); ok {
		spec.connection = connectionOf(conn)
	}
	return spec
}

func connectionOf(conn resource.PropertyMap) *connectionSpec {
	c := &connectionSpec{
		port:                  defaultPort,
		user:                  defaultUser,
		perDialTimeoutSeconds: defaultPerDialTimeout,
		dialErrorLimit:        defaultDialErrorLimit,
		password:              optionalString(conn, "password"),
		privateKey:            optionalString(conn, "privateKey"),
		privateKeyPassword:    optionalString(conn, "privateKeyPassword"),
		agentSocketPath:       optionalString(conn, "agentSocketPath"),
		hostKey:               optionalString(conn, "hostKey"),
	}
	c.host, _ = stringOf(conn, "host")
	if user, ok := stringOf(conn, "user"); ok {
		c.user = user
	}
	if n, ok := numberOf(conn, "port"); ok {
		c.port = int(n)
	}
	if n, ok := numberOf(conn, "perDialTimeout"); ok {
		c.perDialTimeoutSeconds = int(n)
	}
	if n, ok := numberOf(conn, "dialErrorLimit"); ok {
		c.dialErrorLimit = int(n)
	}
	return c
}

// The logging input: which of the command's streams go to the engine's log.
type outputLogging struct{ stdout, stderr bool }

func loggingOf(props resource.PropertyMap) outputLogging {
	value, ok := stringOf(props, "logging")
	if !ok {
		return outputLogging{stdout: true, stderr: true} // the 1.2.1 default
	}
	switch value {
	case "stdout":
		return outputLogging{stdout: true}
	case "stderr":
		return outputLogging{stderr: true}
	case "none":
		return outputLogging{}
	default:
		return outputLogging{stdout: true, stderr: true}
	}
}
