#!/usr/bin/env python3
"""This file contains the generator of data/lexicon.tsv, the alias lexicon.

Usage: python3 scripts/build_lexicon.py SHARED OUTDIR   (make lexicon)

Reads, under SHARED (the project's ../shared):
  lexicon/linguist-languages-aliases.tsv   GitHub linguist (linguist-languages), MIT
  lexicon/devicon.json                     devicon, MIT
  corpora/onet/Technology_Skills.txt       O*NET 29.2, CC BY 4.0
  corpora/onet/Task_Statements.txt         O*NET 29.2 (English prose, used
                                           only to recognize common words)
  corpora/postings/*.jsonl                 postings (relevance filter and
                                           common-word statistics)
and scripts/lexicon-curated.tsv (the project's own list), and writes
OUTDIR/lexicon.tsv: '#' header lines, then sorted rows
    canonical<TAB>kind<TAB>variant|variant|...
Standard library only; the output depends only on the inputs (no clock, no
hash order), so two runs give the same bytes.

Rules (also recorded in the output's header):
  * Curated rows win: their canonical form, kind and variants are kept, and
    they are never dropped as common words.
  * Two spellings that differ only by separators (space, hyphen, dot,
    underscore, joined) are one key; a key maps to one canonical only (the
    first source in priority order keeps it: curated, linguist, O*NET,
    devicon). The ambiguous short forms take no variants but their curated
    ones.
  * A single word that is also an ordinary English word is dropped, as an
    entry and as a variant, unless curated. A word is "ordinary" when it is a
    Snowball stopword, or when it is written in lower case (not at the start
    of a sentence) in the postings and O*NET task statements at least 4
    times, or at all and in 10% of its mid-sentence occurrences. Multi-word
    names made only of such words ("Special Agent") are dropped too.
    Technology names are written capitalized (Python, Linux); English words
    are not (self, text, access, teams).
  * Non-curated single words of one or two characters are dropped (go, r, c,
    ml, ... are curated and marked ambiguous).
  * O*NET names: a trailing "software" is removed; generic descriptions in
    sentence case ("Cost accounting software") are dropped; "Long name ACRO"
    gives the long name (canonical; it must occur in >= 2 postings) and the
    acronym as a variant, unless the acronym is 5 times more frequent than
    the long name (then it mostly means something else: DOE, CMS, EMS);
    "Vendor Product" (a vendor is a first word shared by 5 or more names)
    becomes "product" when that is one distinctive word and the pair occurs
    in the postings, or the word is camel-case (AutoCAD) or known to another
    source ("Apache Kafka" -> kafka, "Atlassian JIRA" -> jira, but
    "Microsoft Word" stays whole and "Bentley Navigator" is not shortened).
    A name is kept only
    if it occurs in the postings: multi-word names in >= 3 postings,
    single words in >= 2, O*NET "hot technologies" in >= 1.
  * linguist: programming languages (all that pass the word filters), data
    and markup languages seen in >= 3 postings; aliases that are English
    words or other tools (node, make, inc, terraform, ...) are dropped.
  * devicon: every technology that passes the word filters, except brands,
    social sites, browsers and the icon set itself; a joined id
    ("apachekafka") takes the display form of the matching O*NET or
    linguist name, or of a spaced alternative name.
"""

import collections
import csv
import glob
import json
import os
import re
import sys

KINDS = ("tech", "language", "skill", "degree", "cert", "soft", "field", "role")

# Short forms whose meaning depends on context; curated rows of kind
# "language" with no variants (except golang for go), documented in the
# header so that the analyzer applies its context rules to them.
AMBIGUOUS = (
    ("c", "the C language | the letter / grade / vitamin"),
    ("cv", "curriculum vitae (resume) | computer vision"),
    ("go", "the Go language (golang) | the English verb"),
    ("it", "information technology | the pronoun (a stopword)"),
    ("ml", "machine learning | millilitre"),
    ("r", "the R language | the letter, (R) trademark sign"),
)

AMBIGUOUS_FORMS = {w for w, _ in AMBIGUOUS}

