package text

// welshText is the Welsh of englishText: the policy's rules, the auth
// core's errors and the emails' subjects. The words follow the Welsh
// Government's terms (TermCymru): enw defnyddiwr, cyfrinair, mewngofnodi,
// cod ailosod, cerdyn clyfar, Cymorth Mewngofnodi; they speak to the
// reader as "chi", as NHS Wales does.
var welshText = map[ID]string{
	// The password policy.
	RuleLetterAndDigitLabel:    "Llythyren a rhif",
	RuleLetterAndDigitMessage:  "Mae angen o leiaf un llythyren ac o leiaf un rhif yn eich cyfrinair.",
	RuleLetterAndDigitGuidance: "Cynhwyswch o leiaf un llythyren (A i Z) ac un rhif (0 i 9).",

	RuleNotPreviousGuidance: "Dewiswch gyfrinair nad ydych wedi'i ddefnyddio yma o'r blaen.",

	// "dd", "ll" and "ff" are single letters in Welsh but two characters
	// to the rule, so the guidance names them.
	RuleNoRepeatLabel:    "Dim nod ddwywaith yn olynol",
	RuleNoRepeatMessage:  "Mae'r un nod ddwywaith yn olynol yn eich cyfrinair.",
	RuleNoRepeatGuidance: "Osgowch nodau dwbl fel dd, ll, Dd neu 22, mewn llythrennau bach neu fawr.",

	RuleNoSequenceLabel:    "Dim rhediadau fel abc neu 321",
	RuleNoSequenceMessage:  "Mae 3 neu ragor o lythrennau neu rifau yn eu trefn yn eich cyfrinair.",
	RuleNoSequenceGuidance: "Osgowch rediadau fel abc, CBA, 123 neu 987, ymlaen neu am yn ôl.",

	RuleNoNamesLabel:    "Dim enwau pobl na lleoedd",
	RuleNoNamesMessage:  "Mae eich cyfrinair yn cynnwys enw person neu le.",
	RuleNoNamesGuidance: "Peidiwch â chynnwys enwau pobl a lleoedd, hyd yn oed gyda rhifau neu symbolau wedi'u hychwanegu neu lythrennau wedi'u newid am rai tebyg (L0nd0n).",

	RuleNoForbiddenWordsLabel:    "Dim gair amdanoch na'r gwaith",
	RuleNoForbiddenWordsMessage:  "Mae eich cyfrinair yn cynnwys gair nad yw'n cael ei ganiatáu: rhan o'ch enw, eich enw defnyddiwr neu'ch e-bost, eich rôl neu'ch ward, neu air fel NHS neu password.",
	RuleNoForbiddenWordsGuidance: "Peidiwch â chynnwys eich manylion eich hun na geiriau sy'n ymwneud â gwaith, fel NHS, ESR, password, ward neu'ch rôl.",

	RuleNotCommonLabel:            "Nid cyfrinair cyffredin",
	RuleNotCommonMessage:          "Mae eich cyfrinair yn rhy gyffredin: mae ar restr o gyfrineiriau y mae ymosodwyr yn rhoi cynnig arnynt yn gyntaf.",
	RuleNotCommonGuidance:         "Dewiswch rywbeth llai rhagweladwy, fel tri gair digyswllt wedi'u huno â chysylltnodau.",
	RuleNotCommonGuidanceNoRepeat: "Dewiswch rywbeth llai rhagweladwy, fel tri gair digyswllt heb yr un llythyren ddwywaith yn olynol, wedi'u huno â chysylltnodau a rhif dau ddigid â digidau gwahanol.",

	RuleCharactersGuidance: "Defnyddiwch lythrennau, rhifau, bylchau a'r symbolau sydd ar y bysellfwrdd yn unig.",
	RuleCheckedOnSubmit:    "(gwirir wrth gyflwyno)",

	// The auth core's errors. A screen's name is a name, but it still
	// mutates after a preposition ("drwy Gymorth Mewngofnodi").
	LoginFailed:          "Nid yw'r enw defnyddiwr neu'r cyfrinair a roesoch yn gywir.",
	LoginLockHint:        "Ar ôl sawl ymgais aflwyddiannus, gall cyfrif gael ei gloi. Mae ailosod eich cyfrinair drwy Gymorth Mewngofnodi yn ei ddatgloi.",
	ResetFailed:          "Nid yw'r cod ailosod neu'r enw defnyddiwr yn gywir, neu mae'r cod wedi dod i ben. Gallwch ofyn am god newydd drwy Gymorth Mewngofnodi.",
	PasswordMismatch:     "Nid yw'r cyfrineiriau a roesoch yn cyfateb.",
	PasswordWrongCurrent: "Nid yw eich hen gyfrinair yn gywir.",
	PasswordControl:      "Ni all cyfrinair gynnwys nodau rheoli na nodau anweledig.",
	PasswordRefused:      "Nid yw eich cyfrinair newydd yn bodloni'r rheolau sydd wedi'u marcio â chroes.",
	CardNotEnrolled:      "Nid yw'r cerdyn hwn wedi'i gofrestru; gofynnwch i un o gynhalwyr y ciosg ei gofrestru.",
	CardWithdrawn:        "Mae'r cerdyn hwn wedi'i dynnu'n ôl: ni ellir ei ddefnyddio yma mwyach.",
	CardAccount:          "Ni all y cyfrif ar gyfer y cerdyn hwn fewngofnodi ar hyn o bryd; gofynnwch i un o gynhalwyr y ciosg.",

	// Emails.
	EmailResetCodeSubject:        "Eich cod ailosod cyfrinair ESR",
	EmailUsernameReminderSubject: "Eich enw defnyddiwr ESR",
	EmailPasswordChangedSubject:  "Mae eich cyfrinair ESR wedi'i newid",
	EmailAccountLockedSubject:    "Mae eich cyfrif ESR wedi'i gloi",
	EmailFooter:                  "Anfonwyd yr e-bost hwn yn awtomatig gan y ciosg ESR. Peidiwch ag ymateb iddo.",
}

