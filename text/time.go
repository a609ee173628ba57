package text

import (
	"strconv"
	"time"
)

// Duration says d in words, in the largest whole unit that reads
// naturally: "30 seconds", "1 minute", "90 minutes", "1 hour", "24 hours";
// a time that is no whole number of minutes in seconds, "90 seconds".
func (p Printer) Duration(d time.Duration) string {
	m := int(d.Minutes())
	switch {
	case d < time.Minute || d%time.Minute != 0:
		return p.T(DurationSeconds, int(d.Seconds()))
	case m >= 60 && m%60 == 0:
		return p.T(DurationHours, m/60)
	}
	return p.T(DurationMinutes, m)
}

// weekdays and months are the IDs of the days' and months' short names.
var (
	weekdays = [7]ID{DateSun, DateMon, DateTue, DateWed, DateThu, DateFri, DateSat}
	months   = [12]ID{DateJan, DateFeb, DateMar, DateApr, DateMay, DateJun, DateJul, DateAug, DateSep, DateOct, DateNov, DateDec}
)

// Clock says t as the status bar's clock does, "Mon 2 Jan 15:04", in t's
// location.
func (p Printer) Clock(t time.Time) string {
	return p.T(DateClock, p.T(weekdays[t.Weekday()]), strconv.Itoa(t.Day()), p.T(months[t.Month()-1]), t.Format("15:04"))
}

// Date says the day of t, "Mon 2 Jan 2006", in t's location. The numbers
// are written as they are, never grouped as counts are ("2,006").
func (p Printer) Date(t time.Time) string {
	return p.T(DateDay, p.T(weekdays[t.Weekday()]), strconv.Itoa(t.Day()), p.T(months[t.Month()-1]), strconv.Itoa(t.Year()))
}
