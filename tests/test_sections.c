/* Tests of the readers through jm_doc_read(): headings by form and by name,
 * glued headings, kinds from content, out-of-order entries, postings,
 * JSON, encodings, offsets, and bad input. */
#include "unit.h"
#include "read/document.h"
#include "read/sections.h"
#include "read/clean.h"

#include <stdlib.h>

/* "kind:heading|kind:heading" ("-" for no heading), in static storage. */
static const char *outline(const jm_doc *d)
{
    static char buf[4096];
    size_t n, o = 0;
    const jm_section *s = jm_doc_sections(d, &n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < sizeof buf - 200; i++) {
        int w = snprintf(buf + o, sizeof buf - o, "%s%s:%.*s", i ? "|" : "",
                         jm_section_kind_name(s[i].kind),
                         s[i].heading ? (int)s[i].heading_len : 1,
                         s[i].heading ? s[i].heading : "-");
        if (w > 0) o += (size_t)w;
    }
    return buf;
}

static jm_doc *read_doc(jm_engine *e, jm_doc_type type, const char *text, size_t len)
{
    jm_doc *d = NULL;
    int rc = jm_doc_read(e, type, text, len, "test.md", &d);
    CHECK_MSG(rc == JM_OK, "jm_doc_read: %s", jm_errmsg(e));
    return d;
}

