package text

// welshEmails are the Welsh of englishEmails: the same templates, with the
// same data and the same calls, each code or username on a line of its own
// after a line ending in a colon. They quote the Welsh screens' words for
// the buttons to choose (welshScreens' LinkAssistance, ButtonHaveCode and
// ButtonForgotPassword), which must stay the same as those.
const welshEmails = `
{{define "how-to-reset"}}Yn y ciosg, dewiswch "Wedi anghofio eich enw defnyddiwr neu
gyfrinair?", yna "Mae gen i god ailosod", a rhowch y cod gyda'ch enw
defnyddiwr a chyfrinair newydd. Mae'r cod yn gweithio unwaith ac yn
dod i ben ymhen {{duration .Lifetime}}.
{{- if .URL}}

Gallwch hefyd ailosod eich cyfrinair yma: {{.URL}}
{{- end}}{{end}}
{{define "email.reset-code.body"}}Helo {{.First}},

Gofynnodd rhywun am ailosod cyfrinair eich cyfrif Hunanwasanaeth
Gweithwyr ESR {{.Username}} yn nherfynell {{.Terminal}}.

Eich cod ailosod yw:

{{.Code}}

{{template "how-to-reset" .}}

Os nad chi wnaeth hyn, gallwch anwybyddu'r e-bost hwn: nid yw eich
cyfrinair wedi newid. Os yw'n digwydd dro ar ôl tro, rhowch wybod i'ch
desg wasanaeth TG.

{{.Trust}}
{{end}}
{{define "email.username-reminder.body"}}Helo {{.First}},

Gofynnoch chi am eich enw defnyddiwr Hunanwasanaeth Gweithwyr ESR yn
nherfynell {{.Terminal}}. Eich enw defnyddiwr yw:

{{.Username}}

I osod eich cyfrinair nawr, defnyddiwch y cod ailosod hwn:

{{.Code}}

{{template "how-to-reset" .}}

Os nad chi wnaeth hyn, gallwch anwybyddu'r e-bost hwn. Os yw'n digwydd
dro ar ôl tro, rhowch wybod i'ch desg wasanaeth TG.

{{.Trust}}
{{end}}
{{define "email.password-changed.body"}}Helo {{.First}},

Cafodd cyfrinair eich cyfrif Hunanwasanaeth Gweithwyr ESR {{.Username}}
ei newid yn nherfynell {{.Terminal}}.

Os mai chi wnaeth hyn, nid oes angen i chi wneud dim byd arall.

Os nad chi wnaeth hyn, cysylltwch â'ch desg wasanaeth TG ar unwaith:
efallai fod gan rywun eich cod ailosod neu'ch cyfrinair.

{{.Trust}}
{{end}}
{{define "email.account-locked.body"}}Helo {{.First}},

Cafodd eich cyfrif Hunanwasanaeth Gweithwyr ESR {{.Username}} ei gloi
yn nherfynell {{.Terminal}} ar ôl gormod o ymgeisiau aflwyddiannus yn
olynol i fewngofnodi.

Bydd yn datgloi'n awtomatig ymhen {{duration .Locked}}. I'w ddatgloi
nawr, ailosodwch eich cyfrinair: yn y ciosg, dewiswch "Wedi anghofio
eich enw defnyddiwr neu gyfrinair?", yna "Wedi anghofio cyfrinair".

Os nad chi wnaeth hyn, efallai fod rhywun yn ceisio dyfalu eich
cyfrinair: ailosodwch ef cyn gynted ag y gallwch a rhowch wybod i'ch
desg wasanaeth TG.

{{.Trust}}
{{end}}`
