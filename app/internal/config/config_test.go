package config

import (
	"strings"
	"testing"
	"time"
)

const dbURL = "postgres://dbos_app_role:s3cret@db.internal:5432/dbos_app?sslmode=require"

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaults(t *testing.T) {
	cfg, err := Load(env(map[string]string{EnvDatabaseURL: dbURL}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AppName != "dbos-app" || cfg.AppVersion != "0.1.0" || cfg.Port != 8080 || !cfg.SkipMigrations ||
		cfg.StepDuration != 5*time.Second || cfg.ShutdownTimeout != 20*time.Second || cfg.ConductorEnabled() {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestDatabaseURLRequired(t *testing.T) {
	_, err := Load(env(nil))
	if err == nil || !strings.Contains(err.Error(), EnvDatabaseURL) {
		t.Fatalf("err = %v, want one naming %s", err, EnvDatabaseURL)
	}
}

func TestConductor(t *testing.T) {
	cfg, err := Load(env(map[string]string{EnvDatabaseURL: dbURL,
		EnvConductorURL: "ws://conductor.dbos.svc.cluster.local:8090/", EnvConductorKey: "k"}))
	if err != nil || !cfg.ConductorEnabled() || cfg.ConductorKey != "k" {
		t.Fatalf("cfg = %+v, err = %v", cfg, err)
	}
	// A key without a URL must not reach the SDK (it would dial DBOS's hosted Conductor).
	cfg, err = Load(env(map[string]string{EnvDatabaseURL: dbURL, EnvConductorKey: "k"}))
	if err != nil || cfg.ConductorEnabled() || cfg.ConductorKey != "" || len(cfg.Warnings) != 1 {
		t.Fatalf("key without URL: cfg = %+v, err = %v", cfg, err)
	}
	// A URL without a key is an error: the SDK would silently not connect.
	if _, err = Load(env(map[string]string{EnvDatabaseURL: dbURL, EnvConductorURL: "ws://c:8090/"})); err == nil ||
		!strings.Contains(err.Error(), EnvConductorKey) {
		t.Fatalf("URL without key: err = %v", err)
	}
	if _, err = Load(env(map[string]string{EnvDatabaseURL: dbURL, EnvConductorURL: "http://c:8090/", EnvConductorKey: "k"})); err == nil ||
		!strings.Contains(err.Error(), "ws://") {
		t.Fatalf("http URL: err = %v", err)
	}
}

func TestInvalidValuesAreAllReported(t *testing.T) {
	_, err := Load(env(map[string]string{
		EnvDatabaseURL:     "mysql://x@y/z",
		EnvAppName:         "My App",
		EnvPort:            "70000",
		EnvSkipMigrations:  "maybe",
		EnvStepDuration:    "forever",
		EnvShutdownTimeout: "0s",
	}))
	if err == nil {
		t.Fatal("no error")
	}
	for _, name := range []string{EnvDatabaseURL, EnvAppName, EnvPort, EnvSkipMigrations, EnvStepDuration, EnvShutdownTimeout} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s:\n%v", name, err)
		}
	}
}

func TestOverrides(t *testing.T) {
	cfg, err := Load(env(map[string]string{EnvDatabaseURL: "host=127.0.0.1 user=u password=p dbname=d",
		EnvAppName: "shop_app-2", EnvAppVersion: "1.2.3", EnvPort: "9090", EnvSkipMigrations: "false",
		EnvStepDuration: "250ms", EnvShutdownTimeout: "45s"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AppName != "shop_app-2" || cfg.AppVersion != "1.2.3" || cfg.Port != 9090 || cfg.SkipMigrations ||
		cfg.StepDuration != 250*time.Millisecond || cfg.ShutdownTimeout != 45*time.Second {
		t.Errorf("cfg = %+v", cfg)
	}
}

func TestErrorsNeverEchoThePassword(t *testing.T) {
	_, err := Load(env(map[string]string{EnvDatabaseURL: "postgres://u:s3cret@/db", EnvPort: "x"}))
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("err = %v", err)
	}
}

func TestRedacted(t *testing.T) {
	if got := Redacted(dbURL); strings.Contains(got, "s3cret") || !strings.Contains(got, "dbos_app_role") {
		t.Errorf("Redacted(URL) = %q", got)
	}
	if got := Redacted("host=h password=s3cret dbname=d"); strings.Contains(got, "s3cret") {
		t.Errorf("Redacted(DSN) = %q", got)
	}
}
