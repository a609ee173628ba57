package tlv

import (
	"bytes"
	"errors"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, tag := range []uint32{0x53, 0x7C, 0x5FC105, 0x7F61} {
		for _, n := range []int{0, 1, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000} {
			v := bytes.Repeat([]byte{7}, n)
			b := Encode(tag, v)
			got, err := Only(b, tag)
			if err != nil || !bytes.Equal(got, v) {
				t.Fatalf("tag %X len %d: %v", tag, n, err)
			}
		}
	}
}

func TestParse(t *testing.T) {
	b := Append(Append(nil, 0x70, []byte{1, 2}), 0x71, []byte{0})
	objs, err := Parse(b)
	if err != nil || len(objs) != 2 {
		t.Fatal(objs, err)
	}
	if v, ok := Find(objs, 0x71); !ok || !bytes.Equal(v, []byte{0}) {
		t.Fatal("find")
	}
	if (Object{Tag: 0x7C}).Constructed() != true || (Object{Tag: 0x5FC105}).Constructed() != false {
		t.Fatal("constructed")
	}
}

func TestRejects(t *testing.T) {
	for _, b := range [][]byte{
		{0x53},                      // no length
		{0x53, 0x02, 1},             // short value
		{0x53, 0x80},                // indefinite length
		{0x53, 0x84, 0, 0, 0, 1, 0}, // 4-byte length
		{0x53, 0x82, 0x01},          // length cut short
		{0x5F},                      // tag cut short
		{0x5F, 0xC1},                // tag cut short
		{0x5F, 0xC1, 0x85, 0x05, 0}, // 4-byte tag
		{0x53, 0x81, 0xFF, 1, 2},    // long length, little data
	} {
		if objs, err := Parse(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("% X parsed as %v", b, objs)
		}
	}
	if _, err := Only(append(Encode(0x53, nil), 0), 0x53); !errors.Is(err, ErrMalformed) {
		t.Error("trailing byte accepted")
	}
	if _, err := Only(Encode(0x54, nil), 0x53); !errors.Is(err, ErrMalformed) {
		t.Error("wrong tag accepted")
	}
}

// FuzzParse: never panics, values stay inside the input, and re-encoding
// what parsed parses to the same objects.
func FuzzParse(f *testing.F) {
	f.Add(Encode(0x53, Append(Encode(0x70, []byte{1, 2, 3}), 0x71, []byte{0})))
	f.Add([]byte{0x7C, 0x81, 0x02, 0x82, 0x00})
	f.Add([]byte{0x5F, 0xC1, 0x05, 0x82, 0x00, 0x01, 0xAA})
	f.Fuzz(func(t *testing.T, b []byte) {
		objs, err := Parse(b)
		if err != nil {
			return
		}
		var enc []byte
		total := 0
		for _, o := range objs {
			total += len(o.Value)
			enc = Append(enc, o.Tag, o.Value)
		}
		if total > len(b) {
			t.Fatalf("values longer than the input")
		}
		again, err := Parse(enc)
		if err != nil || len(again) != len(objs) {
			t.Fatalf("re-encoded % X: %v", enc, err)
		}
		for i := range objs {
			if again[i].Tag != objs[i].Tag || !bytes.Equal(again[i].Value, objs[i].Value) {
				t.Fatalf("object %d changed", i)
			}
		}
	})
}
