/*
 * adequacy.c: SEC-2 as data. Personal data leaves the European Economic
 * Area only for a country the European Commission has found to protect it
 * adequately (GDPR art. 45; W§20). The list below is the Commission's,
 * kept here with its source and the day it was checked; when the
 * Commission adopts or withdraws a decision, this table changes and
 * nothing else.
 */
#include <string.h>

#include "policy/disclosure.h"

const char disclosure_adequacy_source[] =
    "European Commission, \"Adequacy decisions\", "
    "https://commission.europa.eu/law/law-topic/data-protection/"
    "international-dimension-data-protection/adequacy-decisions_en";

/* Checked against a stored copy of that page; check it again before a
 * release and change the date with the table. */
const char disclosure_adequacy_checked_on[] = "2026-12-03";

struct adequacy_country {
	char code[3];
	enum adequacy adequacy;
	bool needs_cert;
	const char *note;
};

static const struct adequacy_country adequacy_countries[] = {
    /* The 27 member states of the European Union. */
    {"AT", ADEQUACY_EEA, false, "Austria"},
    {"BE", ADEQUACY_EEA, false, "Belgium"},
    {"BG", ADEQUACY_EEA, false, "Bulgaria"},
    {"CY", ADEQUACY_EEA, false, "Cyprus"},
    {"CZ", ADEQUACY_EEA, false, "Czechia"},
    {"DE", ADEQUACY_EEA, false, "Germany"},
    {"DK", ADEQUACY_EEA, false, "Denmark"},
    {"EE", ADEQUACY_EEA, false, "Estonia"},
    {"ES", ADEQUACY_EEA, false, "Spain"},
    {"FI", ADEQUACY_EEA, false, "Finland"},
    {"FR", ADEQUACY_EEA, false, "France"},
    {"GR", ADEQUACY_EEA, false, "Greece"},
    {"HR", ADEQUACY_EEA, false, "Croatia"},
    {"HU", ADEQUACY_EEA, false, "Hungary"},
    {"IE", ADEQUACY_EEA, false, "Ireland"},
    {"IT", ADEQUACY_EEA, false, "Italy"},
    {"LT", ADEQUACY_EEA, false, "Lithuania"},
    {"LU", ADEQUACY_EEA, false, "Luxembourg"},
    {"LV", ADEQUACY_EEA, false, "Latvia"},
    {"MT", ADEQUACY_EEA, false, "Malta"},
    {"NL", ADEQUACY_EEA, false, "the Netherlands"},
    {"PL", ADEQUACY_EEA, false, "Poland"},
    {"PT", ADEQUACY_EEA, false, "Portugal"},
    {"RO", ADEQUACY_EEA, false, "Romania"},
    {"SE", ADEQUACY_EEA, false, "Sweden"},
    {"SI", ADEQUACY_EEA, false, "Slovenia"},
    {"SK", ADEQUACY_EEA, false, "Slovakia"},
    /* Parts of member states with a code of their own: the Aaland
     * Islands (Finland) and the outermost regions of France (TFEU art.
     * 349, 355(1)), where the GDPR applies as in the rest of the state. */
    {"AX", ADEQUACY_EEA, false, "Aaland Islands (Finland)"},
    {"GF", ADEQUACY_EEA, false, "French Guiana (France)"},
    {"GP", ADEQUACY_EEA, false, "Guadeloupe (France)"},
    {"MF", ADEQUACY_EEA, false, "Saint-Martin (France)"},
    {"MQ", ADEQUACY_EEA, false, "Martinique (France)"},
    {"RE", ADEQUACY_EEA, false, "Reunion (France)"},
    {"YT", ADEQUACY_EEA, false, "Mayotte (France)"},
    /* The other states of the EEA. */
    {"IS", ADEQUACY_EEA, false, "Iceland"},
    {"LI", ADEQUACY_EEA, false, "Liechtenstein"},
    {"NO", ADEQUACY_EEA, false, "Norway"},
    /* The adequacy decisions in force. */
    {"AD", ADEQUACY_DECISION, false, "Andorra"},
    {"AR", ADEQUACY_DECISION, false, "Argentina"},
    /* The decision covers organisations under PIPEDA, Canada's law for
     * commercial organisations; the register records the recipient. */
    {"CA", ADEQUACY_DECISION, false, "Canada (commercial organisations)"},
    {"CH", ADEQUACY_DECISION, false, "Switzerland"},
    {"FO", ADEQUACY_DECISION, false, "Faroe Islands"},
    {"GB", ADEQUACY_DECISION, false, "United Kingdom"},
    {"GG", ADEQUACY_DECISION, false, "Guernsey"},
    {"IL", ADEQUACY_DECISION, false, "Israel"},
    {"IM", ADEQUACY_DECISION, false, "Isle of Man"},
    {"JE", ADEQUACY_DECISION, false, "Jersey"},
    {"JP", ADEQUACY_DECISION, false, "Japan"},
    {"KR", ADEQUACY_DECISION, false, "Republic of Korea"},
    {"NZ", ADEQUACY_DECISION, false, "New Zealand"},
    {"UY", ADEQUACY_DECISION, false, "Uruguay"},
    /* Only organisations certified under the EU-US Data Privacy
     * Framework (Commission decision of 10 July 2023). */
    {"US", ADEQUACY_DECISION, true,
     "United States (certified under the EU-US Data Privacy Framework)"},
};

/*
 * Every assigned ISO 3166-1 alpha-2 code, in order, two letters each (as
 * of ISO/TC 46 N1108, 2023-04-05; taken from the tz database's
 * iso3166.tab). A code outside it is a typo, not a country.
 */
static const char adequacy_iso[] =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQ"
    "BRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDM"
    "DODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGS"
    "GTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKN"
    "KPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQ"
    "MRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPM"
    "PNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSV"
    "SXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVI"
    "VNVUWFWSYEYTZAZMZW";

static bool
adequacy_is_code(const char *cc)
{
	for (size_t i = 0; i + 1 < sizeof adequacy_iso; i += 2)
		if (adequacy_iso[i] == cc[0] && adequacy_iso[i + 1] == cc[1])
			return true;
	return false;
}

enum adequacy
disclosure_adequacy(const char *country, bool *needs_cert)
{
	char cc[3];

	if (needs_cert != NULL)
		*needs_cert = false;
	if (country == NULL || strlen(country) != 2)
		return ADEQUACY_INVALID;
	for (int i = 0; i < 2; i++) {
		char c = country[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return ADEQUACY_INVALID;
		cc[i] = c;
	}
	cc[2] = '\0';
	if (!adequacy_is_code(cc))
		return ADEQUACY_INVALID;
	for (size_t i = 0;
	     i < sizeof adequacy_countries / sizeof adequacy_countries[0];
	     i++) {
		if (strcmp(adequacy_countries[i].code, cc) == 0) {
			if (needs_cert != NULL)
				*needs_cert = adequacy_countries[i].needs_cert;
			return adequacy_countries[i].adequacy;
		}
	}
	return ADEQUACY_NONE;
}