static const struct {
    jm_doc_type type;
    const char *text;
    const char *want;
} outlines[] = {
    /* a heading in capitals on a line of its own */
    { JM_DOC_CV, "Jane Doe\njane@example.com\n\nSKILLS\nJava, C++\n",
      "contact:-|skills:SKILLS" },
    /* any Markdown level, bold, a trailing colon, leading spaces */
    { JM_DOC_CV, "## Professional Skills\nJava\n#### **EDUCATION**\nBSc\n   Core Competencies:\nGo\n",
      "skills:Professional Skills|education:EDUCATION|skills:Core Competencies" },
    { JM_DOC_CV, "###### Work Experience\nACME, Engineer, 2019 - 2021\n**Employment History:**\nX\n",
      "experience:Work Experience|experience:Employment History" },
    /* names of every kind */
    { JM_DOC_CV, "Technical Skills\na\nEducation Details\nb\nSelect Research Projects\nc\n"
      "Publications\nd\nPatents\ne\nAwards\nf\nHonors\ng\nCertifications\nh\nLanguages\ni\n"
      "Interests\nj\nVolunteering\nk\nReferences\nl\n",
      "skills:Technical Skills|education:Education Details|projects:Select Research Projects|"
      "publications:Publications|patents:Patents|awards:Awards|awards:Honors|"
      "certifications:Certifications|languages:Languages|interests:Interests|"
      "volunteering:Volunteering|references:References" },
    /* a name that a list's first mark follows heads the list on its line
     * (a CV scraped to text), at the line's start or glued mid-line; a
     * name in running text does not */
    { JM_DOC_CV, "Skills * Programming Languages: Python, Sql * Machine learning: SVM\r\n"
      "Education Details \r\nBSc\r\n",
      "skills:Skills|education:Education Details" },
    { JM_DOC_CV, "SUMMARY\nI ship things.Skills \u2022 Python \u2022 Go\n",
      "summary:SUMMARY|skills:Skills" },
    { JM_DOC_CV, "SUMMARY\nSkills *really* matter to me.\n", "summary:SUMMARY" },
    /* a sentence that only contains a heading word is not a heading */
    { JM_DOC_CV, "SUMMARY\nI improved my skills in Java and my experience in Go.\n"
      "Skills matter.\n", "summary:SUMMARY" },
    /* glued to the sentence before it (scraped text) */
    { JM_DOC_CV, "SUMMARY\nWorked on NLP and Deep learning.Education Details\nMSc, 2015\n",
      "summary:SUMMARY|education:Education Details" },
    /* glued to the text after it */
    { JM_DOC_CV, "About meSenior developer with ten years of Java.\n",
      "summary:About me" },
    /* glued after a word in capitals */
    { JM_DOC_CV, "SKILLS\nPython, R, SPSSEducation Details\nBSc Statistics\n",
      "skills:SKILLS|education:Education Details" },
    /* headings glued one after the other in two-column PDF text */
    { JM_DOC_CV, "Jane Doe (+972) 555 0100 jane@example.com\nGithubWORK EXPERIENCESKILLSFreelancer since 2019\n",
      "contact:-|experience:WORK EXPERIENCE|skills:SKILLS" },
    /* letter-spaced headings */
    { JM_DOC_CV, "W O R K  E X P E R I E N C E\nACME 2019 - 2020\n",
      "experience:W O R K  E X P E R I E N C E" },
    /* a "summary" that is a list of technologies is skills */
    { JM_DOC_CV, "EXPERIENCE SUMMARY\nProgramming languages: Java, JavaScript\n"
      "Databases: MySQL, MongoDB, Redis\nOS: Windows, Linux\n"
      "EXPERIENCE\n2019 - 2021: Developer, ACME\nBuilt things.\n",
      "skills:EXPERIENCE SUMMARY|experience:EXPERIENCE" },
    /* "Technologies: ..." inside a job is a detail, not a heading */
    { JM_DOC_CV, "EXPERIENCE\n2019 - 2020: ACME - Developer\nBuilt a web app.\n"
      "Technologies: Java 8, Spring Boot\nProject: a shop\n",
      "experience:EXPERIENCE" },
    /* a key-value block of contact lines is not split at "Languages:" */
    { JM_DOC_CV, "Jane Doe\nCity: Haifa\nLanguages: English, Hebrew\nLinkedIn: x\n\nSKILLS\nGo\n",
      "contact:-|skills:SKILLS" },
    /* ...but after a generic heading it is a section */
    { JM_DOC_CV, "SKILLS\nGo\nOther\nLanguages: English, Hebrew\n",
      "skills:SKILLS|other:Other|languages:Languages" },
    /* a bulleted "•Languages:" item stays in its list */
    { JM_DOC_CV, "Professional skills:\n\xE2\x80\xA2Languages: Python, JS\n\xE2\x80\xA2" "DB: MySQL\n",
      "skills:Professional skills" },
    /* a job heading with a role word is not a heading by keyword */
    { JM_DOC_CV, "EXPERIENCE\n### Research Intern\nMay 2016 - August 2016\n",
      "experience:EXPERIENCE" },
    /* out-of-order entries: a dated internship under AWARDS goes to
     * experience; papers (venue and year) under PATENTS go where papers are */
    { JM_DOC_CV, "#### **PROJECTS**\n## Fast Parsing - ICML 2020 (oral)\nA B, C D, E F\n"
      "#### **PATENTS**\nA method (2022)\n## Slow Parsing - NeurIPS 2019\nG H, I J, K L\n"
      "#### **AWARDS**\nPrize, 2010\n### **Initech.** Austin, TX - Research Intern\n"
      "May 2017 - August 2017\nBuilt a thing.\n",
      "projects:PROJECTS|patents:PATENTS|projects:Slow Parsing - NeurIPS 2019|awards:AWARDS|"
      "experience:**Initech.** Austin, TX - Research Intern" },
    /* papers with no projects section become publications */
    { JM_DOC_CV, "#### AWARDS\nPrize, 2010\n## Slow Parsing - EMNLP 2019\nG H, I J, K L\n",
      "awards:AWARDS|publications:Slow Parsing - EMNLP 2019" },
    /* LaTeX in an entry's heading is read through */
    { JM_DOC_CV, "#### AWARDS\nPrize\n### ${\\bf Initech.}\\ {\\bf Austin,\\ TX-Research\\ Intern}$\n"
      "May 2016 - August 2016\n",
      "awards:AWARDS|experience:${\\bf Initech.}\\ {\\bf Austin,\\ TX-Research\\ Intern}$" },
    /* postings: the title is a section; headings glued into sentences */
    { JM_DOC_POSTING, "Clinical Therapist\nWe are located 20 minutes north of The Woodlands."
      "Minimum Requirements: Master's degree in social work.\n",
      "title:-|other:-|requirements:Minimum Requirements" },
    /* every posting kind */
    { JM_DOC_POSTING, "# Data Engineer\nAbout Us\nWe sell things.\nResponsibilities\nBuild pipelines.\n"
      "Requirements:\nSQL.\nNice to have: Go.\nWhat we offer\nGood pay.\n"
      "We are an equal opportunity employer and consider all applicants without regard to race.\n",
      "title:-|about:About Us|responsibilities:Responsibilities|requirements:Requirements|"
      "preferred:Nice to have|benefits:What we offer|legal:-" },
    /* the legal sentence is found even when glued to a list */
    { JM_DOC_POSTING, "Job description\nPlan events- Manage vendorsOur company is an equal "
      "opportunity employer.\n", "responsibilities:Job description|legal:-" },
    /* a Markdown link first is text, not a JSON array */
    { JM_DOC_CV, "[Jane Doe](https://example.com)\n\n## Skills\nGo\n", "contact:-|skills:Skills" },
    /* a posting whose first line is a heading has no title */
    { JM_DOC_POSTING, "Responsibilities\nDo things.\n", "responsibilities:Responsibilities" },
    /* issue 13: a CV's names in the other number (only "Skills", "Hobbies",
     * "Certifications" were listed) */
    { JM_DOC_CV, "Jane Doe\njane@example.com\n\nTECHNICAL SKILL\nGo\nCertification\nAWS\n"
      "Hobby\nChess\nEducations\nBSc\n",
      "contact:-|skills:TECHNICAL SKILL|certifications:Certification|interests:Hobby|"
      "education:Educations" },
    /* issue 13: generic words around a name (only the listed names were
     * found) */
    { JM_DOC_CV, "Jane Doe\njane@example.com\n\nTechnical Skills Summary\nGo\n"
      "Work History Details\nACME\nRelevant Certifications\nAWS\n",
      "contact:-|skills:Technical Skills Summary|experience:Work History Details|"
      "certifications:Relevant Certifications" },
    /* issue 13: a scraped resume with CRLF line ends, a heading glued to
     * the text before it and a generic word after it */
    { JM_DOC_CV, "Jane Doe\r\njane@example.com\r\nDatabases: SQL ServerSkills Details\r\n"
      "C#, Java\r\nDeep learning.Education Details\r\nBSc\r\n",
      "contact:-|skills:Skills Details|education:Education Details" },
    /* issue 13: "EXPERIENCESKILLS" is not EXPERIENCES + KILLS once plurals
     * fold */
    { JM_DOC_CV, "Jane Doe jane@example.com\nGithubWORK EXPERIENCESKILLSFreelancer since 2019\n",
      "contact:-|experience:WORK EXPERIENCE|skills:SKILLS" },
    /* issue 13: a glued name and a few words up to a colon */
    { JM_DOC_CV, "Jane Doe jane@example.com\n\nSKILLS: C++ PYTHON (A1-A2)Educations and Courses: "
      "Ulpan, 2022\n", "contact:-|skills:SKILLS|education:Educations and Courses" },
    /* issue 13: a singular that only a plural lists ("Projects"), and a
     * name with a phrase after it, glued into a job are items (Vanetik CVs
     * 23, 52, 58) */
    { JM_DOC_CV, "Jane Doe jane@example.com\n\nEXPERIENCE\n2019 - 2021 ACME, SoftProject Design "
      "of a shop.Achievement: Created a server.Experience with bug trackers: Jira.\n",
      "contact:-|experience:EXPERIENCE" },
    /* issue 13: a name and a headline (no contact details) is contact,
     * not summary */
    { JM_DOC_CV, "\nJANE DOE SENIOR DATA ENGINEER\nPython | AWS | Spark\n"
      "English, Hebrew | Haifa, Israel\n\nSKILLS\nGo\n", "contact:-|skills:SKILLS" },
    /* ...but a paragraph about the person stays a summary */
    { JM_DOC_CV, "Experienced engineer who has built data platforms for banks and "
      "retailers for ten years, leading teams of five to twenty people across three "
      "countries, and who enjoys mentoring juniors and writing clear documentation.\n"
      "Known for calm incident handling, careful code review and a habit of measuring "
      "before optimizing anything; happiest where data is messy and stakes are high.\n\n"
      "SKILLS\nGo\n", "summary:-|skills:SKILLS" },
};