# Aliases from linguist or devicon that are wrong as job-posting aliases:
# English words, other products, file extensions, or data errors.
DENY_VARIANTS = {
    "node", "make", "mf", "bsdmake", "inc", "cake", "cakescript",
    "terraform", "opentofu", "octave", "bash", "sh", "zsh", "envrc",
    "shell-script", "rake", "fundamental", "plain text", "red/system",
    "containerfile", "jestjs", "hudson", "embarcadero", "mui", "ae",
    "md", "pandoc", "inc", "rs", "rb", "py", "bal", "mvn", "posh",
    "the apache software foundation", "kali", "artix", "apollo",
    "framer", "materialize", "adonis", "alpine", "jetstream", "kraken",
    "karate", "fauna", "deta", "jaeger", "bevy", "jsonl", "geojson",
    "sarif", "topojson", "xhtml", "rss", "wsdl", "xsd", "rusthon", "visual basic", "hashicorp configuration language",
}

# Entries dropped whatever their source (not technologies in postings, or
# too generic once lower-cased).
DENY_ENTRIES = {
    "text", "self", "red", "ring", "pony", "chef", "puppet", "word",
    "access", "outlook", "teams", "excel", "project", "office", "windows",
    "apple", "google", "facebook", "linkedin", "twitter", "behance",
    "codepen", "devicon", "chrome", "firefox", "safari", "opera",
    "crystal", "carbon", "harbor", "gardener", "foundation", "ghost",
    "composer", "express", "fiber", "less", "beats", "glitch", "meteor",
    "knockout", "insomnia", "karma", "atom", "apex", "shell", "slash",
    "factor", "pan", "pike", "boo", "nu", "io", "j", "e", "d", "m", "q",
    "oz", "ox", "genshi", "gosu", "mercury", "monkey", "nit", "pep8",
    "moocode", "logos", "ceylon", "cirru", "clean", "cool", "curry",
    "eagle", "eiffel", "forth", "frege", "gap", "golo", "hack", "hy",
    "idris", "inform 7", "ioke", "jolie", "lasso", "lean", "limbo",
    "loomscript", "max", "mirah", "modula-2", "nemerle", "nesc", "newlisp",
    "nix", "noir", "nuXmv", "opal", "oxygene", "parrot", "pawn", "pep",
    "pickle", "pure data", "rebol", "reason", "ren'py", "rouge", "sage",
    "scaml", "slice", "smali", "squirrel", "starlark", "stan", "turing",
    "unity", "wisp", "x10", "xtend", "yacc", "zap", "zil", "ballerina",
    "bicep", "bluespec", "brightscript", "gherkin", "marko", "mask",
    "mint", "moonscript", "oberon", "raku", "ruby on rails",
    "tea", "vala", "volt", "wdl", "zephir", "zimpl", "blade", "edge",
    "hosting", "service", "server", "storage", "cloud", "dashboard",
    "maintenance", "database", "spreadsheet", "calendar", "email",
    "e-mail", "internet", "web", "data", "gis",
    "hugo", "maya", "blender", "unity", "godot", "gazebo", "jamstack",
    "hardhat", "harvester", "biome", "bun", "ionic", "vagrant",
    "aiken", "ampl", "asl", "ats", "bison", "cadence", "chuck", "clarion",
    "fennel", "idl", "kit", "leo", "pact", "pic", "polar", "rpc", "sip",
    "smt", "sqf", "roc", "opa", "interpreter", "prince", "juris",
    "clipper", "packer", "turbo", "sanity", "reflex", "remix", "sentry",
    "teleport", "swiper", "ory", "rect", "talos", "sulu", "waku",
    "thealgorithms", "notion", "phoenix", "nomad", "rancher", "jasmine",
    "cucumber", "gulp", "grunt", "babel", "bamboo", "envoy", "expo",
    "lumen", "ember", "consul", "apache", "pulsar", "capacitor", "gatling",
    "hibernate", "protractor", "quasar", "rider", "sema", "mercurial",
    "spack", "polygon", "magic", "piglatin", "etap", "patternmaker",
    "networker", "apo", "mocha", "jekyll", "laminas", "kraken.js",
}

# Tags that mark a devicon entry as a brand, site or browser, not a skill.
DEVICON_SKIP_TAGS = {"social", "brand", "iconset", "browser", "website"}

