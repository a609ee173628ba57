// Command fleet starts a Trust on one machine for a demonstration (make
// fleet): a private PostgreSQL, a throwaway CA with the service's and
// three terminals' certificates, two service instances and mailpit, then
// prints how to start client kiosks against them, and keeps it all
// running until ctrl+c. Nothing in it is fit for a real Trust: the CA's
// key lies in a file and the database does not sync to disk.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wardkiosk/kiosk/internal/fleet"
)

func main() {
	kiosk := flag.String("kiosk", "bin/kiosk", "the kiosk binary")
	mailpit := flag.String("mailpit", "bin/mailpit", "mailpit, for the instances' mail (\"\" for none)")
	dir := flag.String("dir", ".fleet", "where the fleet keeps its files; emptied first")
	flag.Parse()
	if err := run(*kiosk, *mailpit, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(1)
	}
}

func run(kiosk, mailpit, dir string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if kiosk, err = filepath.Abs(kiosk); err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	o := fleet.Options{Kiosk: kiosk, Dir: dir, Terminals: []fleet.Terminal{
		{Name: "WARD7-T1", Ward: "Ward 7"}, {Name: "WARD7-T2", Ward: "Ward 7"}, {Name: "WARD8-T1", Ward: "Ward 8"}}}
	log, err := os.Create(filepath.Join(dir, "service.log"))
	if err != nil {
		return err
	}
	defer log.Close()
	o.Log = log
	web := ""
	if mailpit != "" {
		smtp, http, stopMail, err := startMailpit(mailpit, dir)
		if err != nil {
			return err
		}
		defer stopMail()
		o.SMTPPort, web = smtp, "http://127.0.0.1:"+strconv.Itoa(http)
	}
	f, demo, err := fleet.Start(ctx, o)
	if err != nil {
		return err
	}
	defer f.Stop()
	fmt.Printf("A Trust on this machine, in %s (its log: service.log):\n\n", dir)
	fmt.Printf("  PostgreSQL    %s\n", f.StoreURL)
	for _, in := range f.Instances {
		fmt.Printf("  instance %s    %s  (maintainers: ssh -p %d 127.0.0.1, keys in %s/authorized_keys)\n",
			in.Name, in.URL, in.SSHPort, in.Data)
	}
	fmt.Printf("  CA            %s (the service's and terminals' certificates: service.pem, <terminal>.pem)\n", f.CAFile)
	if web != "" {
		fmt.Printf("  mail          %s\n", web)
	}
	fmt.Printf("\nStaff (username, password, name, role, ward):\n\n")
	for _, l := range strings.Split(strings.TrimSpace(demo), "\n") {
		fmt.Printf("  %s\n", l)
	}
	fmt.Printf("\nStart a client kiosk in another terminal, one per registered terminal:\n\n")
	for _, t := range o.Terminals {
		fmt.Printf("  %s KIOSK_KIOSK_MODE=false %s --data %s\n\n", strings.Join(f.ClientEnv(t.Name), " "), kiosk,
			filepath.Join(dir, "kiosk-"+t.Name))
	}
	fmt.Println("ctrl+c stops the fleet.")
	<-ctx.Done()
	fmt.Println("\nStopping the fleet.")
	return f.Stop()
}

// startMailpit runs mailpit on loopback for the instances' mail.
func startMailpit(bin, dir string) (smtp, http int, stop func(), err error) {
	if smtp, err = freePort(); err != nil {
		return 0, 0, nil, err
	}
	if http, err = freePort(); err != nil {
		return 0, 0, nil, err
	}
	cmd := exec.Command(bin, "--smtp", "127.0.0.1:"+strconv.Itoa(smtp), "--listen", "127.0.0.1:"+strconv.Itoa(http),
		"--database", filepath.Join(dir, "mailpit.db"), "--disable-version-check", "--smtp-disable-rdns")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return 0, 0, nil, fmt.Errorf("mailpit: %w", err)
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(smtp)); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			return 0, 0, nil, fmt.Errorf("mailpit does not listen on %d", smtp)
		}
	}
	return smtp, http, func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }, nil
}

// freePort is a TCP port on 127.0.0.1 free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
