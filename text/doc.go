// Package text is the catalogue of every string staff read: the kiosk's
// screens, the policy's rules, the errors the core returns to them and the
// emails (DESIGN §2, §12). The core never says anything in English to a
// person; it returns an ID and the values the words need, and whoever
// shows it (a screen, the CLI, an email) asks a Printer for the words in
// the reader's language:
//
//	p := text.For(text.English)
//	p.T(text.RuleMinLengthLabel, 8) // "At least 8 characters"
//
// The catalogue is golang.org/x/text/message with a catalog.Builder: x/text
// is already a dependency, it knows every language's CLDR plural rules
// (English has two forms, Welsh six) and matches "cy-GB" to "cy". The
// package keeps x/text behind Printer so that a screen's code never names
// it.
//
// Rules for the words, which the catalogue tests enforce for every
// language:
//   - Every ID constant has words in English; every other language has
//     words for the same IDs, with the same placeholders.
//   - A placeholder is numbered, %[1]d or %[2]s, so a translation may put
//     the values in any order. %d is for counts (written as the language
//     writes numbers, 1,000 in English); %s is for names, codes and
//     anything else that must appear as it is.
//   - Words that change with a number are a plural message, with every
//     form the language has (forms), never "%d minute(s)".
//   - A message is a whole sentence, or a whole label: never a fragment
//     that code joins to another, since word order differs between
//     languages.
//
// The screens are given a Printer (screens.Env.Text) and ask it for every
// word they draw: titles, labels, buttons, messages, the help line's
// words for what a key does, the status bar and dates (Printer.Clock,
// Printer.Date). An error staff read carries its ID (NewError, ForError).
// Pseudo is pseudo-English, for tests that look for words drawn past the
// catalogue.
//
// To add a string: declare its ID in the ids file of its area, add the
// English to en.go, en_screens.go (or an email body to en_email.go), and
// use it with Printer.T. The test fails for an ID without English.
package text