# Display forms for devicon ids that match no other source.
DEVICON_DISPLAY = {
    "amazonwebservices": "amazon web services",
    "googlecloud": "google cloud platform",
    "azure": "microsoft azure",
    "microsoftsqlserver": "sql server",
    "apachekafka": "apache kafka",
    "apacheairflow": "airflow",
    "apachespark": "apache spark",
    "dot-net": ".net",
    "dotnetcore": ".net core",
    "cplusplus": "c++",
    "csharp": "c#",
    "fsharp": "f#",
    "nodejs": "node.js",
    "vuejs": "vue.js",
    "nextjs": "next.js",
    "nuxtjs": "nuxt.js",
    "d3js": "d3.js",
    "threejs": "three.js",
    "reactnative": "react native",
    "react": "react",
    "githubactions": "github actions",
    "androidstudio": "android studio",
    "visualstudio": "visual studio",
    "vscode": "visual studio code",
    "intellij": "intellij idea",
    "scikitlearn": "scikit-learn",
    "objectivec": "objective-c",
    "postgresql": "postgresql",
    "tailwindcss": "tailwind css",
    "springboot": "spring boot",
    "entityframeworkcore": "entity framework core",
    "googlecolab": "google colab",
    "rubyonrails": "ruby on rails",
    "aftereffects": "adobe after effects",
    "angularmaterial": "angular material",
    "antdesign": "ant design",
    "apollographql": "apollo graphql",
    "archlinux": "arch linux",
    "artixlinux": "artix linux",
    "cypressio": "cypress",
    "djangorest": "django rest framework",
    "embeddedc": "embedded c",
    "framermotion": "framer motion",
    "kalilinux": "kali linux",
    "linuxmint": "linux mint",
    "materialui": "material ui",
    "jetpackcompose": "jetpack compose",
    "googlecolab": "google colab",
    "amazonwebservices": "amazon web services",
    "microsoftsqlserver": "sql server",
    "opencv": "opencv",
    "rabbitmq": "rabbitmq",
    "sqlalchemy": "sqlalchemy",
    "unrealengine": "unreal engine",
    "visualbasic": "visual basic",
    "kdeneon": "kde neon",
    "azuredevops": "azure devops",
    "azuresqldatabase": "azure sql database",
    "laraveljetstream": "laravel jetstream",
    "reactnavigation": "react navigation",
    "reactrouter": "react router",
    "premierepro": "adobe premiere pro",
    "threedsmax": "3ds max",
    "newrelic": "new relic",
    "raspberrypi": "raspberry pi",
    "rockylinux": "rocky linux",
    "socketio": "socket.io",
    "msdos": "ms-dos",
    "sqldeveloper": "sql developer",
    "redhat": "red hat",
    "jaegertracing": "jaeger",
    "traefikproxy": "traefik",
    "traefikmesh": "traefik mesh",
    "photonengine": "photon engine",
    "titaniumsdk": "titanium sdk",
    "towergit": "tower git",
    "vuestorefront": "vue storefront",
    "karatelabs": "karate labs",
    "nodewebkit": "nw.js",
    "windows8": "windows 8",
    "windows11": "windows 11",
}

ONET_ATTRIBUTION = ("O*NET 29.2 Database by the U.S. Department of Labor, "
                    "Employment and Training Administration (USDOL/ETA)")

TOKEN = re.compile(r"[A-Za-z0-9]+[+#]*")
SENTENCE_START = set(".!?:;\n\r\t\u2022*-\u2013\u2014(\"'/|>")


def norm_key(s):
    """The separator-free key of a spelling: lower case without spaces,
    hyphens, dots and underscores ("Node.js", "node js", "nodejs" -> nodejs)."""
    return re.sub(r"[\s\-._]+", "", s.lower())


def tokens_of(s):
    """Lower-case word tokens of s, as the corpus is tokenized."""
    return tuple(m.group().lower() for m in TOKEN.finditer(s))


def clean_name(s):
    """Lower case, collapsed spaces, no tab, bar or trailing punctuation."""
    s = re.sub(r"\s+", " ", s.replace("|", " ")).strip().lower()
    return s.rstrip(" ,;:!")