// welshPlural is the Welsh of englishPlural, with Welsh's six forms. A
// digit is followed by the singular noun, as Welsh counts ("8 nod", "30
// eiliad"); the nouns here keep their first letter after every number but
// munud, which softens after two ("2 funud", as "dau funud"), and the
// words for one may say "un" instead of the number.
var welshPlural = map[ID]forms{
	RuleMinLengthLabel: {arg: 1,
		zero:  "O leiaf %[1]d nod",
		one:   "O leiaf %[1]d nod",
		two:   "O leiaf %[1]d nod",
		few:   "O leiaf %[1]d nod",
		many:  "O leiaf %[1]d nod",
		other: "O leiaf %[1]d nod"},
	RuleMinLengthMessage: {arg: 1,
		zero:  "Mae eich cyfrinair yn rhy fyr: mae angen o leiaf %[1]d nod.",
		one:   "Mae eich cyfrinair yn rhy fyr: mae angen o leiaf %[1]d nod.",
		two:   "Mae eich cyfrinair yn rhy fyr: mae angen o leiaf %[1]d nod.",
		few:   "Mae eich cyfrinair yn rhy fyr: mae angen o leiaf %[1]d nod.",
		many:  "Mae eich cyfrinair yn rhy fyr: mae angen o leiaf %[1]d nod.",
		other: "Mae eich cyfrinair yn rhy fyr: mae angen o leiaf %[1]d nod."},
	RuleMinLengthGuidance: {arg: 1,
		zero:  "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt, wedi'u huno â chysylltnodau, yn hir ac yn hawdd eu cofio.",
		one:   "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt, wedi'u huno â chysylltnodau, yn hir ac yn hawdd eu cofio.",
		two:   "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt, wedi'u huno â chysylltnodau, yn hir ac yn hawdd eu cofio.",
		few:   "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt, wedi'u huno â chysylltnodau, yn hir ac yn hawdd eu cofio.",
		many:  "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt, wedi'u huno â chysylltnodau, yn hir ac yn hawdd eu cofio.",
		other: "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt, wedi'u huno â chysylltnodau, yn hir ac yn hawdd eu cofio."},
	RuleMinLengthGuidanceNoRepeat: {arg: 1,
		zero:  "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt heb yr un llythyren ddwywaith yn olynol, wedi'u huno â chysylltnodau a rhif dau ddigid â digidau gwahanol, yn hir ac yn hawdd eu cofio.",
		one:   "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt heb yr un llythyren ddwywaith yn olynol, wedi'u huno â chysylltnodau a rhif dau ddigid â digidau gwahanol, yn hir ac yn hawdd eu cofio.",
		two:   "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt heb yr un llythyren ddwywaith yn olynol, wedi'u huno â chysylltnodau a rhif dau ddigid â digidau gwahanol, yn hir ac yn hawdd eu cofio.",
		few:   "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt heb yr un llythyren ddwywaith yn olynol, wedi'u huno â chysylltnodau a rhif dau ddigid â digidau gwahanol, yn hir ac yn hawdd eu cofio.",
		many:  "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt heb yr un llythyren ddwywaith yn olynol, wedi'u huno â chysylltnodau a rhif dau ddigid â digidau gwahanol, yn hir ac yn hawdd eu cofio.",
		other: "Defnyddiwch o leiaf %[1]d nod. Mae tri gair digyswllt heb yr un llythyren ddwywaith yn olynol, wedi'u huno â chysylltnodau a rhif dau ddigid â digidau gwahanol, yn hir ac yn hawdd eu cofio."},

	RuleMaxLengthLabel: {arg: 1,
		zero:  "Dim mwy na %[1]d nod",
		one:   "Dim mwy na %[1]d nod",
		two:   "Dim mwy na %[1]d nod",
		few:   "Dim mwy na %[1]d nod",
		many:  "Dim mwy na %[1]d nod",
		other: "Dim mwy na %[1]d nod"},
	RuleMaxLengthMessage: {arg: 1,
		zero:  "Mae eich cyfrinair yn rhy hir: peidiwch â defnyddio mwy na %[1]d nod.",
		one:   "Mae eich cyfrinair yn rhy hir: peidiwch â defnyddio mwy na %[1]d nod.",
		two:   "Mae eich cyfrinair yn rhy hir: peidiwch â defnyddio mwy na %[1]d nod.",
		few:   "Mae eich cyfrinair yn rhy hir: peidiwch â defnyddio mwy na %[1]d nod.",
		many:  "Mae eich cyfrinair yn rhy hir: peidiwch â defnyddio mwy na %[1]d nod.",
		other: "Mae eich cyfrinair yn rhy hir: peidiwch â defnyddio mwy na %[1]d nod."},
	RuleMaxLengthGuidance: {arg: 1,
		zero:  "Byrhewch ef i %[1]d nod neu lai.",
		one:   "Byrhewch ef i %[1]d nod neu lai.",
		two:   "Byrhewch ef i %[1]d nod neu lai.",
		few:   "Byrhewch ef i %[1]d nod neu lai.",
		many:  "Byrhewch ef i %[1]d nod neu lai.",
		other: "Byrhewch ef i %[1]d nod neu lai."},

	// The number of previous passwords stands without a noun ("y 4
	// olaf"), so it needs no mutation; for one, "yr un olaf".
	RuleNotPreviousLabel: {arg: 1,
		zero:  "Nid y cyfredol na'r %[1]d olaf",
		one:   "Nid y cyfredol na'r un olaf",
		two:   "Nid y cyfredol na'r %[1]d olaf",
		few:   "Nid y cyfredol na'r %[1]d olaf",
		many:  "Nid y cyfredol na'r %[1]d olaf",
		other: "Nid y cyfredol na'r %[1]d olaf"},
	RuleNotPreviousMessage: {arg: 1,
		zero:  "Rydych chi wedi defnyddio'r cyfrinair hwn o'r blaen: rhaid iddo fod yn wahanol i'ch cyfrinair cyfredol ac i bob un o'ch %[1]d diwethaf.",
		one:   "Rydych chi wedi defnyddio'r cyfrinair hwn o'r blaen: rhaid iddo fod yn wahanol i'ch cyfrinair cyfredol ac i'r un o'i flaen.",
		two:   "Rydych chi wedi defnyddio'r cyfrinair hwn o'r blaen: rhaid iddo fod yn wahanol i'ch cyfrinair cyfredol ac i'r %[1]d o'i flaen.",
		few:   "Rydych chi wedi defnyddio'r cyfrinair hwn o'r blaen: rhaid iddo fod yn wahanol i'ch cyfrinair cyfredol ac i bob un o'ch %[1]d diwethaf.",
		many:  "Rydych chi wedi defnyddio'r cyfrinair hwn o'r blaen: rhaid iddo fod yn wahanol i'ch cyfrinair cyfredol ac i bob un o'ch %[1]d diwethaf.",
		other: "Rydych chi wedi defnyddio'r cyfrinair hwn o'r blaen: rhaid iddo fod yn wahanol i'ch cyfrinair cyfredol ac i bob un o'ch %[1]d diwethaf."},

	// eiliad and awr (both feminine) keep their first letter after every
	// number; munud softens after two only.
	DurationSeconds: {arg: 1,
		zero: "%[1]d eiliad", one: "%[1]d eiliad", two: "%[1]d eiliad",
		few: "%[1]d eiliad", many: "%[1]d eiliad", other: "%[1]d eiliad"},
	DurationMinutes: {arg: 1,
		zero: "%[1]d munud", one: "%[1]d munud", two: "%[1]d funud",
		few: "%[1]d munud", many: "%[1]d munud", other: "%[1]d munud"},
	DurationHours: {arg: 1,
		zero: "%[1]d awr", one: "%[1]d awr", two: "%[1]d awr",
		few: "%[1]d awr", many: "%[1]d awr", other: "%[1]d awr"},
}
