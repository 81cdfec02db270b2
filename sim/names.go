package sim

import "strings"

// personName is an agent's display name plus the ASCII spelling used to build the username, because
// RingCX usernames are email-like ASCII while the names a supervisor sees are not.
type personName struct{ first, last, userFirst, userLast string }

// agentNames deliberately mixes scripts, diacritics, RTL text and wide characters: a board that only
// ever sees "John Smith" in tests will misalign columns the first day it meets a real roster.
var agentNames = []personName{
	{"Marta", "Nuñez", "marta", "nunez"},
	{"陳", "大文", "chan", "taiman"},
	{"Lars", "Øberg", "lars", "oberg"},
	{"José", "Álvarez", "jose", "alvarez"},
	{"Zoë", "Brontë", "zoe", "bronte"},
	{"أحمد", "منصور", "ahmad", "mansour"},
	{"Nguyễn", "Thị Lan", "lan", "nguyen"},
	{"Tom", "Lee", "tom", "lee"},
	{"Paco", "Vu", "paco", "vu"},
	{"Priya", "Raman", "priya", "raman"},
	{"Siobhán", "O'Neill", "siobhan", "oneill"},
	{"Björn", "Åkesson", "bjorn", "akesson"},
	{"Chloé", "Dubois", "chloe", "dubois"},
	{"Łukasz", "Wiśniewski", "lukasz", "wisniewski"},
	{"Дмитрий", "Кузнецов", "dmitry", "kuznetsov"},
	{"山田", "花子", "hanako", "yamada"},
	{"Kwame", "Mensah", "kwame", "mensah"},
	{"Fatima Zahra", "El Idrissi", "fatima", "elidrissi"},
	{"Søren", "Kjærgaard", "soren", "kjaergaard"},
	{"Renée", "Lefèvre", "renee", "lefevre"},
	{"נועה", "בן דוד", "noa", "bendavid"},
	{"Ana Luísa", "Gonçalves", "analuisa", "goncalves"},
	{"İlker", "Yıldız", "ilker", "yildiz"},
	{"Emma", "Johansson", "emma", "johansson"},
	{"Olumide", "Adeyemi", "olumide", "adeyemi"},
	{"김", "서연", "seoyeon", "kim"},
	{"Rahul", "Verma", "rahul", "verma"},
	{"Hannah", "Müller", "hannah", "mueller"},
	{"Jürgen", "Groß", "juergen", "gross"},
	{"Camila", "Peña", "camila", "pena"},
	{"Mateo", "Ruiz", "mateo", "ruiz"},
	{"Elif", "Şahin", "elif", "sahin"},
	{"Ngozi", "Okafor", "ngozi", "okafor"},
	{"Liam", "O'Brien", "liam", "obrien"},
	{"Ava", "Thompson", "ava", "thompson"},
	{"Wei", "Zhang", "wei", "zhang"},
	{"Inés", "García", "ines", "garcia"},
	{"Óscar", "Ibáñez", "oscar", "ibanez"},
	{"Yara", "Haddad", "yara", "haddad"},
	{"Kai", "Nakamura", "kai", "nakamura"},
	{"Leilani", "Kahale", "leilani", "kahale"},
	{"Aoife", "Ní Bhriain", "aoife", "nibhriain"},
	{"Tomás", "Ó Súilleabháin", "tomas", "osullivan"},
	{"Phạm", "Thu Thảo", "thao", "pham"},
	{"Grace", "Holloway", "grace", "holloway"},
	{"Ravi", "Iyer", "ravi", "iyer"},
	{"Mikaela", "Sørensen", "mikaela", "sorensen"},
	{"Dana", "Whitfield", "dana", "whitfield"},
}

// supervisor is the human the simulated RingCentral user stands for (agentDetails, legacy login).
var supervisor = personName{"Jordan", "Avery", "jordan", "avery"}

var cnamNames = []string{
	"ACME WIRE", "J HOLLOWAY", "R PATEL", "WIRELESS CALLER", "NORTHSIDE DENTAL", "SMITH JOHN",
	"CITY OF OAKLAND", "GARCIA MARIA", "NGUYEN T", "TOLL FREE CALL", "OBRIEN L", "KIM S", "BLUE RIVER LLC",
}

var areaCodes = []string{"415", "650", "510", "212", "312", "617", "206", "303", "512", "305", "404", "702"}

// dispositions is what dispositionCall accepts on a manual call, which has no queue or campaign; a
// queue's or campaign's own list (refdata.go) applies to the others.
var dispositions = []string{"Resolved", "Callback Requested", "Escalated", "Voicemail", "Wrong Number", "Sale"}

// queueSpec / campaignSpec describe the ACD queues and outbound campaigns an account routes to.
type destSpec struct {
	id   int
	name string
}

// Well-known accounts get the names from the product's mock-ups so demos and docs line up.
var defaultQueues = map[string][]destSpec{
	"12440011": {{10401, "Escalations"}, {10402, "Renewals"}, {10403, "Soporte"}, {10404, "Tech Support"}, {10405, "General Inquiries"}},
	"12440012": {{10411, "Billing"}, {10412, "Payments"}, {10413, "Collections"}},
}
var defaultCampaigns = map[string][]destSpec{
	"12440011": {{20011, "Renewal Outreach"}, {20012, "Satisfaction Survey"}},
	"12440012": {{20021, "Past Due Reminders"}},
}

var queuePool = []string{"Escalations", "Renewals", "Billing", "Soporte", "Tech Support", "General Inquiries", "Payments", "Claims", "Onboarding", "Retention"}
var campaignPool = []string{"Renewal Outreach", "Satisfaction Survey", "Past Due Reminders", "Win-back"}

// hostileStrings is what a hostile world puts into CNAM and agent names. Each one breaks a naive
// terminal renderer in a different way; all of them are still valid JSON once encoded.
var hostileStrings = []string{
	"\x1b]0;pwned\x07ACME WIRE",        // OSC: retitles the terminal window
	"\x1b[2J\x1b[HCLEARED",             // clears the screen and homes the cursor
	"\x1b[31mRED ALERT\x1b[0m",         // SGR colour leaking into the row
	"NUL\x00BYTE",                      // C0 NUL in the middle of a name
	"C1\u0085NEL\u009b31mCSI\u009dOSC", // C1 controls (8-bit CSI/OSC) as UTF-8 runes
	"\u202eevil.exe\u202c R",           // RTL override reverses what follows
	"\u200fمرحبا بالعالم",              // RLM + Arabic
	"שלום עולם",                        // Hebrew, right to left
	"表情😀👍🏽全角ＡＢＣ",                       // wide CJK, emoji with skin-tone modifier, fullwidth Latin
	"Z\u0351\u0342a\u0300\u0301\u0302l\u0303\u0304g\u0308o\u0336\u0337", // stacked combining marks
	"\t\r\nNEW\nLINE\bBACK\x7fDEL",                                      // line breaks, backspace, DEL
	"\x1b[?1049h\x1b[?25lALTSCREEN",                                     // switches to the alternate screen, hides cursor
	"\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",         // OSC 8 hyperlink
	"\x1bP+q544e\x1b\\DCS",                                              // DCS terminal query
	strings.Repeat("LONG·", 1200),                                       // ~7 KB single field
	"👨‍👩‍👧‍👦 ZWJ family",                                                // zero-width joiner sequence
}