class Corpus:
    """Document frequencies of candidate phrases and case statistics of
    single words over the postings (and English prose for the case)."""

    def __init__(self, shared):
        self.docs = []  # lower-case token tuples of each posting
        self.lower = collections.Counter()  # mid-sentence lower-case uses
        self.upper = collections.Counter()  # mid-sentence capitalized uses
        files = sorted(glob.glob(os.path.join(shared, "corpora/postings/*.jsonl")))
        if not files:
            sys.exit("build_lexicon: no postings under %s/corpora/postings" % shared)
        for path in files:
            tokenized = "skillspan" in os.path.basename(path)  # lower-cased text
            with open(path, encoding="utf-8") as f:
                for line in f:
                    o = json.loads(line)
                    text = (o.get("title") or "") + "\n" + (o.get("description") or "")
                    self.docs.append(self._scan(text, not tokenized))
        self.nfiles = len(files)
        tasks = os.path.join(shared, "corpora/onet/Task_Statements.txt")
        with open(tasks, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                self._scan(row["Task"], True)

    def _scan(self, text, case_stats):
        """Tokenizes text; counts the case of mid-sentence words."""
        toks = []
        for m in TOKEN.finditer(text):
            w = m.group()
            lw = w.lower()
            toks.append(lw)
            if not case_stats:
                continue
            i = m.start() - 1
            while i >= 0 and text[i] == " ":
                i -= 1
            if i < 0 or text[i] in SENTENCE_START:
                continue
            if w.islower():
                self.lower[lw] += 1
            elif w[0].isupper() and not w.isupper():
                self.upper[lw] += 1
        return tuple(toks)

    def is_common_word(self, w, stopwords):
        """True when w (one lower-case word) is an ordinary English word."""
        if w in stopwords:
            return True
        lo, up = self.lower[w], self.upper[w]
        return lo >= 4 or (lo >= 1 and lo >= 0.1 * (lo + up))

    def doc_freq(self, groups):
        """groups: {id: [token tuple, ...]}; returns {id: number of
        postings where any of its token tuples occurs (a one-token tuple
        also matches the joined spelling of longer phrases)}."""
        index = collections.defaultdict(list)  # first token -> [(tuple, id)]
        for gid, forms in groups.items():
            for t in forms:
                if t:
                    index[t[0]].append((t, gid))
        df = collections.Counter()
        for toks in self.docs:
            hit = set()
            n = len(toks)
            for i, w in enumerate(toks):
                cands = index.get(w)
                if not cands:
                    continue
                for t, gid in cands:
                    if gid not in hit and toks[i:i + len(t)] == t:
                        hit.add(gid)
            df.update(hit)
        return df


class Lexicon:
    """Entries keyed by canonical form, with a separator-free key index."""

    def __init__(self):
        self.entries = {}  # canonical -> {"kind", "variants": set, "source"}
        self.keys = {}     # norm_key -> canonical that owns it
        self.conflicts = 0  # variants dropped because another entry owns them

    def owner(self, s):
        """The canonical owning the key of s, or None."""
        return self.keys.get(norm_key(s))

    def add(self, canon, kind, variants, source):
        """Adds canon with variants, or merges into the entry that already
        owns canon's key. Returns the canonical the rows went to."""
        canon = clean_name(canon)
        target = self.owner(canon)
        if target is None:
            # a variant that is already an entry's canonical form: merge
            # into it ("A programming language APL" -> apl)
            for v in sorted(variants):
                own = self.owner(v)
                if own is not None and norm_key(own) == norm_key(v):
                    target = own
                    break
        if target is None:
            self.entries[canon] = {"kind": kind, "variants": set(), "source": source}
            self.keys[norm_key(canon)] = canon
            target = canon
        if target in AMBIGUOUS_FORMS and source != "curated":
            return target
        for v in [canon] + sorted(variants):
            self.add_variant(target, v)
        return target

    def add_variant(self, target, v):
        """Adds variant v to target unless its key is owned elsewhere."""
        v = clean_name(v)
        if not v:
            return
        k = norm_key(v)
        if not k:
            return
        own = self.keys.get(k)
        if own is None:
            self.keys[k] = target
            own = target
        if own != target:
            self.conflicts += 1
            return
        if v != target:
            # separator-only spellings are kept too: redundant for an
            # analyzer that normalizes separators, harmless otherwise
            self.entries[target]["variants"].add(v)


def load_stopwords(shared):
    """Snowball's English stopwords (word per line, '|' comments)."""
    words = set()
    with open(os.path.join(shared, "lexicon/snowball-english-stop.txt"), encoding="utf-8") as f:
        for line in f:
            w = line.split("|")[0].strip().lower()
            if w:
                words.add(w)
    return words


def read_tsv3(path):
    """Rows (canonical, kind, [variants]) of a lexicon-format file."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[1] not in KINDS:
                sys.exit("%s:%d: expected canonical<TAB>kind<TAB>variants" % (path, n))
            rows.append((parts[0], parts[1], [v for v in parts[2].split("|") if v]))
    return rows


# Head words of occupation titles that name an activity, not a person.
ACTIVITY_SUFFIX = re.compile(r"(ion|ence|ance|ment|ing|ity|ship|ics|ogy)$")
# Agent suffixes: a role noun names a person (developer, operator, consultant).
AGENT_SUFFIX = re.compile(r"(er|or|ant|ent|ist|ian|eer)$")


def occupation_nouns(shared, stop, min_titles=20):
    """[(word, plural)]: the nouns that head at least MIN_TITLES O*NET
    occupation titles (Occupation_Data and Alternate_Titles: "Java
    Developers" -> developer), name a person (an agent suffix), and lose
    that suffix to the Snowball stemmer (developer -> develop, engineer ->
    engin, manager -> manag). As lexicon entries of kind role they are kept
    whole, so that a developer is not development, an engineer not
    engineering: the role a CV or a title names is what job seekers and
    recruiters match first."""
    import snowballstemmer  # Debian: python3-snowballstemmer (make bench-deps)
    stem = snowballstemmer.stemmer("english").stemWord
    heads = collections.Counter()
    plurals = collections.defaultdict(collections.Counter)
    onet = os.path.join(shared, "corpora/onet")
    for name, col in (("Occupation_Data.txt", "Title"), ("Alternate_Titles.txt", "Alternate Title")):
        with open(os.path.join(onet, name), encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                first = re.split(r"[,(/]| or | and ", r[col])[0]
                words = re.findall(r"[A-Za-z]+", first)
                if not words:
                    continue
                w = words[-1].lower()
                one = w[:-3] + "y" if w.endswith("ies") and len(w) > 4 else \
                    w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) else w
                heads[one] += 1
                plurals[one][w if w != one else (one[:-1] + "ies" if one.endswith("y") else one + "s")] += 1
    out = []
    for w, n in sorted(heads.items()):
        if (n >= min_titles and len(w) >= 4 and w not in stop and AGENT_SUFFIX.search(w)
                and not ACTIVITY_SUFFIX.search(w) and stem(w) != w):
            out.append((w, plurals[w].most_common(1)[0][0]))
    return out


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: build_lexicon.py SHARED OUTDIR")
    shared, outdir = argv[1], argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    curated_path = os.path.join(here, "lexicon-curated.tsv")
    stop = load_stopwords(shared)
    corpus = Corpus(shared)
    lex = Lexicon()
    counts = collections.OrderedDict()

    def single_bad(s, curated=False):
        """A one-token spelling that must not be an entry or variant."""
        s = clean_name(s)
        if s in DENY_ENTRIES or s in DENY_VARIANTS:
            return not curated
        if curated or " " in s:
            return False
        toks = tokens_of(s)
        if len(toks) != 1:
            return False
        w = toks[0]
        if len(norm_key(s)) <= 2:
            return True
        return corpus.is_common_word(w, stop)

    def all_common(s):
        """A phrase made only of ordinary English words ("special agent")."""
        toks = tokens_of(s)
        return len(toks) > 1 and all(
            corpus.is_common_word(t, stop) or t.isdigit() for t in toks)

    with open(os.path.join(shared, "lexicon/devicon.json"), encoding="utf-8") as f:
        dev = json.load(f)
    devicon_keys = set()
    for item in dev:
        for n in [item["name"]] + [a for a in item.get("altnames") or [] if isinstance(a, str)]:
            devicon_keys.add(norm_key(n))

    # 1. curated rows
    curated = read_tsv3(curated_path)
    curated_keys = set()
    for canon, kind, variants in curated:
        lex.add(canon, kind, variants, "curated")
        curated_keys.add(norm_key(canon))
        curated_keys.update(norm_key(v) for v in variants)
    counts["curated"] = len(curated)

    # 2. linguist
    rows = []
    with open(os.path.join(shared, "lexicon/linguist-languages-aliases.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows.append((r["name"], r["type"], [a for a in (r["aliases"] or "").split("|") if a]))
    ling_df = corpus.doc_freq({i: [tokens_of(r[0])] for i, r in enumerate(rows)})
    with open(os.path.join(shared, "corpora/onet/Technology_Skills.txt"), encoding="utf-8") as f:
        onet_rows = list(csv.DictReader(f, delimiter="\t"))
    names = sorted({r["Example"].strip() for r in onet_rows})
    hot = {r["Example"].strip() for r in onet_rows if r["Hot Technology"] == "Y"}
    onet_keys = {norm_key(n) for n in names}
    n_ling = 0
    for i, (name, typ, aliases) in enumerate(rows):
        if typ == "prose":
            continue
        cur = norm_key(name) in curated_keys
        # languages that postings, O*NET or devicon mention, or curated ones
        known = cur or norm_key(name) in devicon_keys or norm_key(name) in onet_keys
        if not known and ling_df[i] < (1 if typ == "programming" else 3):
            continue
        if not cur and (clean_name(name) in DENY_ENTRIES or single_bad(name)
                        or all_common(name)):
            continue
        good = [a for a in aliases
                if clean_name(a) not in DENY_VARIANTS and not single_bad(a)]
        kind = "language" if typ == "programming" else "tech"
        if lex.owner(name) in lex.entries:
            kind = lex.entries[lex.owner(name)]["kind"]
        lex.add(name, kind, good, "linguist")
        n_ling += 1
    counts["linguist"] = n_ling

    # 3. O*NET names: parsed forms, then the relevance filter
    onet = []
    first_words = collections.Counter(n.split()[0] for n in names if len(n.split()) > 1)
    vendors = {w for w, c in first_words.items() if c >= 5 and w[:1].isupper()}
    generic = 0
    for name in names:
        s = re.sub(r"\s+[Ss]oftware$", "", name).strip()
        words = s.split()
        acro = None
        if len(words) >= 3 and re.fullmatch(r"[A-Z][A-Z0-9&]+[a-z]?", words[-1]):
            # the acronym's letters appear in order in the words before it,
            # its first letter in the first word ("Extensible markup
            # language XML", "Amazon Web Services AWS")
            letters = [c for c in words[-1].lower() if c.isalpha()]
            rest = iter(" ".join(words[:-1]).lower())
            if (letters and letters[0] in words[0].lower()
                    and all(c in rest for c in letters)):
                acro = words[-1]
                words = words[:-1]
        full = " ".join(words)
        if (acro is None and len(words) >= 2 and words[0][:1].isupper()
                and words[0][1:].islower()
                and all(re.fullmatch(r"[a-z][a-z'/-]*|and|or|of", w) for w in words[1:])):
            generic += 1  # "Cost accounting software": a description
            continue
        forms = [full]
        if acro:
            forms.append(acro)
        product = None
        if len(words) == 2 and words[0] in vendors:
            p = words[1]
            if len(p) >= 3 and not single_bad(p):
                product = p
                forms.append(p)
        onet.append((name, full, acro, product, forms))
    onet_df_forms = corpus.doc_freq({(i, j): [tokens_of(f)]
                                     for i, o in enumerate(onet) for j, f in enumerate(o[4])})
    n_onet = 0
    dropped_common = 0
    dropped_rare = 0
    for i, (name, full, acro, product, forms) in enumerate(onet):
        df_full = onet_df_forms[(i, 0)]
        multi = len(tokens_of(full)) > 1
        canon, variants = full, []
        if acro:
            # "Long name ACRO": the long name must be seen; the acronym is a
            # variant unless it is far more frequent than the long name
            # (then it mostly means something else: DOE, CMS, EMS, ...).
            df_acro = onet_df_forms[(i, 1)]
            if df_full < 2:
                dropped_rare += 1
                continue
            if df_acro <= 5 * df_full and not single_bad(acro):
                variants.append(acro)
        elif product:
            # "Vendor Product": the product word stands alone when the pair
            # is attested, or the word looks like a product name (AutoCAD,
            # InDesign), or linguist/devicon/curated know it; otherwise a
            # plain word (Navigator, Millennium, Flex) means other things.
            df_prod = onet_df_forms[(i, 1)]
            known = lex.owner(product) is not None or norm_key(product) in devicon_keys
            camel = re.search(r"[a-z][A-Z]", product) is not None
            if df_full >= 1 or known or camel:
                canon, variants = product, [full]
                multi = False
                df_full = max(df_full, df_prod)
        if df_full < (1 if name in hot else 3 if multi else 2):
            dropped_rare += 1
            continue
        cur = norm_key(canon) in curated_keys
        if not cur and (single_bad(canon) or (all_common(canon) and not acro)):
            dropped_common += 1
            continue
        variants = [v for v in variants if not single_bad(v) and clean_name(v) not in DENY_VARIANTS]
        owner = lex.owner(canon)
        kind = lex.entries[owner]["kind"] if owner else "tech"
        lex.add(canon, kind, variants, "onet")
        n_onet += 1
    counts["onet"] = n_onet

    # 4. devicon
    onet_display = {}
    for name, full, acro, product, forms in onet:
        for form in forms:
            onet_display.setdefault(norm_key(form), clean_name(form))
    n_dev = 0
    for item in sorted(dev, key=lambda x: x["name"]):
        name = item["name"]
        tags = {t.lower() for t in item.get("tags") or []}
        alts = [a for a in item.get("altnames") or [] if isinstance(a, str)]
        if tags & DEVICON_SKIP_TAGS or tags == {"auth"}:
            continue
        base = re.sub(r"(?<=[a-z])\d+$", "", name)  # css3 -> css, html5 -> html
        display = DEVICON_DISPLAY.get(name)
        if display is None:
            for cand in [name, base] + alts:
                if lex.owner(cand) in lex.entries and norm_key(cand) == norm_key(lex.owner(cand)):
                    display = lex.owner(cand)
                    break
        if display is None:
            spaced = [a.replace("-", " ") for a in alts
                      if re.search(r"[ -]", a.strip()) and norm_key(a) == norm_key(name)]
            if spaced:
                display = spaced[0]
            elif norm_key(name) in onet_display:
                display = onet_display[norm_key(name)]
            elif name.endswith("js") and len(name) > 4:
                display = name[:-2] + ".js"
            else:
                display = name
        display = clean_name(display)
        if norm_key(display) not in curated_keys and (
                display in DENY_ENTRIES or single_bad(display) or all_common(display)):
            continue
        variants = [v for v in [name] + alts
                    if clean_name(v) not in DENY_VARIANTS and not single_bad(v)]
        owner = lex.owner(display)
        kind = lex.entries[owner]["kind"] if owner else "tech"
        lex.add(display, kind, variants, "devicon")
        n_dev += 1
    counts["devicon"] = n_dev

    # 5. occupation nouns (role): the head words of O*NET's occupation titles
    n_role = 0
    for word, plural in occupation_nouns(shared, stop):
        if lex.owner(word) or lex.owner(plural):
            continue
        lex.add(word, "role", [plural], "onet-titles")
        n_role += 1
    counts["onet-titles"] = n_role

    # Output
    by_source = collections.Counter(e["source"] for e in lex.entries.values())
    by_kind = collections.Counter(e["kind"] for e in lex.entries.values())
    nvar = sum(len(e["variants"]) for e in lex.entries.values())
    lines = [
        "# jobmatch alias lexicon: canonical<TAB>kind<TAB>variant|variant|...",
        "# Generated by scripts/build_lexicon.py from ../shared and scripts/lexicon-curated.tsv;",
        "# do not edit by hand: run `make lexicon` (same inputs give the same bytes).",
        "# kinds: " + " ".join(KINDS) + ". Canonical forms and variants are lower case;",
        "# spellings that differ only by separators (space, hyphen, dot, joined) are one key.",
        "#",
        "# Sources, licences and attribution:",
        "#   scripts/lexicon-curated.tsv: the jobmatch project's own list (same licence as jobmatch).",
        "#   GitHub linguist's languages.yml (names, types, aliases), as repackaged by the",
        "#     linguist-languages package: MIT License, Copyright (c) GitHub, Inc. and",
        "#     Copyright (c) Ika <ikatyang@gmail.com> (https://github.com/ikatyang).",
        "#   devicon (names, altnames): MIT License, Copyright (c) 2015 konpa.",
        "#   O*NET Technology_Skills (tool and technology names): " + ONET_ATTRIBUTION + ",",
        "#     used under the CC BY 4.0 license; O*NET(R) is a trademark of USDOL/ETA.",
        "#     Names were filtered (kept when seen in the postings), shortened (vendor and",
        "#     \"software\" removed) and lower-cased by the jobmatch project.",
        "#   O*NET Occupation_Data and Alternate_Titles (the last word of each title, counted):",
        "#     the same O*NET 29.2 Database and licence; only single head words are kept.",
        "#   The O*NET task statements and the postings in ../shared/corpora were read only to",
        "#     count document frequencies and to recognize common English words; no text is copied.",
        "#",
        "# Ambiguous short forms (rows of kind language with no variants, golang aside): the",
        "# analyzer must decide them from context; do not map them blindly.",
    ]
    for w, meaning in AMBIGUOUS:
        lines.append("# ambiguous\t%s\t%s" % (w, meaning))
    lines += [
        "#",
        "# Mapped short variants with other common senses, where context rules would help:",
        "#   ms (master's degree | MS Office, MS Word | Mississippi | milliseconds), ba, bs,",
        "#   ts (typescript | TS/SCI clearance, listed whole as ts/sci), ai, qa, ui, ux, rn, jd.",
        "#",
        "# Decisions: Microsoft Office products keep the vendor (microsoft word, microsoft excel);",
        "#   powerpoint is a variant; excel, word, access, outlook, teams and project are not",
        "#   (in the postings, lower-case excel is mostly the verb: excel in a fast-paced ...).",
        "#   Acronyms of other senses in public-sector postings are not mapped: CISA (the agency),",
        "#   CMS (Medicare), EMS, DOE. Single words that are ordinary English words are left out",
        "#   unless curated (see the script's docstring).",
        "#",
        "# Entries: %d (%s); variants: %d." % (
            len(lex.entries),
            ", ".join("%s %d" % (k, by_kind[k]) for k in KINDS if by_kind[k]), nvar),
        "# Entries by the source that created them: %s." % ", ".join(
            "%s %d" % (k, by_source[k]) for k in ("curated", "linguist", "onet", "devicon",
                                                  "onet-titles")),
    ]
    rows = []
    for canon in sorted(lex.entries):
        e = lex.entries[canon]
        rows.append("%s\t%s\t%s" % (canon, e["kind"], "|".join(sorted(e["variants"]))))
    os.makedirs(outdir, exist_ok=True)
    out = os.path.join(outdir, "lexicon.tsv")
    data = "\n".join(lines + rows) + "\n"
    with open(out + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    os.replace(out + ".tmp", out)
    print("build_lexicon: %d postings read" % len(corpus.docs))
    for k, v in counts.items():
        print("build_lexicon: %-8s %5d rows accepted, %5d entries created" % (k, v, by_source[k]))
    print("build_lexicon: O*NET %d names: %d generic descriptions, %d too rare in the postings,"
          " %d common words dropped" % (len(names), generic, dropped_rare, dropped_common))
    print("build_lexicon: %d variants dropped (key owned by another entry)" % lex.conflicts)
    print("build_lexicon: wrote %s: %d entries, %d variants" % (out, len(lex.entries), nvar))


if __name__ == "__main__":
    main(sys.argv)
