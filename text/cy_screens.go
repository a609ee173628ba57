package text

// welshScreens are the Welsh words of the kiosk's frame, its screens and
// the smartcard's errors: englishScreens in Welsh, ID for ID.
//
// Terms follow the Welsh Government's TermCymru: enw defnyddiwr
// (username), cyfrinair (password), mewngofnodi (log in, sign in),
// allgofnodi (log out), cod ailosod (reset code), cerdyn clyfar
// (smartcard), cod pas (passcode), Cymorth Mewngofnodi (Login
// Assistance), ciosg (kiosk), terfynell (terminal), all-lein and ar-lein
// (offline, online), desg wasanaeth TG (IT service desk). Staff are
// spoken to as "chi", as NHS Wales does.
//
// Labels, buttons and help words are as short as natural Welsh allows:
// field labels fit the screens' 17-column label column with a space to
// spare, guidance lines and the idle warning fit a 72-column window
// unwrapped, and every help line fits on one row. That is why "Current
// password" is "Hen gyfrinair" (Cyfrinair cyfredol is 18 columns), a
// confirming field is "Cyfrinair eto", "Last sign-in" is "Mewngofnodi
// olaf", and the status bar says "Cerdyn:" where English says "Smartcard:".
// Long messages avoid a hyphenated word (ar-lein) where the 64-column body
// would wrap it.
var welshScreens = map[ID]string{
	// The frame.
	KioskWindowTitle:    "Ciosg y Ward",
	HeaderTitle:         "ESR  Ciosg y Ward",
	HeaderSignedIn:      "Wedi mewngofnodi: %[1]s",
	StatusTerminal:      "Terfynell %[1]s",
	StatusCardOff:       "Cerdyn: heb ei osod",
	StatusCardNoService: "Cerdyn: dim gwasanaeth",
	StatusCardNoReader:  "Cerdyn: dim darllenydd",
	StatusCardNoCard:    "Cerdyn: darllenydd gwag",
	StatusCardIn:        "Cerdyn: yn y darllenydd",
	StatusCardSession:   "Cerdyn: wedi mewngofnodi fel %[1]s",

	StatusOffline:         "Gweithio all-lein",
	OfflineAssistance:     "Mae angen rhwydwaith ar Gymorth Mewngofnodi. Holwch gydweithiwr mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
	OfflineReset:          "Rhaid cael y rhwydwaith i ailosod cyfrinair. Defnyddiwch eich cod mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
	OfflineChangePassword: "Rhaid cael y rhwydwaith i newid eich cyfrinair. Newidiwch ef mewn ciosg ar-lein, neu yma pan fydd y ciosg hwn ar-lein eto.",
	OfflinePasswordSignIn: "Mae'r ciosg hwn yn gweithio all-lein: nid yw mewngofnodi â chyfrinair ar gael. Mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
	// Offline sign-in's refusals.
	OfflineCardSignIn:     "Mae'r ciosg hwn yn gweithio all-lein: nid yw mewngofnodi â cherdyn clyfar ar gael. Mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
	OfflineNotOnRoster:    "Mae'r ciosg hwn yn gweithio all-lein, a dim ond staff a fewngofnododd ar y ward hon yn ddiweddar a all fewngofnodi yma. Mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
	OfflineTooLong:        "Mae'r ciosg hwn wedi bod all-lein yn rhy hir i neb allu mewngofnodi. Mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
	OfflinePasswordClosed: "Nid yw mewngofnodi â chyfrinair all-lein ar gael i chi mwyach, ar ôl gormod o gyfrineiriau anghywir. Mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
	// What Login and Smartcard say of offline sign-in.
	OfflinePasswordOffered:       "Mae'r ciosg hwn yn gweithio all-lein: dim ond staff a fewngofnododd yn y ciosg hwn yn ddiweddar a all fewngofnodi â chyfrinair. Fel arall, mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
	OfflineCardOffered:           "Mae'r ciosg hwn yn gweithio all-lein: gall staff y ward hon fewngofnodi â cherdyn.",
	OfflineSessionChangePassword: "Roedd y ciosg hwn all-lein pan wnaethoch fewngofnodi. I newid eich cyfrinair, allgofnodwch, yna mewngofnodwch eto pan fydd yn ôl ar-lein.",

	IdleStillThere:  "Ydych chi'n dal yno?",
	IdleStay:        "Pwyswch unrhyw fysell i aros.",
	TooSmallKiosk:   "Mae'r ffenestr hon yn rhy fach i'r ciosg.",
	TooSmallConsole: "Mae'r ffenestr hon yn rhy fach i'r consol.",
	TooSmallSize:    "Gwnewch hi o leiaf %[1]d x %[2]d (mae hi'n %[3]d x %[4]d).",

	// The help line: every screen's line fits 72 columns (the longest,
	// Reset's and Change password's last field, is 71).
	HelpNext:           "nesaf",
	HelpPrevious:       "blaenorol",
	HelpChoose:         "dewis",
	HelpOpen:           "agor",
	HelpLogIn:          "mewngofnodi",
	HelpSetPassword:    "gosod cyfrinair",
	HelpChangePassword: "newid cyfrinair",
	HelpShowPassword:   "dangos cyfrinair",
	HelpHidePassword:   "cuddio cyfrinair",
	HelpShowPasscode:   "dangos cod pas",
	HelpHidePasscode:   "cuddio cod pas",
	HelpBack:           "yn ôl",
	HelpBackToLogin:    "yn ôl i fewngofnodi",
	HelpClear:          "clirio",
	HelpScroll:         "sgrolio",
	HelpPage:           "tudalen",
	HelpTopBottom:      "brig/gwaelod",
	HelpAnyKey:         "pwyswch unrhyw fysell",
	HelpStay:           "i aros",

	// Dates: CLDR's short Welsh names of the days and months.
	DateClock: "%[1]s %[2]s %[3]s %[4]s",
	DateDay:   "%[1]s %[2]s %[3]s %[4]s",
	DateSun:   "Sul", DateMon: "Llun", DateTue: "Maw", DateWed: "Mer", DateThu: "Iau", DateFri: "Gwen", DateSat: "Sad",
	DateJan: "Ion", DateFeb: "Chwef", DateMar: "Maw", DateApr: "Ebr", DateMay: "Mai", DateJun: "Meh",
	DateJul: "Gorff", DateAug: "Awst", DateSep: "Medi", DateOct: "Hyd", DateNov: "Tach", DateDec: "Rhag",

	// Shared by the screens.
	FieldUsername:  "Enw defnyddiwr",
	UsernameHint:   "Mae eich enw defnyddiwr ar ffurf 382XXXXXXX0X",
	FieldPassword:  "Cyfrinair",
	ButtonBack:     "Yn ôl",
	SomethingWrong: "Aeth rhywbeth o'i le. Rhowch gynnig arall arni, neu ewch at derfynell arall.",

	// Login.
	LoginTitle:        "Hunanwasanaeth Gweithwyr",
	ButtonLogIn:       "Mewngofnodi",
	ButtonSmartcard:   "Mewngofnodi â cherdyn clyfar",
	LinkAssistance:    "Wedi anghofio eich enw defnyddiwr neu gyfrinair?",
	LoginChecking:     "Wrthi'n gwirio eich manylion...",
	LoginNeedBoth:     "Rhowch eich enw defnyddiwr a'ch cyfrinair.",
	LoginNeedUsername: "Rhowch eich enw defnyddiwr.",
	LoginNeedPassword: "Rhowch eich cyfrinair.",
	LoginStopped:      "Cawsoch eich allgofnodi: cafodd eich cyfrif ei analluogi neu ei gloi gan un o gynhalwyr y ciosg.",
	LoginNoSmartcard:  "Nid yw mewngofnodi â cherdyn clyfar wedi'i osod ar y derfynell hon. Mewngofnodwch â'ch enw defnyddiwr a'ch cyfrinair.",
	DemoBadge:         "Demo",
	DemoTry:           "ceisiwch %[1]s",

	// Login Assistance and Sent.
	AssistanceTitle:        "Cymorth Mewngofnodi",
	AssistPasswordHeading:  "Wedi anghofio cyfrinair",
	AssistPasswordGuidance: "Os gwyddoch eich enw defnyddiwr, e-bostiwn god ailosod atoch.",
	FieldWorkEmail:         "E-bost gwaith",
	ButtonForgotPassword:   "Wedi anghofio cyfrinair",
	AssistUsernameHeading:  "Wedi anghofio enw defnyddiwr",
	AssistUsernameGuidance: "Os na wyddoch eich enw defnyddiwr, e-bostiwn ef atoch.",
	FieldDateOfBirth:       "Dyddiad geni",
	DateOfBirthPlaceholder: "DD/MM/BBBB",
	ButtonForgotUsername:   "Wedi anghofio enw defnyddiwr",
	ButtonHaveCode:         "Mae gen i god ailosod",
	AssistNeedUserEmail:    "Rhowch eich enw defnyddiwr a'ch e-bost gwaith.",
	AssistNeedEmailDOB:     "Rhowch eich e-bost gwaith a'ch dyddiad geni ar ffurf DD/MM/BBBB.",
	AssistBadDOB:           "Rhowch eich dyddiad geni ar ffurf DD/MM/BBBB, e.e. 25/07/1991.",
	SentMessage:            "Os yw'r manylion a roesoch yn cyfateb i'n cofnodion, rydym wedi anfon e-bost i'ch cyfeiriad gwaith.",
	ButtonBackToLogin:      "Yn ôl i fewngofnodi",

	// Reset and Change password.
	ResetTitle:           "Gosod eich cyfrinair",
	FieldResetCode:       "Cod ailosod",
	ResetCodePlaceholder: "XXXX-XXXX-XXXX",
	FieldConfirmPassword: "Cyfrinair eto",
	ButtonSetPassword:    "Gosod cyfrinair",
	ResetSetting:         "Wrthi'n gosod eich cyfrinair...",
	ResetNeedAll:         "Llenwch y cod ailosod, eich enw defnyddiwr a'r cyfrinair newydd ddwywaith.",
	ResetDone:            "Mae eich cyfrinair wedi'i osod. Mewngofnodwch â'ch cyfrinair newydd.",
	ChangeTitle:          "Newid cyfrinair",
	FieldCurrentPassword: "Hen gyfrinair",
	FieldNewPassword:     "Cyfrinair newydd",
	FieldConfirmNew:      "Cyfrinair eto",
	ButtonChangePassword: "Newid cyfrinair",
	ButtonCancel:         "Canslo",
	ChangeChanging:       "Wrthi'n newid eich cyfrinair...",
	ChangeNeedAll:        "Llenwch eich hen gyfrinair a'r cyfrinair newydd ddwywaith.",
	ChangeDone:           "Mae eich cyfrinair wedi'i newid.",
	PasswordsMatchLabel:  "Y ddau gyfrinair yn cyfateb",

	// The Portal and the guides.
	PortalWelcome:      "Croeso, %[1]s %[2]s",
	PortalRole:         "Rôl",
	PortalWard:         "Ward",
	PortalLastSignIn:   "Mewngofnodi olaf",
	PortalNotRecorded:  "Heb ei gofnodi",
	PortalFirstSignIn:  "Dyma'r tro cyntaf i chi fewngofnodi.",
	PortalNotYou:       "Os nad chi oedd hynny, newidiwch eich cyfrinair a rhowch wybod i'ch desg wasanaeth TG.",
	PortalGuides:       "Canllawiau defnyddwyr",
	ButtonLogOut:       "Allgofnodi",
	PortalGuideMissing: "Nid oedd modd agor y canllaw hwn. Rhowch wybod i'ch desg wasanaeth TG.",
	SignInToday:        "Heddiw am %[1]s",
	SignInTodayOn:      "Heddiw am %[1]s ar derfynell %[2]s",
	SignInYesterday:    "Ddoe am %[1]s",
	SignInYesterdayOn:  "Ddoe am %[1]s ar derfynell %[2]s",
	SignInDay:          "%[1]s am %[2]s",
	SignInDayOn:        "%[1]s am %[2]s ar derfynell %[3]s",
	SignInOnTerminal:   "ar derfynell %[1]s",
	GuideTrustComputer: "Cael mynediad i ESR ar gyfrifiadur yr Ymddiriedolaeth",
	GuideOtherDevices:  "Cael mynediad i ESR o ddyfeisiau eraill",
	GuideBookingClass:  "Archebu lle ar ddosbarth",
	GuideELearning:     "Chwilio am gyrsiau e-ddysgu",
	GuideLinesEnd:      "Llinellau %[1]d-%[2]d o %[3]d (diwedd)",
	GuideLinesMore:     "Llinellau %[1]d-%[2]d o %[3]d, i lawr am ragor",

	// The Smartcard screen.
	CardTitle:         "Mewngofnodi â cherdyn clyfar",
	CardInsert:        "Rhowch eich cerdyn clyfar i mewn",
	CardEnterPasscode: "Rhowch eich cod pas",
	CardTakenOut:      "Tynnwyd y cerdyn allan. Rhowch ef i mewn eto i fewngofnodi.",
	CardLocked:        "Mae'r sesiwn hon wedi'i chloi. Rhowch eich cerdyn clyfar i mewn a theipiwch eich cod pas i barhau.",
	CardUnreadable:    "Nid oedd modd darllen y cerdyn. Tynnwch ef allan, rhowch ef yn ôl, a cheisiwch eto.",
	CardNoService:     "Nid yw mewngofnodi â cherdyn clyfar yn gweithio ar y derfynell hon: nid yw'r gwasanaeth cerdyn clyfar yn rhedeg. Mewngofnodwch â'ch enw defnyddiwr a'ch cyfrinair, a rhowch wybod i'ch desg wasanaeth TG.",
	CardNoReader:      "Nid oes darllenydd cardiau clyfar wedi'i gysylltu â'r derfynell hon. Cysylltwch un. Fel arall, mewngofnodwch â'ch enw defnyddiwr a'ch cyfrinair.",
	CardReaderNoCard:  "Darllenydd: dim cerdyn",
	CardReaderCardIn:  "Darllenydd: cerdyn yn y darllenydd",
	CardInReader:      "Cerdyn yn %[1]s",
	FieldPasscode:     "Cod pas",
	CardNeedPasscode:  "Rhowch god pas eich cerdyn.",
	CardChecking:      "Wrthi'n gwirio eich cerdyn...",

	// The card's errors.
	CardErrNoService:      "Nid yw'r gwasanaeth cerdyn clyfar yn rhedeg.",
	CardErrNoReader:       "Nid oes darllenydd cardiau clyfar wedi'i gysylltu.",
	CardErrNoCard:         "Nid oes cerdyn yn y darllenydd.",
	CardErrRemoved:        "Tynnwyd y cerdyn allan.",
	CardErrNotRecognised:  "Nid yw'r cerdyn hwn yn cael ei adnabod.",
	CardErrTriesFew:       "Nid yw'r cod pas yn gywir. Dim ond ychydig o gynigion sydd ar ôl cyn i'r cerdyn gael ei rwystro.",
	CardWarnLastTry:       "Mae gan y cerdyn hwn 1 cynnig ar ôl: bydd cod pas anghywir nawr yn ei rwystro. Os nad ydych yn siŵr ohono, gofynnwch i'r ddesg wasanaeth.",
	CardErrDriver:         "Nid yw mewngofnodi â cherdyn clyfar yn gweithio ar y ciosg hwn. Mewngofnodwch â'ch enw defnyddiwr a'ch cyfrinair, neu ffoniwch y ddesg wasanaeth TG.",
	CardErrWrongPasscode:  "Nid yw'r cod pas yn gywir.",
	CardErrBlocked:        "Mae'r cerdyn hwn wedi'i rwystro: gormod o godau pas anghywir; gofynnwch i'r ddesg wasanaeth ei ddadrwystro.",
	CardErrPasscodeFormat: "Mae cod pas rhwng 6 ac 8 digid.",
	CardErrBadSignature:   "Methodd y cerdyn hwn ei wiriad diogelwch.",
	CardErrExpired:        "Mae tystysgrif y cerdyn hwn wedi dod i ben.",
	CardErrNotYetValid:    "Nid yw tystysgrif y cerdyn hwn yn ddilys eto.",
	CardErrUntrusted:      "Ni chafodd y cerdyn hwn ei gyhoeddi gan yr Ymddiriedolaeth.",
	CardErrRevoked:        "Mae tystysgrif y cerdyn hwn wedi'i dirymu.",
	CardErrKeyUsage:       "Nid yw tystysgrif y cerdyn hwn ar gyfer mewngofnodi.",
	CardErrKeyType:        "Nid yw math allwedd y cerdyn hwn yn cael ei gefnogi (ECDSA P-256 neu RSA 2048).",
}