/* A CV flattened to one line (as scraped resumes are): its headings sit
 * between words (the first line is over 800 bytes: a flattened CV). */
TEST(headings_should_be_found_inside_a_cv_flattened_to_one_line)
{
    jm_engine *e = unit_engine_no_model();
    if (!e) return;
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "%s",
                                "Jane Doe Haifa, Israel      Languages   English, Hebrew "
                                "Front End developer Summary A senior developer with ten years of web work. ");
    for (int i = 0; i < 14; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "Built the National Research University site in React %d. ", i);
    n += (size_t)snprintf(text + n, sizeof text - n, "%s",
                          "Experience 2019 - 2021 ACME Developer Project: a shop, Degree: BSc. "
                          "EDUCATION 2010 - 2014 Technion SKILLS Python Go\n");
    for (int i = 0; i < 8; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "Used Java and SQL at work for years number %d. ", i);
    jm_doc *d = read_doc(e, JM_DOC_CV, text, n);
    if (!d) { jm_engine_free(e); return; }
    /* "Project:" and ", Degree:" are items, "Research" is in a name */
    CHECK_MSG(!strcmp(outline(d), "contact:-|languages:Languages|summary:Summary|"
                                  "experience:Experience|education:EDUCATION|skills:SKILLS"),
              "got %s", outline(d));
    jm_doc_free(d);
    jm_engine_free(e);
}

