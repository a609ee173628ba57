package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// demoUser is one member of the demo staff, with a password that passes
// every profile's rules.
type demoUser struct {
	first, last, email, dob, role, ward, password string
}

// demoStaff is the demo data set: varied roles and wards, an accented name.
var demoStaff = []demoUser{
	{"Jane", "Smith", "jane.smith@example.nhs.uk", "1985-03-14", "Staff Nurse", "Ward 7", "Brisk-Owl-Lamp-48"},
	{"Amir", "Khan", "amir.khan@example.nhs.uk", "1990-11-02", "Healthcare Assistant", "Ward 7", "Quiet-Cobalt-Fern-93"},
	{"Olusegun", "Adeyemi", "olusegun.adeyemi@example.nhs.uk", "1978-06-21", "Ward Manager", "Ward 3", "Velvet-Pylon-Crisp-27"},
	{"Siobhan", "O'Brien", "siobhan.obrien@example.nhs.uk", "1995-01-30", "Junior Doctor", "Emergency Department", "Gravel-Tundra-Wisp-61"},
	{"Wei", "Chen", "wei.chen@example.nhs.uk", "1982-09-09", "Pharmacist", "Pharmacy", "Ember-Quilt-Sprocket-75"},
	{"Zoë", "Hughes", "zoe.hughes@example.nhs.uk", "1988-12-05", "Physiotherapist", "Ward 12", "Tulip-Gizmo-Haven-39"},
}

func runDemo(ctx context.Context, e *Env, args []string) error {
	if _, err := parse(flag.NewFlagSet("demo", flag.ContinueOnError), args); err != nil {
		return err
	}
	if e.Remote {
		return &FailError{"the demo data set is made on the kiosk itself, not over SSH"}
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	existing, err := k.Service.Users(ctx)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return &FailError{"the data directory already holds users; give a new --data directory for the demo"}
	}
	var made []auth.User
	for i, d := range demoStaff {
		dob, err := time.Parse(time.DateOnly, d.dob)
		if err != nil {
			return err
		}
		u, err := k.Service.CreateUser(ctx, e.Actor, auth.NewUser{FirstName: d.first, LastName: d.last,
			Email: d.email, DOB: dob, Role: d.role, Ward: d.ward, Password: d.password})
		if err != nil {
			return fmt.Errorf("demo user %s %s: %w", d.first, d.last, err)
		}
		made = append(made, u)
		if i == 0 {
			if err := k.Service.MarkDemo(ctx, u.Username+" "+d.password); err != nil {
				return err
			}
		}
		fmt.Fprintln(e.Stdout, u.Username, d.password, field(d.first), field(d.last), field(d.role), field(d.ward))
	}
	return demoCards(ctx, e, k, made)
}

func runVersion(ctx context.Context, e *Env, args []string) error {
	if _, err := parse(flag.NewFlagSet("version", flag.ContinueOnError), args); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "kiosk %s\n", e.Version)
	return nil
}

// field keeps a value one word on a space-separated line: spaces become _.
func field(s string) string { return strings.ReplaceAll(dash(s), " ", "_") }
