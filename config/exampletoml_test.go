package config

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestExampleFile(t *testing.T) {
	got, err := Load("example.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	got.Terminal, want.Terminal = "", "" // the default is the host name
	if !reflect.DeepEqual(got, want) {
		t.Errorf("example.toml differs from Default():\n got %+v\nwant %+v", got, want)
	}
}

func TestExampleFileHasEveryKey(t *testing.T) {
	data, err := os.ReadFile("example.toml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var c Config
	for _, f := range fields(&c) {
		leaf := f.path[strings.LastIndex(f.path, ".")+1:]
		found := false
		for _, l := range lines {
			l = strings.TrimPrefix(l, "# ")
			if f.table && l == "["+f.path+"]" || !f.table && strings.HasPrefix(l, leaf+" = ") && strings.Contains(l, "#") {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("example.toml lacks %s (with a comment)", f.path)
		}
	}
}
