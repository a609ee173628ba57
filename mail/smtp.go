package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// TLS modes of the relay connection (config smtp.tls).
const (
	TLSImplicit         = "tls"               // TLS from the first byte, usually port 465
	TLSStartTLS         = "starttls"          // STARTTLS, refusing a server without it
	TLSStartTLSOptional = "starttls-optional" // STARTTLS when offered, else clear
	TLSNone             = "none"              // clear text; config allows it on loopback only
)

// Relay says how to reach the Trust's SMTP relay.
type Relay struct {
	// Host is the relay's name or IP address (an IPv6 address with or
	// without brackets); Port its TCP port.
	Host string
	Port int
	// TLS is one of TLSImplicit, TLSStartTLS, TLSStartTLSOptional, TLSNone.
	TLS string
	// Username and Password enable SMTP AUTH when Username is set.
	Username, Password string
	// Timeout bounds the connection and each SMTP command (30s).
	Timeout time.Duration
	// RootCAs verifies the relay's certificate; nil means the system pool.
	RootCAs *x509.CertPool
	// HELO is the name the kiosk gives in EHLO; "" means the host name.
	HELO string
}

// session is one SMTP connection, through which messages go one by one.
type session interface {
	// send delivers msg; it reports delivered=true when the server took
	// the message even if a later step (RSET) failed.
	send(msg *gomail.Msg) (delivered bool, err error)
	close()
}

// dialer opens sessions; the SMTP one is smtpDialer, tests bring fakes.
type dialer interface {
	dial(ctx context.Context) (session, error)
}

// smtpDialer opens SMTP sessions to a Relay with go-mail.
type smtpDialer struct {
	relay Relay
}

// dial connects, says EHLO, secures the connection as the TLS mode says
// and authenticates. Every connection it opens is closed when ctx ends, so
// an attempt never outlives its budget (and so its lease).
func (d smtpDialer) dial(ctx context.Context) (session, error) {
	r := d.relay
	host := strings.TrimSuffix(strings.TrimPrefix(r.Host, "["), "]")
	addr := net.JoinHostPort(host, strconv.Itoa(r.Port))
	conns := &connSet{}
	tlsConf := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12, RootCAs: r.RootCAs}
	opts := []gomail.Option{
		gomail.WithPort(r.Port),
		gomail.WithTimeout(r.Timeout),
		gomail.WithTLSConfig(tlsConf),
		// Our own dial function, so that we can close what go-mail leaves
		// open and dial IPv6 literals (go-mail joins host:port by hand).
		gomail.WithDialContextFunc(conns.dialer(addr, r.TLS == TLSImplicit, tlsConf)),
	}
	if r.HELO != "" {
		opts = append(opts, gomail.WithHELO(r.HELO))
	}
	switch r.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSStartTLSOptional:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("mail: unknown TLS mode %q", r.TLS)
	}
	if r.Username != "" {
		opts = append(opts, gomail.WithSMTPAuthCustom(&chooseAuth{user: r.Username, pass: r.Password, host: host}))
	}
	c, err := gomail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	stop := context.AfterFunc(ctx, conns.closeAll)
	sc, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		stop()
		conns.closeAll() // go-mail leaves the connection open when AUTH fails
		return nil, fmt.Errorf("connect to %s: %w", addr, err)
	}
	return &smtpSession{client: c, sc: sc, conns: conns, stop: stop}, nil
}

// smtpSession is a live go-mail connection.
type smtpSession struct {
	client *gomail.Client
	sc     *smtp.Client
	conns  *connSet
	stop   func() bool
}

func (s *smtpSession) send(msg *gomail.Msg) (bool, error) {
	err := s.client.SendWithSMTPClient(s.sc, msg)
	return msg.IsDelivered(), err
}

func (s *smtpSession) close() {
	_ = s.client.CloseWithSMTPClient(s.sc) // QUIT; the message outcomes are already known
	s.stop()
	s.conns.closeAll()
}

// connSet remembers the connections of one session so they can be closed
// whatever go-mail does with them.
type connSet struct {
	mu    sync.Mutex
	conns []net.Conn
}

// dialer returns the dial function go-mail uses: TCP to addr, wrapped in
// TLS for implicit TLS (go-mail skips its own TLS when given a dial
// function).
func (s *connSet) dialer(addr string, implicitTLS bool, conf *tls.Config) gomail.DialContextFunc {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		if implicitTLS {
			tc := tls.Client(conn, conf)
			if err := tc.HandshakeContext(ctx); err != nil {
				conn.Close()
				return nil, err
			}
			conn = tc
		}
		s.mu.Lock()
		s.conns = append(s.conns, conn)
		s.mu.Unlock()
		return conn, nil
	}
}

func (s *connSet) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.Close()
	}
	s.conns = nil
}

// connectionLost reports whether a send error leaves the session unusable:
// a failed connection check, an error without an SMTP reply code (the
// network), or 421 (the relay is closing the connection). A 4xx or 5xx
// reply to one message leaves the session fit for the next.
func connectionLost(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return true
	}
	if se.Reason == gomail.ErrConnCheck {
		return true
	}
	code := se.ErrorCode()
	return code == 0 || code == 421
}

// Probe connects to the relay as a delivery would (TLS as the mode says,
// AUTH when a username is set), then says QUIT: nothing is sent. It is
// `kiosk doctor`'s check that mail can go.
func Probe(ctx context.Context, r Relay) error {
	if r.Timeout <= 0 {
		r.Timeout = 30 * time.Second
	}
	s, err := smtpDialer{relay: r}.dial(ctx)
	if err != nil {
		return err
	}
	s.close()
	return nil
}
