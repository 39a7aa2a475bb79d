package main

import (
	"strings"
	"testing"
)

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: db-bootstrap-sql-abc123
  namespace: dbos
data:
  bootstrap.sql: |
    \set ON_ERROR_STOP on
    SELECT 'CREATE DATABASE dbos_app' WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = 'dbos_app') \gexec
`

func TestExtract(t *testing.T) {
	got, err := Extract(map[string][]byte{"a.yaml": []byte(configMap)}, "bootstrap.sql")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, `\set ON_ERROR_STOP on`+"\n") || !strings.Contains(got, `\gexec`) {
		t.Errorf("script = %q", got)
	}
}

func TestExtractMultiDocumentAndOtherKinds(t *testing.T) {
	src := "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {bootstrap.sql: eA==}\n---\n" + configMap
	if _, err := Extract(map[string][]byte{"all.yaml": []byte(src)}, "bootstrap.sql"); err != nil {
		t.Fatal(err)
	}
}

func TestExtractErrors(t *testing.T) {
	if _, err := Extract(map[string][]byte{"ns.yaml": []byte("kind: Namespace\nmetadata: {name: dbos}\n")}, "bootstrap.sql"); err == nil {
		t.Error("no ConfigMap: no error")
	}
	two := map[string][]byte{"a.yaml": []byte(configMap), "b.yaml": []byte(configMap)}
	if _, err := Extract(two, "bootstrap.sql"); err == nil || !strings.Contains(err.Error(), "2 ConfigMaps") {
		t.Errorf("two ConfigMaps: err = %v", err)
	}
	if _, err := Extract(map[string][]byte{"bad.yaml": []byte("kind: [")}, "bootstrap.sql"); err == nil {
		t.Error("invalid YAML: no error")
	}
}
