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

/* Adds to names (term id -> 1) the terms that name posting's company, as
 * analyzer an makes them. The names are its `company` field and the names
 * it gives itself in its text ("At Northwind, we", "Join Northwind",
 * "Northwind is a leading provider ..."), text in parentheses left out. A
 * term of a name is the name's when every occurrence of it in the posting
 * is within a name as written: the whole name or its first two words or
 * more ("Harrow & Pike" of "Harrow & Pike Manufacturing"), capitalized.
 * A term the posting also uses on its own ("manufacturing" in "cost
 * accounting in manufacturing") may still be a gap or a keyword, and so
 * may a lexicon entry (a technology, skill, certification ...) that the
 * posting's requirements or preferred qualifications name: "Salesforce" in
 * a posting of Salesforce's that asks for Salesforce administration.
 * JM_OK or JM_ENOMEM. */
struct jm_model;
int jm_company_terms(jm_analyzer *an, const struct jm_model *skills,
                     const jm_doc *posting, jm_idmap *names);

#endif