// welshScreensPlural are englishScreensPlural in Welsh, in all six of
// Welsh's plural forms (CLDR: zero 0, one 1, two 2, few 3, many 6, other
// the rest). A noun after a number stays singular and takes the number's
// mutation: soft after 2 ("2 funud", "2 gynnig"), aspirate after 3 and 6
// ("3 chynnig", "6 chynnig"), as when the number is written out.
var welshScreensPlural = map[ID]forms{
	IdleClear: {arg: 1,
		zero:  "Er eich diogelwch, caiff y sgrin ei chlirio ymhen %[1]d eiliad.",
		one:   "Er eich diogelwch, caiff y sgrin ei chlirio ymhen %[1]d eiliad.",
		two:   "Er eich diogelwch, caiff y sgrin ei chlirio ymhen %[1]d eiliad.",
		few:   "Er eich diogelwch, caiff y sgrin ei chlirio ymhen %[1]d eiliad.",
		many:  "Er eich diogelwch, caiff y sgrin ei chlirio ymhen %[1]d eiliad.",
		other: "Er eich diogelwch, caiff y sgrin ei chlirio ymhen %[1]d eiliad."},
	IdleLogout: {arg: 1,
		zero:  "Er eich diogelwch, cewch eich allgofnodi ymhen %[1]d eiliad.",
		one:   "Er eich diogelwch, cewch eich allgofnodi ymhen %[1]d eiliad.",
		two:   "Er eich diogelwch, cewch eich allgofnodi ymhen %[1]d eiliad.",
		few:   "Er eich diogelwch, cewch eich allgofnodi ymhen %[1]d eiliad.",
		many:  "Er eich diogelwch, cewch eich allgofnodi ymhen %[1]d eiliad.",
		other: "Er eich diogelwch, cewch eich allgofnodi ymhen %[1]d eiliad."},
	IdleConsole: {arg: 1,
		zero:  "Bydd y sesiwn hon yn cau ymhen %[1]d eiliad.",
		one:   "Bydd y sesiwn hon yn cau ymhen %[1]d eiliad.",
		two:   "Bydd y sesiwn hon yn cau ymhen %[1]d eiliad.",
		few:   "Bydd y sesiwn hon yn cau ymhen %[1]d eiliad.",
		many:  "Bydd y sesiwn hon yn cau ymhen %[1]d eiliad.",
		other: "Bydd y sesiwn hon yn cau ymhen %[1]d eiliad."},
	SentCode: {arg: 2,
		zero:  `Mae cod ailosod yn yr e-bost: dewiswch "%[1]s" i'w ddefnyddio. Daw'r cod i ben ar ôl %[2]d munud.`,
		one:   `Mae cod ailosod yn yr e-bost: dewiswch "%[1]s" i'w ddefnyddio. Daw'r cod i ben ar ôl %[2]d munud.`,
		two:   `Mae cod ailosod yn yr e-bost: dewiswch "%[1]s" i'w ddefnyddio. Daw'r cod i ben ar ôl %[2]d funud.`,
		few:   `Mae cod ailosod yn yr e-bost: dewiswch "%[1]s" i'w ddefnyddio. Daw'r cod i ben ar ôl %[2]d munud.`,
		many:  `Mae cod ailosod yn yr e-bost: dewiswch "%[1]s" i'w ddefnyddio. Daw'r cod i ben ar ôl %[2]d munud.`,
		other: `Mae cod ailosod yn yr e-bost: dewiswch "%[1]s" i'w ddefnyddio. Daw'r cod i ben ar ôl %[2]d munud.`},
	SentNoEmail: {arg: 1,
		zero:  "Dim e-bost? Edrychwch yn eich ffolder sothach, a gwiriwch y cyfeiriad gyda'ch rheolwr neu'ch desg wasanaeth TG. Gallwch ofyn eto nes ymlaen: %[1]d e-bost yr awr ar y mwyaf.",
		one:   "Dim e-bost? Edrychwch yn eich ffolder sothach, a gwiriwch y cyfeiriad gyda'ch rheolwr neu'ch desg wasanaeth TG. Gallwch ofyn eto nes ymlaen: %[1]d e-bost yr awr ar y mwyaf.",
		two:   "Dim e-bost? Edrychwch yn eich ffolder sothach, a gwiriwch y cyfeiriad gyda'ch rheolwr neu'ch desg wasanaeth TG. Gallwch ofyn eto nes ymlaen: %[1]d e-bost yr awr ar y mwyaf.",
		few:   "Dim e-bost? Edrychwch yn eich ffolder sothach, a gwiriwch y cyfeiriad gyda'ch rheolwr neu'ch desg wasanaeth TG. Gallwch ofyn eto nes ymlaen: %[1]d e-bost yr awr ar y mwyaf.",
		many:  "Dim e-bost? Edrychwch yn eich ffolder sothach, a gwiriwch y cyfeiriad gyda'ch rheolwr neu'ch desg wasanaeth TG. Gallwch ofyn eto nes ymlaen: %[1]d e-bost yr awr ar y mwyaf.",
		other: "Dim e-bost? Edrychwch yn eich ffolder sothach, a gwiriwch y cyfeiriad gyda'ch rheolwr neu'ch desg wasanaeth TG. Gallwch ofyn eto nes ymlaen: %[1]d e-bost yr awr ar y mwyaf."},
	OfflinePasswordWait: {arg: 1,
		zero:  "Gormod o gyfrineiriau anghywir: rhowch gynnig arall all-lein ymhen %[1]d munud, mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
		one:   "Gormod o gyfrineiriau anghywir: rhowch gynnig arall all-lein ymhen %[1]d munud, mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
		two:   "Gormod o gyfrineiriau anghywir: rhowch gynnig arall all-lein ymhen %[1]d funud, mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
		few:   "Gormod o gyfrineiriau anghywir: rhowch gynnig arall all-lein ymhen %[1]d munud, mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
		many:  "Gormod o gyfrineiriau anghywir: rhowch gynnig arall all-lein ymhen %[1]d munud, mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG.",
		other: "Gormod o gyfrineiriau anghywir: rhowch gynnig arall all-lein ymhen %[1]d munud, mewngofnodwch mewn ciosg ar-lein, neu ffoniwch y ddesg wasanaeth TG."},
	CardErrTriesLeft: {arg: 1,
		zero:  "Nid yw'r cod pas yn gywir. %[1]d cynnig ar ôl cyn i'r cerdyn gael ei rwystro.",
		one:   "Nid yw'r cod pas yn gywir. %[1]d cynnig ar ôl cyn i'r cerdyn gael ei rwystro.",
		two:   "Nid yw'r cod pas yn gywir. %[1]d gynnig ar ôl cyn i'r cerdyn gael ei rwystro.",
		few:   "Nid yw'r cod pas yn gywir. %[1]d chynnig ar ôl cyn i'r cerdyn gael ei rwystro.",
		many:  "Nid yw'r cod pas yn gywir. %[1]d chynnig ar ôl cyn i'r cerdyn gael ei rwystro.",
		other: "Nid yw'r cod pas yn gywir. %[1]d cynnig ar ôl cyn i'r cerdyn gael ei rwystro."},
}