/* A short CV on one line is flattened too (the whole text is one line),
 * and a name after a capitalized word starts a section there without a
 * colon when its kind is new and the section it ends has words: not a
 * name's word ("National Research University") nor a repeated kind. */
TEST(headings_should_be_found_in_a_short_one_line_cv)
{
    jm_engine *e = unit_engine_no_model();
    if (!e) return;
    const char *t =
        "Jane Doe Regional Sales Manager Languages English, French, Spanish Education MBA "
        "Harvard Business School 2010, BA Perm State National Research University 2006 "
        "Summary Sales leader with 15 years of growing regional revenue through key accounts. "
        "Experience Regional Sales Manager at Acme Corp 2012-2020, led twelve account "
        "executives and grew revenue by 40 percent. Skills CRM, Salesforce, negotiation, "
        "forecasting, Excel Certifications Certified Sales Professional 2015\n";
    jm_doc *d = read_doc(e, JM_DOC_CV, t, strlen(t));
    if (!d) { jm_engine_free(e); return; }
    CHECK_MSG(!strcmp(outline(d), "contact:-|languages:Languages|education:Education|"
                                  "summary:Summary|experience:Experience|skills:Skills|"
                                  "certifications:Certifications"),
              "got %s", outline(d));
    jm_doc_free(d);
    /* the same words on several lines: each line is not a flattened CV */
    const char *lines = "Jane Doe Regional Sales Manager\nLanguages English, French, Spanish "
                        "Education MBA Harvard Business School 2010 and many more words here, "
                        "enough to be long, and longer than two hundred bytes of text in all, "
                        "which a line of a CV can be when it is prose written by its owner.\n";
    d = read_doc(e, JM_DOC_CV, lines, strlen(lines));
    if (d) {
        CHECK_MSG(!strstr(outline(d), "education:"), "got %s", outline(d));
        jm_doc_free(d);
    }
    jm_engine_free(e);
}

TEST(sections_should_be_found_by_form_name_and_content)
{
    jm_engine *e = unit_engine_no_model();
    if (!e) return;
    for (size_t i = 0; i < sizeof outlines / sizeof *outlines; i++) {
        jm_doc *d = read_doc(e, outlines[i].type, outlines[i].text, strlen(outlines[i].text));
        if (!d) continue;
        CHECK_MSG(!strcmp(outline(d), outlines[i].want), "row %zu: got\n  %s\nwant\n  %s",
                  i, outline(d), outlines[i].want);
        jm_doc_free(d);
    }
    jm_engine_free(e);
}

/* The offset of needle in hay (which must contain it). */
static size_t at(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    return p ? (size_t)(p - hay) : (size_t)-1;
}

TEST(glued_heading_should_start_at_its_own_first_byte)
{
    jm_engine *e = unit_engine_no_model();
    const char *t = "SUMMARY\nDeep learning.Education Details\nMSc\n";
    jm_doc *d = e ? read_doc(e, JM_DOC_CV, t, strlen(t)) : NULL;
    size_t n;
    if (!d) { jm_engine_free(e); return; }
    const jm_section *s = jm_doc_sections(d, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(s[1].start, at(t, "Education"));
        CHECK_INT(s[1].line, 2);
        CHECK_INT(s[1].end, strlen(t));
        CHECK_INT(s[0].end, s[1].start);
        CHECK(s[1].heading == d->raw + s[1].start);
        size_t len;
        const char *x = jm_doc_section_text(d, 1, &len);
        CHECK_STR(x, "\nMSc\n");
    }
    jm_doc_free(d);
    jm_engine_free(e);
}

