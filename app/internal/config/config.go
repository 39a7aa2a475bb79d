// Package config reads the application's configuration from environment variables (the names the
// deployment guide's Kubernetes manifest sets), validates it, and says exactly what is wrong.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Environment variable names.
const (
	EnvDatabaseURL     = "DBOS_SYSTEM_DATABASE_URL" // required: the DBOS system database (the restricted app role's URL)
	EnvConductorURL    = "DBOS_CONDUCTOR_URL"       // optional: ws(s)://... of the self-hosted Conductor
	EnvConductorKey    = "DBOS_CONDUCTOR_KEY"       // Conductor API key; required when DBOS_CONDUCTOR_URL is set
	EnvAppName         = "DBOS_APP_NAME"            // application name, as Conductor shows it
	EnvAppVersion      = "DBOS_APP_VERSION"         // application version (the SDK's DBOS__APPVERSION still wins)
	EnvSkipMigrations  = "DBOS_SKIP_MIGRATIONS"     // true: verify the schema `dbos migrate` created instead of creating it
	EnvPort            = "PORT"                     // HTTP port
	EnvStepDuration    = "STEP_DURATION"            // how long each step of the three-step workflow takes
	EnvShutdownTimeout = "SHUTDOWN_TIMEOUT"         // how long SIGTERM waits for HTTP requests and workflows
)

// Defaults.
const (
	DefaultAppName         = "dbos-app"
	DefaultAppVersion      = "0.1.0"
	DefaultPort            = 8080
	DefaultStepDuration    = 5 * time.Second
	DefaultShutdownTimeout = 20 * time.Second
	MaxStepDuration        = 10 * time.Minute
	MaxShutdownTimeout     = 10 * time.Minute
)

// The SDK's rule for application names (Conductor refuses others).
var appNamePattern = regexp.MustCompile(`^[a-z0-9_-]{3,256}$`)

// Config is the validated configuration.
type Config struct {
	DatabaseURL string
	// ConductorURL and ConductorKey are both empty (no Conductor) or both set.
	ConductorURL string
	ConductorKey string
	AppName      string
	AppVersion   string
	// SkipMigrations is true by default: the application runs as a role that cannot create the DBOS
	// system tables, which the `dbos migrate` Job creates beforehand.
	SkipMigrations  bool
	Port            int
	StepDuration    time.Duration
	ShutdownTimeout time.Duration
	// Warnings are non-fatal remarks for the start-up log (never containing a secret).
	Warnings []string
}

// ConductorEnabled says whether the application connects to Conductor.
func (c Config) ConductorEnabled() bool { return c.ConductorURL != "" }

// Load reads the configuration through getenv (os.Getenv in production), returning every problem at once.
func Load(getenv func(string) string) (Config, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	cfg := Config{
		AppName:         DefaultAppName,
		AppVersion:      DefaultAppVersion,
		SkipMigrations:  true,
		Port:            DefaultPort,
		StepDuration:    DefaultStepDuration,
		ShutdownTimeout: DefaultShutdownTimeout,
	}
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	cfg.DatabaseURL = get(EnvDatabaseURL)
	if cfg.DatabaseURL == "" {
		fail("%s is required (e.g. postgres://dbos_app_role:PASSWORD@HOST:5432/dbos_app?sslmode=require)", EnvDatabaseURL)
	} else if err := checkDatabaseURL(cfg.DatabaseURL); err != nil {
		fail("%s: %v", EnvDatabaseURL, err)
	}

	cfg.ConductorURL = get(EnvConductorURL)
	cfg.ConductorKey = get(EnvConductorKey)
	switch {
	case cfg.ConductorURL == "" && cfg.ConductorKey != "":
		// The SDK would take a key without a URL as a request to connect to DBOS's hosted Conductor:
		// a self-hosted deployment must not do that by accident.
		cfg.ConductorKey = ""
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf(
			"%s is set but %s is not: running without Conductor (set both to connect to a self-hosted Conductor)",
			EnvConductorKey, EnvConductorURL))
	case cfg.ConductorURL != "":
		if err := checkConductorURL(cfg.ConductorURL); err != nil {
			fail("%s: %v", EnvConductorURL, err)
		}
		if cfg.ConductorKey == "" {
			fail("%s is set but %s is empty: the DBOS SDK connects to Conductor only with an API key "+
				"(generate one in the Console; any non-empty value works while Conductor has no OAuth)",
				EnvConductorURL, EnvConductorKey)
		}
	}

	if v := get(EnvAppName); v != "" {
		cfg.AppName = v
	}
	if !appNamePattern.MatchString(cfg.AppName) {
		fail("%s=%q: must be 3 to 256 characters of lowercase letters, digits, '-' and '_'", EnvAppName, cfg.AppName)
	}
	if v := get(EnvAppVersion); v != "" {
		cfg.AppVersion = v
	}
	if len(cfg.AppVersion) > 128 {
		fail("%s: at most 128 characters, got %d", EnvAppVersion, len(cfg.AppVersion))
	}

	if v := get(EnvSkipMigrations); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			fail("%s=%q: must be true or false", EnvSkipMigrations, v)
		} else {
			cfg.SkipMigrations = b
		}
	}

	if v := get(EnvPort); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			fail("%s=%q: must be an integer between 1 and 65535", EnvPort, v)
		} else {
			cfg.Port = p
		}
	}

	if v := get(EnvStepDuration); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > MaxStepDuration {
			fail("%s=%q: must be a duration between 0s and %s (e.g. 5s, 500ms)", EnvStepDuration, v, MaxStepDuration)
		} else {
			cfg.StepDuration = d
		}
	}
	if v := get(EnvShutdownTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > MaxShutdownTimeout {
			fail("%s=%q: must be a duration above 0s and at most %s (e.g. 20s)", EnvShutdownTimeout, v, MaxShutdownTimeout)
		} else {
			cfg.ShutdownTimeout = d
		}
	}

	if len(problems) > 0 {
		return Config{}, errors.New("invalid configuration:\n  - " + strings.Join(problems, "\n  - "))
	}
	return cfg, nil
}

// checkDatabaseURL accepts postgres:// and postgresql:// URLs and libpq key=value strings; it never echoes
// the value (it holds a password).
func checkDatabaseURL(raw string) error {
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil {
			return errors.New("not a valid URL")
		}
		if u.Scheme != "postgres" && u.Scheme != "postgresql" {
			return fmt.Errorf("scheme %q is not postgres:// or postgresql://", u.Scheme)
		}
		if u.Host == "" {
			return errors.New("the URL names no host")
		}
		return nil
	}
	if !strings.Contains(raw, "=") {
		return errors.New("neither a postgres:// URL nor a key=value connection string")
	}
	return nil
}

func checkConductorURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("not a valid URL")
	}
	if u.Scheme != "ws" && u.Scheme != "wss" {
		return fmt.Errorf("scheme %q: must be ws:// or wss://", u.Scheme)
	}
	if u.Host == "" {
		return errors.New("the URL names no host")
	}
	return nil
}

// Redacted returns the database URL with its password replaced, for logs.
func Redacted(databaseURL string) string {
	if u, err := url.Parse(databaseURL); err == nil && u.Scheme != "" && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		return u.String()
	}
	return regexp.MustCompile(`(?i)(password\s*=\s*)(\S+)`).ReplaceAllString(databaseURL, "${1}xxxxx")
}
