package config

import (
	"encoding"
	"reflect"
	"strings"
)

// envPrefix starts the name of every environment override.
const envPrefix = "KIOSK_"

// field is one key of the configuration: its dotted TOML path and, for a
// leaf, the settable struct field that holds its value.
type field struct {
	path  string
	value reflect.Value
	table bool // a [table] such as [smtp], not a value
}

// envName is the override variable for a dotted key: "smtp.port" →
// "KIOSK_SMTP_PORT".
func envName(path string) string {
	return envPrefix + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(path))
}

// fields lists every table and key of c in declaration order by walking the
// toml tags, so a new key gets env support and unknown-key checks for free.
func fields(c *Config) []field {
	var out []field
	walk(reflect.ValueOf(c).Elem(), "", &out)
	return out
}

func walk(v reflect.Value, prefix string, out *[]field) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		if !sf.IsExported() || name == "" || name == "-" {
			continue
		}
		path := prefix + name
		fv := v.Field(i)
		if sf.Type.Kind() == reflect.Struct && !isText(sf.Type) {
			*out = append(*out, field{path: path, value: fv, table: true})
			walk(fv, path+".", out)
			continue
		}
		*out = append(*out, field{path: path, value: fv})
	}
}

// isText reports whether values of t are read from text, like Duration.
func isText(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
}
