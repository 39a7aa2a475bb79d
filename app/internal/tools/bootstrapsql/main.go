// Command bootstrapsql prints the database bootstrap script that the synthesized manifests carry: the
// data."bootstrap.sql" of the ConfigMap in the YAML files named on the command line. The end-to-end test
// runs the script exactly as the cluster's bootstrap Job would, never a hand-made copy.
//
//	go run ./internal/tools/bootstrapsql [-key bootstrap.sql] [-o out.sql] FILE.yaml...
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

func main() {
	key := flag.String("key", "bootstrap.sql", "the ConfigMap data key holding the script")
	out := flag.String("o", "-", "where to write the script (- for standard output)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: bootstrapsql [-key KEY] [-o FILE] MANIFEST.yaml...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	sources := map[string][]byte{}
	for _, path := range flag.Args() {
		b, err := os.ReadFile(path)
		if err != nil {
			fail(err)
		}
		sources[path] = b
	}
	script, err := Extract(sources, *key)
	if err != nil {
		fail(err)
	}
	if *out == "-" {
		_, err = io.WriteString(os.Stdout, script)
	} else {
		err = os.WriteFile(*out, []byte(script), 0o644)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bootstrapsql:", err)
	os.Exit(1)
}

type manifest struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Data map[string]string `yaml:"data"`
}

// Extract returns data[key] of the one ConfigMap, among every YAML document of the sources, that has it.
func Extract(sources map[string][]byte, key string) (string, error) {
	var found []string
	var script string
	for path, content := range sources {
		dec := yaml.NewDecoder(bytes.NewReader(content))
		for {
			var m manifest
			err := dec.Decode(&m)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return "", fmt.Errorf("%s: %w", path, err)
			}
			if m.Kind != "ConfigMap" {
				continue
			}
			if v, ok := m.Data[key]; ok {
				found = append(found, path+" (ConfigMap "+m.Metadata.Name+")")
				script = v
			}
		}
	}
	switch {
	case len(found) == 0:
		return "", fmt.Errorf("no ConfigMap with data key %q", key)
	case len(found) > 1:
		return "", fmt.Errorf("%d ConfigMaps have data key %q: %s", len(found), key, strings.Join(found, ", "))
	case strings.TrimSpace(script) == "":
		return "", fmt.Errorf("%s: data key %q is empty", found[0], key)
	}
	return script, nil
}