TEST(section_text_should_be_cleaned_and_map_back_to_the_input)
{
    jm_engine *e = unit_engine_no_model();
    const char *t = "EXPERIENCE\n### ${\\bf Initech.}\\ {\\bf Austin}$ $\\cdot$ **Lead**\n"
                    "Built a distri-\nbuted cache with caf\xC3\x83\xC2\xA9 "
                    "\xC3\xA2\xE2\x82\xAC\xC2\xA2 bullets.\n";
    jm_doc *d = e ? read_doc(e, JM_DOC_CV, t, strlen(t)) : NULL;
    if (!d) { jm_engine_free(e); return; }
    size_t len;
    const char *x = jm_doc_section_text(d, 0, &len);
    CHECK_STR(x, "Initech. Austin \xC2\xB7 Lead\nBuilt a distributed cache with "
                 "caf\xC3\xA9 \xE2\x80\xA2 bullets.\n");
    /* words map to where they stand in the file */
    CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "Initech")), at(t, "Initech"));
    CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "Austin")), at(t, "Austin"));
    CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "Lead")), at(t, "Lead"));
    CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "cache")), at(t, "cache"));
    CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "bullets")), at(t, "bullets"));
    CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "distributed")), at(t, "distri-"));
    CHECK_INT(jm_doc_raw_offset(d, 0, len), strlen(t));
    jm_doc_free(d);
    jm_engine_free(e);
}

TEST(plain_text_should_need_one_anchor_per_section)
{
    jm_engine *e = unit_engine_no_model();
    const char *t = "SKILLS\nJava, Go\nEDUCATION\nBSc, 2010\n";
    jm_doc *d = e ? read_doc(e, JM_DOC_CV, t, strlen(t)) : NULL;
    if (!d) { jm_engine_free(e); return; }
    /* one run per section text and one for each terminating NUL */
    CHECK_MSG(d->n_anchors <= 2 * d->n_sections, "%zu anchors", d->n_anchors);
    size_t len;
    const char *x = jm_doc_section_text(d, 1, &len);
    CHECK_INT(jm_doc_raw_offset(d, 1, at(x, "BSc")), at(t, "BSc"));
    jm_doc_free(d);
    jm_engine_free(e);
}

static const struct {
    const char *bad, *good;
} mojibake[] = {
    /* UTF-8 read as CP1252 */
    { "\xC3\xA2\xE2\x82\xAC\xC2\xA2 item", "\xE2\x80\xA2 item" },
    /* UTF-8 read as Latin-1 (C1 controls kept): C3 A2 C2 80 C2 A2 */
    { "\xC3\xA2\xC2\x80\xC2\xA2 item", "\xE2\x80\xA2 item" },
    { "caf\xC3\x83\xC2\xA9", "caf\xC3\xA9" },
    { "Na\xC3\x83\xC2\xAFve Bayes", "Na\xC3\xAFve Bayes" },
    /* read wrongly twice */
    { "caf\xC3\x83\xC6\x92\xC3\x82\xC2\xA9", "caf\xC3\xA9" },
    /* right text stays: an accent, a lone capital A tilde, curly quotes */
    { "caf\xC3\xA9 na\xC3\xAFve", "caf\xC3\xA9 na\xC3\xAFve" },
    { "\xC3\x83 alone", "\xC3\x83 alone" },
    { "\xE2\x80\x9Cquoted\xE2\x80\x9D", "\xE2\x80\x9Cquoted\xE2\x80\x9D" },
};

TEST(mojibake_should_be_repaired_by_re_decoding)
{
    for (size_t i = 0; i < sizeof mojibake / sizeof *mojibake; i++) {
        jm_buf b = {0};
        CHECK(jm_clean_repair_string(mojibake[i].bad, strlen(mojibake[i].bad), &b) == JM_OK);
        CHECK_MSG(!strcmp(jm_buf_cstr(&b), mojibake[i].good), "row %zu: \"%s\"", i, jm_buf_cstr(&b));
        jm_buf_free(&b);
    }
}

