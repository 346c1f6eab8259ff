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
 * analyzer an makes them (skills: the skills model, or NULL): the
 * terms of its `company` field and of the names it gives itself in its
 * text ("At Northwind, we", "Join Northwind", "Northwind is a leading
 * provider ..."), text in parentheses left out. Of a one-word name, its
 * term; of a longer name, the words that name no skill (neither a lexicon
 * entry nor a word of the skills model's statements: "Space and Naval
 * Warfare Systems Command" keeps "systems") and the phrases of its words.
 * JM_OK or JM_ENOMEM. */
int jm_company_terms(jm_analyzer *an, const struct jm_model *skills,
                     const jm_doc *posting, jm_idmap *names);

#endif
