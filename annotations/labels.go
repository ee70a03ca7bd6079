package annotations

// Label is one entry of the label scheme.
type Label struct {
	Name        string `json:"name"`
	Kind        Kind   `json:"kind"`
	Color       string `json:"color"`  // "#rrggbb"
	Hotkey      string `json:"hotkey"` // a single key such as "1" or "c"; may be empty
	Description string `json:"description"`
	// Arabic is the label's display name in the Arabic interface (شخص for
	// PERS); empty shows the code. Exports and spans always carry Name.
	Arabic string `json:"arabic,omitempty"`
}

// DefaultScheme returns the default label scheme: Wojood-style entity labels
// (mapping onto OntoNotes and collapsing onto ANERcorp), with Wojood's TIME,
// ORDINAL and PERCENT for the built-in recognisers, and one claim label.
func DefaultScheme() []Label {
	return []Label{
		{"PERS", KindEntity, "#f4a261", "1", "Person: a named individual, e.g. دونالد ترامب جونيور, جوليان أسانج", "شخص"},
		{"ORG", KindEntity, "#2a9d8f", "2", "Organisation: companies, media, agencies, e.g. ويكيليكس, نيويورك تايمز", "منظمة"},
		{"GPE", KindEntity, "#8ab17d", "3", "Geopolitical entity: countries, cities, states, e.g. روسيا, لندن", "كيان جغرافي سياسي"},
		{"LOC", KindEntity, "#e9c46a", "4", "Location that is not a GPE: regions, seas, mountains", "مكان"},
		{"NORP", KindEntity, "#b5838d", "5", "Nationality, religious or political group", "جماعة"},
		{"FAC", KindEntity, "#90be6d", "6", "Facility: buildings, airports, roads", "منشأة"},
		{"EVENT", KindEntity, "#f28482", "7", "Named event, e.g. a war, an election, a summit", "حدث"},
		{"DATE", KindEntity, "#84a59d", "8", "Date or period, e.g. 14 نوفمبر 2017", "تاريخ"},
		{"OCC", KindEntity, "#cdb4db", "9", "Occupation or role, e.g. مؤسس موقع ويكيليكس", "مهنة"},
		{"WEBSITE", KindEntity, "#a2d2ff", "", "Website or online platform", "موقع إلكتروني"},
		{"MONEY", KindEntity, "#ffd166", "", "Monetary amount", "مبلغ مالي"},
		{"CARDINAL", KindEntity, "#dde5b6", "", "Number that is not a date or money", "عدد"},
		{"TIME", KindEntity, "#bde0fe", "", "Time of day or a part of it, e.g. الساعة 10:30, صباح اليوم", "وقت"},
		{"ORDINAL", KindEntity, "#e5d4ef", "", "Ordinal number, e.g. الثاني, ثالث, 1st", "عدد ترتيبي"},
		{"PERCENT", KindEntity, "#fcd5ce", "", "Percentage, e.g. 12%, ١٢٫٥٪, 40 في المئة", "نسبة مئوية"},
		{"CLAIM", KindClaim, "#ef476f", "c", "A check-worthy statement: a clause or sentence to fact-check", "ادعاء"},
	}
}

// DefaultArabicName returns the Arabic display name the default scheme
// gives the label code name, "" for a code it does not hold.
func DefaultArabicName(name string) string {
	for _, l := range DefaultScheme() {
		if l.Name == name {
			return l.Arabic
		}
	}
	return ""
}

// NewLabelColor picks a colour for a label met on import that the scheme does
// not hold yet; the choice depends only on the name, so imports are stable.
func NewLabelColor(name string) string {
	palette := []string{"#ffadad", "#ffd6a5", "#fdffb6", "#caffbf", "#9bf6ff", "#a0c4ff", "#bdb2ff", "#ffc6ff"}
	h := 0
	for _, r := range name {
		h = h*31 + int(r)
		h &= 0x7fffffff
	}
	return palette[h%len(palette)]
}