TEST(encodings_should_keep_offsets_of_the_file_as_read)
{
    jm_engine *e = unit_engine_no_model();
    if (!e) return;
    /* UTF-8 BOM: offsets count it */
    const char bom[] = "\xEF\xBB\xBFSKILLS\nJava\n";
    jm_doc *d = read_doc(e, JM_DOC_CV, bom, sizeof bom - 1);
    size_t n;
    if (d) {
        const jm_section *s = jm_doc_sections(d, &n);
        CHECK_STR(outline(d), "skills:SKILLS");
        CHECK_INT(s[0].start, 3);
        jm_doc_free(d);
    }
    /* CRLF and CR line ends: lines and offsets in the file */
    const char crlf[] = "Jane\r\n\r\nSKILLS\r\nJava\r\nEDUCATION\r\nBSc\r\n";
    d = read_doc(e, JM_DOC_CV, crlf, sizeof crlf - 1);
    if (d) {
        const jm_section *s = jm_doc_sections(d, &n);
        CHECK_STR(outline(d), "contact:-|skills:SKILLS|education:EDUCATION");
        CHECK_INT(s[2].start, at(crlf, "EDUCATION"));
        CHECK_INT(s[2].line, 5);
        size_t len;
        const char *x = jm_doc_section_text(d, 2, &len);
        CHECK_STR(x, "BSc\n");
        jm_doc_free(d);
    }
    const char cr[] = "Jane\r\rSKILLS\rJava\rEDUCATION\rBSc\r";
    d = read_doc(e, JM_DOC_CV, cr, sizeof cr - 1);
    if (d) {
        const jm_section *s = jm_doc_sections(d, &n);
        CHECK_INT(s[2].start, at(cr, "EDUCATION"));
        CHECK_INT(s[2].line, 5);
        jm_doc_free(d);
    }
    /* UTF-16 LE with a BOM: decoded; offsets in the UTF-16 bytes */
    const char u16[] = "\xFF\xFES\0K\0I\0L\0L\0S\0\r\0\n\0J\0a\0v\0a\0\xE9\0\n\0";
    d = read_doc(e, JM_DOC_CV, u16, sizeof u16 - 1);
    if (d) {
        const jm_section *s = jm_doc_sections(d, &n);
        CHECK_STR(outline(d), "skills:SKILLS");
        CHECK_INT(s[0].start, 2);
        CHECK_INT(s[0].end, sizeof u16 - 1);
        size_t len;
        const char *x = jm_doc_section_text(d, 0, &len);
        CHECK_STR(x, "Java\xC3\xA9\n");
        CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "Java")), 18);
        jm_doc_free(d);
    }
    /* bytes that are not UTF-8 are read as Windows-1252 */
    const char cp[] = "SKILLS\ncaf\xE9 \x95 na\xEFve\n";
    d = read_doc(e, JM_DOC_CV, cp, sizeof cp - 1);
    if (d) {
        size_t len;
        const char *x = jm_doc_section_text(d, 0, &len);
        CHECK_STR(x, "caf\xC3\xA9 \xE2\x80\xA2 na\xC3\xAFve\n");
        CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "\xE2\x80\xA2")), at(cp, "\x95"));
        CHECK_INT(jm_doc_raw_offset(d, 0, at(x, "na")), at(cp, "na"));
        jm_doc_free(d);
    }
    jm_engine_free(e);
}

TEST(json_posting_should_point_into_the_file_through_escapes)
{
    jm_engine *e = unit_engine_no_model();
    const char *t = "{\"id\": 7, \"title\": \"Data \\u00c9ngineer\", \"company\": \"ACME\", "
                    "\"location\": \"Remote\", \"salary\": \"100k\", \"description\": "
                    "\"We build \\\"data\\\" tools.\\nRequirements:\\nSQL and caf\\u00e9 "
                    "\\ud83d\\ude00 Python.\\n\"}";
    jm_doc *d = e ? read_doc(e, JM_DOC_POSTING, t, strlen(t)) : NULL;
    if (!d) { jm_engine_free(e); return; }
    CHECK_STR(outline(d), "title:-|other:-|requirements:Requirements");
    CHECK_STR(jm_doc_id(d), "7");
    CHECK_STR(jm_doc_title(d), "Data \xC3\x89ngineer");
    CHECK_STR(jm_doc_company(d), "ACME");
    CHECK_STR(jm_doc_field(d, "salary"), "100k");
    size_t n, len;
    const jm_section *s = jm_doc_sections(d, &n);
    CHECK_INT(s[0].start, at(t, "Data"));
    CHECK_INT(s[0].end, at(t, "\", \"company"));
    CHECK_INT(s[2].start, at(t, "Requirements"));
    CHECK(s[2].heading == d->raw + s[2].start && s[2].heading_len == 12);
    const char *x = jm_doc_section_text(d, 1, &len);
    CHECK_STR(x, "We build \"data\" tools.\n");
    CHECK_INT(jm_doc_raw_offset(d, 1, at(x, "tools")), at(t, "tools"));
    x = jm_doc_section_text(d, 2, &len);
    CHECK_INT(jm_doc_raw_offset(d, 2, at(x, "SQL")), at(t, "SQL"));
    CHECK_INT(jm_doc_raw_offset(d, 2, at(x, "Python")), at(t, "Python"));
    jm_doc_free(d);
    jm_engine_free(e);
}

