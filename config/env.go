package config

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// applyEnv overrides every key whose KIOSK_* variable is set, and reports
// every bad value rather than stopping at the first.
func applyEnv(c *Config, lookupEnv func(string) (string, bool)) []error {
	var errs []error
	for _, f := range fields(c) {
		if f.table {
			continue
		}
		name := envName(f.path)
		s, ok := lookupEnv(name)
		if !ok {
			continue
		}
		if err := setText(f.value, s); err != nil {
			errs = append(errs, &keyError{key: f.path, env: name, problem: err.Error()})
		}
	}
	return errs
}

// setText sets v from an environment value. Lists are comma-separated; a
// pointer (kiosk_mode) is unset by "auto" or "".
func setText(v reflect.Value, s string) error {
	if isText(v.Type()) {
		return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, ok := parseBool(s)
		if !ok {
			return fmt.Errorf("%q is not a boolean (want true, false, 1 or 0)", s)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, v.Type().Bits())
		if errors.Is(err, strconv.ErrRange) {
			return fmt.Errorf("%q is out of range", s)
		}
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		v.SetInt(n)
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("cannot be set from the environment (type %s)", v.Type())
		}
		list := reflect.MakeSlice(v.Type(), 0, strings.Count(s, ",")+1)
		for item := range strings.SplitSeq(s, ",") {
			if item = strings.TrimSpace(item); item != "" {
				list = reflect.Append(list, reflect.ValueOf(item).Convert(v.Type().Elem()))
			}
		}
		v.Set(list)
	case reflect.Pointer:
		if t := strings.TrimSpace(s); t == "" || strings.EqualFold(t, "auto") {
			v.SetZero()
			return nil
		}
		n := reflect.New(v.Type().Elem())
		if err := setText(n.Elem(), s); err != nil {
			if n.Elem().Kind() == reflect.Bool {
				return fmt.Errorf("%q is not a boolean (want true, false, 1, 0 or auto)", s)
			}
			return err
		}
		v.Set(n)
	default:
		return fmt.Errorf("cannot be set from the environment (type %s)", v.Type())
	}
	return nil
}

// parseBool accepts exactly what the docs promise: true, false, 1, 0.
func parseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}
