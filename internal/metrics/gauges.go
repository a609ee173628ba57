package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wardkiosk/kiosk/auth"
)

// scrapeTimeout bounds the store reads of one scrape.
const scrapeTimeout = 5 * time.Second

var (
	outboxDepth = prometheus.NewDesc("kiosk_outbox_depth",
		"Messages waiting in the outbox.", nil, nil)
	outboxOldest = prometheus.NewDesc("kiosk_outbox_oldest_age_seconds",
		"Age of the oldest message waiting in the outbox (0 when none waits).", nil, nil)
	terminalsOnline = prometheus.NewDesc("kiosk_terminals_online",
		"Terminals whose last heartbeat is within 30 s.", nil, nil)
	storeUp = prometheus.NewDesc("kiosk_store_up",
		"1 when the last scrape read the store, else 0.", nil, nil)
)

// storeCollector reads the outbox and the terminals' heartbeats at each
// scrape: a gauge kept in memory would be one instance's view only.
type storeCollector struct {
	src Source
	now func() time.Time
}

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepth
	ch <- outboxOldest
	ch <- terminalsOnline
	ch <- storeUp
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	now := c.now()
	up := 1.0
	if ms, err := c.src.Messages(ctx); err == nil {
		depth, oldest := 0, 0.0
		for _, m := range ms {
			if m.Status != auth.MessageQueued {
				continue
			}
			depth++
			oldest = max(oldest, now.Sub(m.CreatedAt).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(depth))
		ch <- prometheus.MustNewConstMetric(outboxOldest, prometheus.GaugeValue, oldest)
	} else {
		up = 0
	}
	if ts, err := c.src.Terminals(ctx); err == nil {
		n := 0
		for _, t := range ts {
			if !t.LastSeen.IsZero() && now.Sub(t.LastSeen) <= OnlineWithin {
				n++
			}
		}
		ch <- prometheus.MustNewConstMetric(terminalsOnline, prometheus.GaugeValue, float64(n))
	} else {
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(storeUp, prometheus.GaugeValue, up)
}