TEST(json_resume_should_map_each_field_to_its_kind)
{
    jm_engine *e = unit_engine_no_model();
    const char *t =
        "{\"basics\": {\"name\": \"Jane\", \"email\": \"j@example.com\", \"summary\": \"ML engineer.\","
        " \"location\": {\"city\": \"Haifa\"}},\n"
        " \"work\": [{\"name\": \"ACME\", \"position\": \"Engineer\", \"highlights\": [\"Built X\"]}],\n"
        " \"education\": [{\"institution\": \"MIT\"}], \"skills\": [{\"name\": \"ML\", \"keywords\": [\"PyTorch\"]}],\n"
        " \"projects\": [{\"name\": \"P\"}], \"publications\": [{\"name\": \"Paper\"}],"
        " \"awards\": [{\"title\": \"Prize\"}], \"certificates\": [{\"name\": \"AWS\"}],"
        " \"languages\": [{\"language\": \"English\"}], \"interests\": [{\"name\": \"Chess\"}],"
        " \"volunteer\": [{\"organization\": \"Red Cross\"}], \"references\": [{\"name\": \"Bob\"}],"
        " \"meta\": {\"version\": \"1\"}}";
    jm_doc *d = e ? read_doc(e, JM_DOC_CV, t, strlen(t)) : NULL;
    if (!d) { jm_engine_free(e); return; }
    CHECK_STR(outline(d), "contact:basics|summary:summary|contact:-|experience:work|"
              "education:education|skills:skills|projects:projects|publications:publications|"
              "awards:awards|certifications:certificates|languages:languages|"
              "interests:interests|volunteering:volunteer|references:references");
    size_t n, len;
    const jm_section *s = jm_doc_sections(d, &n);
    for (size_t i = 1; i < n; i++)
        CHECK_MSG(s[i].start >= s[i - 1].end, "section %zu overlaps", i);
    const char *x = jm_doc_section_text(d, 3, &len);
    CHECK_STR(x, "ACME\nEngineer\nBuilt X");
    CHECK_INT(jm_doc_raw_offset(d, 3, at(x, "Built")), at(t, "Built"));
    CHECK_INT(s[3].line, 2);
    jm_doc_free(d);
    jm_engine_free(e);
}

static const struct {
    jm_doc_type type;
    const char *text;
    size_t len;            /* 0: strlen */
    const char *msg;       /* the message must contain it */
} bad_inputs[] = {
    { JM_DOC_CV, "", 0, "in.txt: empty file" },
    { JM_DOC_CV, " \n\t\r\n", 0, "in.txt: no text" },
    { JM_DOC_CV, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "in.txt: a PNG image" },
    { JM_DOC_CV, "SKILLS\nJava\0Go\n", 15, "in.txt: NUL byte at offset 11" },
    { JM_DOC_CV, "%PDF-1.7\n", 0, "in.txt: a PDF file" },
    { JM_DOC_CV, "{\"foo\": 1}", 0, "neither a JSON Resume" },
    { JM_DOC_POSTING, "{\"foo\": 1}", 0, "neither a posting" },
    { JM_DOC_CV, "{\"title\": \"x\", \"description\": \"y\"}", 0, "use --posting" },
    { JM_DOC_POSTING, "{\"basics\": {}}", 0, "a JSON Resume, not a job posting" },
    { JM_DOC_POSTING, "[1, 2]", 0, "JSON array" },
    { JM_DOC_POSTING, "{\"title\": \"a\",\n \"description\": }", 0, "in.txt:2: invalid JSON" },
    { JM_DOC_POSTING, "{\"title\": \"a\"}\n{\"title\": \"b\"}\n", 0, "in.txt:2: more than one JSON value" },
    { JM_DOC_CV, "\xFF\xFEX", 3, "odd number of bytes" },
    { JM_DOC_POSTING, "{\"title\": \"\", \"description\": null}", 0, "in.txt: no text in the JSON" },
    { JM_DOC_CV, "{\"basics\": {}, \"work\": []}", 0, "in.txt: no text in the JSON" },
};

TEST(bad_input_should_fail_with_a_message_naming_the_file)
{
    jm_engine *e = unit_engine_no_model();
    if (!e) return;
    for (size_t i = 0; i < sizeof bad_inputs / sizeof *bad_inputs; i++) {
        jm_doc *d = NULL;
        size_t len = bad_inputs[i].len ? bad_inputs[i].len : strlen(bad_inputs[i].text);
        int rc = jm_doc_read(e, bad_inputs[i].type, bad_inputs[i].text, len, "in.txt", &d);
        CHECK_MSG(rc == JM_EINPUT && !d, "row %zu: rc %d", i, rc);
        CHECK_MSG(strstr(jm_errmsg(e), bad_inputs[i].msg) != NULL, "row %zu: \"%s\"", i, jm_errmsg(e));
        jm_doc_free(d);
    }
    jm_engine_free(e);
}

