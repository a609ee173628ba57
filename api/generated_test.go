package api_test

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
)

// The committed generated code is what kiosk.proto says: every call and
// every field, by name and number. A .proto changed without `make
// generate` fails here, without protoc.
func TestGeneratedCodeMatchesTheProto(t *testing.T) {
	src, err := os.ReadFile("kiosk/v1/kiosk.proto")
	if err != nil {
		t.Fatal(err)
	}
	fd := kioskv1.File_kiosk_v1_kiosk_proto

	var want, got []string
	for _, m := range regexp.MustCompile(`(?m)^\s*rpc (\w+)\(`).FindAllSubmatch(src, -1) {
		want = append(want, "rpc "+string(m[1]))
	}
	ms := fd.Services().ByName("KioskService").Methods()
	for i := range ms.Len() {
		got = append(got, "rpc "+string(ms.Get(i).Name()))
	}

	// message Name {} or { ... } on lines of its own: no nesting here.
	block := regexp.MustCompile(`(?ms)^message (\w+) \{(?:\}|(.*?)^\})`)
	field := regexp.MustCompile(`(?m)^\s*(?:repeated\s+)?[\w.]+\s+(\w+)\s*=\s*(\d+);`)
	for _, m := range block.FindAllSubmatch(src, -1) {
		want = append(want, "message "+string(m[1]))
		for _, f := range field.FindAllSubmatch(m[2], -1) {
			want = append(want, string(m[1])+"."+string(f[1])+"="+string(f[2]))
		}
	}
	msgs := fd.Messages()
	for i := range msgs.Len() {
		m := msgs.Get(i)
		got = append(got, "message "+string(m.Name()))
		fs := m.Fields()
		for j := range fs.Len() {
			got = append(got, string(m.Name())+"."+string(fs.Get(j).Name())+"="+strconv.Itoa(int(fs.Get(j).Number())))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Errorf("api/gen is not kiosk.proto's: run make generate\n proto: %v\n gen:   %v", want, got)
	}
}
