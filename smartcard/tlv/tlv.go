// Package tlv parses and builds the BER-TLV data objects of ISO/IEC 7816-4
// that PIV uses: tags of one to three bytes, definite lengths of up to
// three bytes. Parsing is strict: a length must fit the input exactly,
// and a value never reaches past its container.
package tlv

import (
	"errors"
	"fmt"
)

// ErrMalformed is data that is not well-formed BER-TLV.
var ErrMalformed = errors.New("malformed BER-TLV")

// Object is one data object. Value aliases the parsed input.
type Object struct {
	Tag   uint32
	Value []byte
}

// Constructed reports whether the object's value is itself a TLV list.
func (o Object) Constructed() bool {
	first := o.Tag
	for first > 0xFF {
		first >>= 8
	}
	return first&0x20 != 0
}

// Next parses the first object of b and returns it with the rest of b.
func Next(b []byte) (Object, []byte, error) {
	if len(b) == 0 {
		return Object{}, nil, fmt.Errorf("%w: no tag", ErrMalformed)
	}
	tag := uint32(b[0])
	i := 1
	if b[0]&0x1F == 0x1F {
		for {
			if i >= len(b) {
				return Object{}, nil, fmt.Errorf("%w: tag cut short", ErrMalformed)
			}
			if i == 3 {
				return Object{}, nil, fmt.Errorf("%w: tag longer than 3 bytes", ErrMalformed)
			}
			tag = tag<<8 | uint32(b[i])
			i++
			if b[i-1]&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return Object{}, nil, fmt.Errorf("%w: tag %X has no length", ErrMalformed, tag)
	}
	n := int(b[i])
	i++
	if n >= 0x80 {
		k := n & 0x7F
		if k == 0 || k > 3 {
			return Object{}, nil, fmt.Errorf("%w: tag %X: length form %02X", ErrMalformed, tag, n)
		}
		if i+k > len(b) {
			return Object{}, nil, fmt.Errorf("%w: tag %X: length cut short", ErrMalformed, tag)
		}
		n = 0
		for _, c := range b[i : i+k] {
			n = n<<8 | int(c)
		}
		i += k
	}
	if n > len(b)-i {
		return Object{}, nil, fmt.Errorf("%w: tag %X: length %d, %d bytes left", ErrMalformed, tag, n, len(b)-i)
	}
	return Object{Tag: tag, Value: b[i : i+n : i+n]}, b[i+n:], nil
}

// Parse parses b as a list of objects that uses up all of b.
func Parse(b []byte) ([]Object, error) {
	var out []Object
	for len(b) > 0 {
		o, rest, err := Next(b)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
		b = rest
	}
	return out, nil
}

// Only parses b as exactly one object with the given tag, nothing after it.
func Only(b []byte, tag uint32) ([]byte, error) {
	o, rest, err := Next(b)
	if err != nil {
		return nil, err
	}
	if o.Tag != tag {
		return nil, fmt.Errorf("%w: tag %X, want %X", ErrMalformed, o.Tag, tag)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after tag %X", ErrMalformed, len(rest), tag)
	}
	return o.Value, nil
}

// Find returns the value of the first object with the tag.
func Find(objs []Object, tag uint32) ([]byte, bool) {
	for _, o := range objs {
		if o.Tag == tag {
			return o.Value, true
		}
	}
	return nil, false
}

// Append appends one object to dst in the shortest encoding.
func Append(dst []byte, tag uint32, value []byte) []byte {
	switch {
	case tag > 0xFFFF:
		dst = append(dst, byte(tag>>16), byte(tag>>8), byte(tag))
	case tag > 0xFF:
		dst = append(dst, byte(tag>>8), byte(tag))
	default:
		dst = append(dst, byte(tag))
	}
	n := len(value)
	switch {
	case n < 0x80:
		dst = append(dst, byte(n))
	case n <= 0xFF:
		dst = append(dst, 0x81, byte(n))
	case n <= 0xFFFF:
		dst = append(dst, 0x82, byte(n>>8), byte(n))
	default:
		dst = append(dst, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	return append(dst, value...)
}

// Encode is Append to nothing.
func Encode(tag uint32, value []byte) []byte { return Append(nil, tag, value) }