TEST(deep_json_should_fail_cleanly)
{
    jm_engine *e = unit_engine_no_model();
    size_t n = 10000;
    char *t = malloc(2 * n + 1);
    if (!e || !t) { free(t); jm_engine_free(e); return; }
    memset(t, '[', n);
    memset(t + n, ']', n);
    jm_doc *d = NULL;
    CHECK(jm_doc_read(e, JM_DOC_POSTING, t, 2 * n, "deep.json", &d) == JM_EINPUT);
    CHECK(strstr(jm_errmsg(e), "deep.json: JSON nested deeper") != NULL);
    free(t);
    /* objects: {"a":{"a":...1...}} */
    t = malloc(6 * n + 2);
    if (t) {
        for (size_t i = 0; i < n; i++) memcpy(t + 5 * i, "{\"a\":", 5);
        t[5 * n] = '1';
        memset(t + 5 * n + 1, '}', n);
        CHECK(jm_doc_read(e, JM_DOC_CV, t, 6 * n + 1, "deep.json", &d) == JM_EINPUT);
        CHECK(strstr(jm_errmsg(e), "deep.json: JSON nested deeper") != NULL);
    }
    free(t);
    jm_engine_free(e);
}

TEST(one_long_line_should_be_read_in_linear_time)
{
    jm_engine *e = unit_engine_no_model();
    size_t n = 8u << 20;
    char *t = malloc(n);
    if (!e || !t) { free(t); jm_engine_free(e); return; }
    /* glue candidates everywhere: "aB" transitions and heading names */
    for (size_t i = 0; i < n; i++) t[i] = "Java.Skills: Go, meSenior. "[i % 27];
    jm_doc *d = NULL;
    CHECK(jm_doc_read(e, JM_DOC_CV, t, n, "long.txt", &d) == JM_OK);
    size_t ns;
    if (d) {
        const jm_section *s = jm_doc_sections(d, &ns);
        CHECK(ns > 1);
        CHECK_INT(s[ns - 1].end, n);
    }
    jm_doc_free(d);
    free(t);
    jm_engine_free(e);
}

TEST(allocation_failures_should_be_reported_not_crash)
{
    jm_engine *e = unit_engine_no_model();
    const char *t = "{\"title\": \"T\", \"description\": \"About Us\\nWe.\\nRequirements:\\nSQL "
                    "caf\\u00c3\\u00a9 ${\\\\bf X}$\"}";
    if (!e) return;
    for (long k = 0; k < 400; k++) {
        jm_doc *d = NULL;
        jm_alloc_fail_after(k);
        int rc = jm_doc_read(e, JM_DOC_POSTING, t, strlen(t), "p.json", &d);
        jm_alloc_fail_after(-1);
        CHECK_MSG(rc == JM_OK || rc == JM_ENOMEM, "k=%ld rc=%d", k, rc);
        CHECK(rc != JM_OK || d);
        jm_doc_free(d);
        if (rc == JM_OK) break;
    }
    jm_engine_free(e);
}

TEST(heading_table_should_reject_unknown_kinds)
{
    jm_sectab *t = NULL;
    char err[128];
    const char *bad = "# ok\nskills\tSkills\nskillz\tSkills\n";
    CHECK(jm_sectab_new(bad, strlen(bad), &t, err, sizeof err) == JM_EINPUT);
    CHECK(strstr(err, "line 3") != NULL);
    CHECK(t == NULL);
    const char *good = "skills\tTechnical Skills\nrequirements\tSkills\nskills\tSkills\nother\tOther\n";
    CHECK(jm_sectab_new(good, strlen(good), &t, err, sizeof err) == JM_OK);
    jm_section_kind k;
    CHECK(jm_sectab_lookup(t, JM_DOC_CV, "TECHNICAL  SKILLS", 17, &k) && k == JM_SEC_SKILLS);
    CHECK(jm_sectab_lookup(t, JM_DOC_POSTING, "skills", 6, &k) && k == JM_SEC_REQUIREMENTS);
    CHECK(jm_sectab_lookup(t, JM_DOC_POSTING, "Other", 5, &k) && k == JM_SEC_OTHER);
    CHECK(!jm_sectab_lookup(t, JM_DOC_POSTING, "Technical Skills", 16, &k));
    jm_sectab_free(t);
}
