/* This file declares how the scorer finds the name of a posting's company,
 * so that the name is never offered as a gap nor listed as a keyword: a
 * posting repeats its employer's name ("USLI's team", "At Northwind, we
 * ..."), which makes the name a frequent, rare-in-the-corpus term, yet no
 * CV should add it. */
#ifndef JM_COMPANY_H
#define JM_COMPANY_H

#include "base/common.h"
#include "base/idmap.h"
#include "text/analyzer.h"
#include "read/document.h"

struct jm_model;

/* Adds to names (term id -> 1) the terms that name posting's company, as
 * analyzer an makes them (skills: the skills model, or NULL). The names
 * are its `company` field (and the part in parentheses, another name:
 * "KLA (Kim Lundgren Associates)") and the names it gives itself in its
 * text ("At Northwind, we", "Join Northwind", "Northwind is a leading
 * provider ..."). A term of a name is the name's when every occurrence of
 * it in the posting is within a name as written (the whole name, its
 * first two plain words or more, or outside the title its first plain
 * word alone; in any letter case, capitalized), or when it names no skill
 * (neither a lexicon entry nor a word of the skills model). A term the
 * posting also uses on its own ("manufacturing" in "Manufacturing or cost
 * accounting experience") stays, and so does a lexicon entry that the
 * title, responsibilities, requirements or preferred qualifications name
 * ("Salesforce" in a Salesforce posting titled "Salesforce Developer").
 * JM_OK or JM_ENOMEM. */
int jm_company_terms(jm_analyzer *an, const struct jm_model *skills,
                     const jm_doc *posting, jm_idmap *names);

#endif
