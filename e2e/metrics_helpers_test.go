package e2e

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// scrapeMetrics reads an instance's /metrics.
func scrapeMetrics(t testing.TB, base string) string {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s/metrics: %s %v", base, res.Status, err)
	}
	return string(b)
}

// metricValue is the value of the series named exactly (name and labels
// as exposed), or -1 when it is absent.
func metricValue(body, series string) float64 {
	for _, l := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(l, series+" "); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				return f
			}
		}
	}
	return -1
}
