// A static Airbyte source for the Docker tests: standard library only, built into an image FROM
// scratch, so the tests need no image registry.
//
// Config: {"count": N, "api_key": "...", "fail": bool, "hang": bool}. check fails when api_key is
// "wrong". read writes N records to stream "numbers" (after the id in --state, if given), then
// fails (TRACE error, exit 1) or hangs (sleeps without writing) when asked. Stream "seen" reports
// what the container sees: its arguments, environment, network interfaces and input files.
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"sort"
	"time"
)

type config struct {
	Count  int    `json:"count"`
	APIKey string `json:"api_key"`
	Fail   bool   `json:"fail"`
	Hang   bool   `json:"hang"`
}

var out = json.NewEncoder(os.Stdout)

func emit(message map[string]any) {
	if err := out.Encode(message); err != nil {
		os.Exit(2)
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: connector spec|check|discover|read [--config F] [--catalog F] [--state F]")
		os.Exit(2)
	}
	files := map[string]string{}
	for i := 2; i+1 < len(os.Args); i += 2 {
		files[os.Args[i]] = os.Args[i+1]
	}
	switch os.Args[1] {
	case "spec":
		emit(map[string]any{"type": "SPEC", "spec": map[string]any{
			"connectionSpecification": map[string]any{
				"type":     "object",
				"required": []string{"count"},
				"properties": map[string]any{
					"count":   map[string]any{"type": "integer"},
					"api_key": map[string]any{"type": "string", "airbyte_secret": true},
					"fail":    map[string]any{"type": "boolean"},
					"hang":    map[string]any{"type": "boolean"},
				},
			},
		}})
	case "check":
		cfg := readConfig(files["--config"])
		if cfg.APIKey == "wrong" {
			emit(map[string]any{"type": "CONNECTION_STATUS", "connectionStatus": map[string]any{
				"status": "FAILED", "message": "the api_key is not accepted"}})
		} else {
			emit(map[string]any{"type": "CONNECTION_STATUS", "connectionStatus": map[string]any{
				"status": "SUCCEEDED"}})
		}
	case "discover":
		readConfig(files["--config"])
		emit(map[string]any{"type": "CATALOG", "catalog": map[string]any{"streams": []any{
			stream("numbers", map[string]any{
				"id": map[string]any{"type": "integer"}, "name": map[string]any{"type": "string"}}),
			stream("seen", map[string]any{
				"args":       stringArray(),
				"env":        stringArray(),
				"interfaces": stringArray(),
				"input":      stringArray(),
				"writable":   map[string]any{"type": "boolean"},
			}),
		}}})
	case "read":
		read(readConfig(files["--config"]), selectedStreams(files["--catalog"]), files["--state"])
	default:
		fmt.Fprintln(os.Stderr, "unknown command "+os.Args[1])
		os.Exit(2)
	}
}

func stream(name string, properties map[string]any) map[string]any {
	return map[string]any{
		"name":                  name,
		"json_schema":           map[string]any{"type": "object", "properties": properties},
		"supported_sync_modes":  []string{"full_refresh", "incremental"},
		"source_defined_cursor": true,
		"default_cursor_field":  []string{"id"},
	}
}

func stringArray() map[string]any {
	return map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
}

func read(cfg config, streams map[string]bool, stateFile string) {
	if streams["seen"] {
		record("seen", seen())
	}
	if streams["numbers"] {
		first := lastId(stateFile) + 1
		last := first - 1
		for id := first; id < first+cfg.Count; id++ {
			record("numbers", map[string]any{"id": id, "name": fmt.Sprintf("n-%d", id)})
			last = id
		}
		emit(map[string]any{"type": "STATE", "state": map[string]any{"type": "STREAM", "stream": map[string]any{
			"stream_descriptor": map[string]any{"name": "numbers"},
			"stream_state":      map[string]any{"id": last}}}})
	}
	if cfg.Fail {
		fmt.Fprintln(os.Stderr, "fatal: the test connector was asked to fail")
		emit(map[string]any{"type": "TRACE", "trace": map[string]any{
			"type": "ERROR", "emitted_at": now(),
			"error": map[string]any{
				"message":          "The source failed on purpose",
				"internal_message": "fail=true in the config",
				"failure_type":     "config_error"}}})
		os.Exit(1)
	}
	if cfg.Hang {
		fmt.Fprintln(os.Stderr, "hanging")
		time.Sleep(24 * time.Hour)
	}
}

func record(stream string, data map[string]any) {
	emit(map[string]any{"type": "RECORD", "record": map[string]any{
		"stream": stream, "data": data, "emitted_at": now()}})
}

func now() int64 {
	return time.Now().UnixMilli()
}

// seen is what this process can observe of its container.
func seen() map[string]any {
	env := os.Environ()
	sort.Strings(env)
	var interfaces []string
	if found, err := net.Interfaces(); err == nil {
		for _, i := range found {
			interfaces = append(interfaces, i.Name)
		}
	}
	var input []string
	if entries, err := os.ReadDir("/airbyte/input"); err == nil {
		for _, e := range entries {
			input = append(input, e.Name())
		}
	}
	// The mounts are read-only: opening the config for writing must fail.
	writable := false
	if f, err := os.OpenFile("/airbyte/input/config.json", os.O_WRONLY, 0); err == nil {
		writable = true
		f.Close()
	}
	return map[string]any{"args": os.Args, "env": env, "interfaces": interfaces,
		"input": input, "writable": writable}
}

func readConfig(path string) config {
	var cfg config
	readJSON(path, &cfg)
	return cfg
}

func selectedStreams(path string) map[string]bool {
	var catalog struct {
		Streams []struct {
			Stream struct {
				Name string `json:"name"`
			} `json:"stream"`
		} `json:"streams"`
	}
	readJSON(path, &catalog)
	names := map[string]bool{}
	for _, s := range catalog.Streams {
		names[s.Stream.Name] = true
	}
	return names
}

// lastId is the id the state of stream "numbers" ended at, or 0 without a state.
func lastId(path string) int {
	if path == "" {
		return 0
	}
	var states []struct {
		Stream struct {
			Descriptor struct {
				Name string `json:"name"`
			} `json:"stream_descriptor"`
			State struct {
				Id int `json:"id"`
			} `json:"stream_state"`
		} `json:"stream"`
	}
	readJSON(path, &states)
	for _, s := range states {
		if s.Stream.Descriptor.Name == "numbers" {
			return s.Stream.State.Id
		}
	}
	return 0
}

func readJSON(path string, into any) {
	if path == "" {
		fmt.Fprintln(os.Stderr, "a file argument is missing")
		os.Exit(2)
	}
	text, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(text, into)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "cannot read %s: %v\n", path, err)
		os.Exit(2)
	}
}
