package text

// Welsh is the kiosk's second language (DESIGN §12): NHS Wales runs ESR
// too, and the Welsh Language Standards expect Welsh screens.
const Welsh Lang = "cy"

// welsh is the Welsh catalogue. Its words follow the Welsh Government's
// terminology (TermCymru); every ID English has, Welsh has too, with all
// six of Welsh's plural forms.
var welsh = &catalogue{
	lang:   Welsh,
	text:   union(welshText, welshScreens),
	plural: union(welshPlural, welshScreensPlural),
	emails: welshEmails,
}

// endonyms are the languages' names in themselves (Lang.Name).
var endonyms = map[Lang]string{English: "English", Welsh: "Cymraeg"}
