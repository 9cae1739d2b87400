"""Nationality adjectives and the countries they belong to, for folding "Russian" into "Russia".

Only forms that name one country: "Arab", "Latino", "European" and party or religious groups
("Democratic", "Muslim") name no country and are never folded. A plural noun ("Ukrainians")
folds like its adjective. Each adjective lists the names an article may give its country.
"""

from __future__ import annotations

COUNTRY_NAMES = {
    "Afghan": ["Afghanistan"], "Albanian": ["Albania"], "Algerian": ["Algeria"],
    "American": ["United States", "U.S.", "US", "America", "United States of America"],
    "Argentine": ["Argentina"], "Argentinian": ["Argentina"], "Armenian": ["Armenia"],
    "Australian": ["Australia"], "Austrian": ["Austria"], "Azerbaijani": ["Azerbaijan"],
    "Bangladeshi": ["Bangladesh"], "Belarusian": ["Belarus"], "Belgian": ["Belgium"],
    "Bolivian": ["Bolivia"], "Bosnian": ["Bosnia"], "Brazilian": ["Brazil"],
    "British": ["Britain", "United Kingdom", "UK", "U.K.", "Great Britain"], "Bulgarian": ["Bulgaria"],
    "Cambodian": ["Cambodia"], "Canadian": ["Canada"], "Chilean": ["Chile"], "Chinese": ["China"],
    "Colombian": ["Colombia"], "Croatian": ["Croatia"], "Cuban": ["Cuba"],
    "Czech": ["Czech Republic", "Czechia"],
    "Danish": ["Denmark"], "Dane": ["Denmark"], "Dutch": ["Netherlands", "Holland"],
    "Egyptian": ["Egypt"], "English": ["England"], "Estonian": ["Estonia"], "Ethiopian": ["Ethiopia"],
    "Filipino": ["Philippines"], "Finnish": ["Finland"], "French": ["France"], "Georgian": ["Georgia"],
    "German": ["Germany"], "Ghanaian": ["Ghana"], "Greek": ["Greece"], "Haitian": ["Haiti"],
    "Hungarian": ["Hungary"], "Icelandic": ["Iceland"], "Indian": ["India"], "Indonesian": ["Indonesia"],
    "Iranian": ["Iran"], "Iraqi": ["Iraq"], "Irish": ["Ireland"], "Israeli": ["Israel"],
    "Italian": ["Italy"], "Jamaican": ["Jamaica"], "Japanese": ["Japan"], "Jordanian": ["Jordan"],
    "Kazakh": ["Kazakhstan"], "Kenyan": ["Kenya"], "Korean": ["Korea", "South Korea"],
    "Kuwaiti": ["Kuwait"], "Latvian": ["Latvia"], "Lebanese": ["Lebanon"], "Libyan": ["Libya"],
    "Lithuanian": ["Lithuania"], "Malaysian": ["Malaysia"], "Mexican": ["Mexico"],
    "Moldovan": ["Moldova"], "Mongolian": ["Mongolia"], "Moroccan": ["Morocco"],
    "Nepalese": ["Nepal"], "Nigerian": ["Nigeria"], "Norwegian": ["Norway"], "Pakistani": ["Pakistan"],
    "Palestinian": ["Palestine"], "Peruvian": ["Peru"], "Polish": ["Poland"], "Pole": ["Poland"],
    "Portuguese": ["Portugal"], "Qatari": ["Qatar"], "Romanian": ["Romania"], "Russian": ["Russia"],
    "Saudi": ["Saudi Arabia"], "Scottish": ["Scotland"], "Scot": ["Scotland"], "Serbian": ["Serbia"],
    "Singaporean": ["Singapore"], "Slovak": ["Slovakia"], "Slovenian": ["Slovenia"],
    "Somali": ["Somalia"], "South African": ["South Africa"], "Spanish": ["Spain"],
    "Sri Lankan": ["Sri Lanka"], "Sudanese": ["Sudan"], "Swedish": ["Sweden"], "Swede": ["Sweden"],
    "Swiss": ["Switzerland"], "Syrian": ["Syria"], "Taiwanese": ["Taiwan"], "Thai": ["Thailand"],
    "Tunisian": ["Tunisia"], "Turkish": ["Turkey", "Türkiye"], "Turk": ["Turkey", "Türkiye"],
    "Ugandan": ["Uganda"], "Ukrainian": ["Ukraine"], "Uzbek": ["Uzbekistan"],
    "Venezuelan": ["Venezuela"], "Vietnamese": ["Vietnam"], "Welsh": ["Wales"], "Yemeni": ["Yemen"],
    "Zimbabwean": ["Zimbabwe"],
}


def country_of(adjective: str, named: set[str]) -> str | None:
    """The country an adjective (or its plural) belongs to, as this article names it; None when
    the article does not name that country or the word names none."""
    singular = adjective[:-1] if adjective.endswith("s") and adjective[:-1] in COUNTRY_NAMES else adjective
    return next((name for name in COUNTRY_NAMES.get(singular, []) if name in named), None)
