"""Every number the engine decides by, each with the reason for its value.

Values were set on the development pairs (tests/fixtures/pairs) and the seed pair, never on a
held-out set; a change here should say in its commit which benchmark figure moved.
"""

from __future__ import annotations

# --- parse -------------------------------------------------------------------------------------
# Texts per nlp.pipe batch: large enough to amortise the model's per-batch cost, small enough
# that a 20,000-word pair's batch stays well under the memory target.
PARSE_BATCH_SIZE = 64
# Paragraphs longer than this (characters) are cut at a sentence end before parsing, so no
# single spaCy document grows long enough to slow the batch down.
MAX_CHUNK_CHARS = 3000
# Parsed documents kept per process: a source and a few rewrite versions of several stories.
PARSE_CACHE_SIZE = 16
# The statistical entity recogniser is two thirds of the parse cost, and entities are made of
# proper nouns, figures and a few time words. It runs only on windows of this many tokens either
# side of such a cue (within the sentence): enough context for its label (a title before a
# person, "said" after, "of" inside an organisation's name). On the dev set 4 tokens kept 97%
# of the entities the full pass finds while reading a little over half the tokens.
NER_CONTEXT_TOKENS = 4
# Windows per entity-recogniser batch.
NER_BATCH_SIZE = 256

# --- align -------------------------------------------------------------------------------------
# A lemma found in more source clauses than this carries no information about which clause a
# rewrite clause came from; skipping it keeps alignment linear in text length.
MAX_POSTINGS = 60
# Source clauses considered per rewrite clause (best by shared weighted lemmas).
ALIGN_CANDIDATES = 6
# Source clauses merged into one rewrite clause's support (rewrites merge sentences).
MAX_SUPPORT = 3
# A further source clause joins the support only if it adds at least this share of coverage.
MIN_GAIN = 0.12

# --- attribution -------------------------------------------------------------------------------
# Speakers are compared only for clauses aligned at least this well: a loosely aligned clause
# may come from a different statement altogether.
SPEAKER_ALIGNMENT = 0.6
# Two speaker nouns sharing a stem this long name one party ("prosecution" / "prosecutors",
# "investigation" / "investigators"); shorter stems join different parties ("govern-ment" /
# "govern-or").
SPEAKER_STEM = 7

# --- unsupported -------------------------------------------------------------------------------
# A rewrite sentence whose content lemmas are covered less than this by the whole source's
# best-aligned clauses is reported as having no support.
UNSUPPORTED_COVERAGE = 0.45
# Fewer content lemmas than this and a sentence is too short to judge for support.
MIN_CONTENT_LEMMAS = 4
# A clause inside a supported sentence has no support when its own sentences of support cover
# less than this of it. Measured over the spent sets (dev, heldout1-5, seed): clauses below
# 0.35 were labelled in 5 of 7 cases, those from 0.35 to 0.45 in 4 of 20.
CLAUSE_UNSUPPORTED = 0.35

# --- omission ----------------------------------------------------------------------------------
# A source sentence whose content is covered less than this by the whole rewrite is dropped.
DROPPED_COVERAGE = 0.40
# A number, name or negation in a kept sentence is dropped only when the rewrite has nothing
# at all like it; this is the share of the sentence's lemmas that makes the sentence "kept".
KEPT_COVERAGE = 0.55

# A qualifying clause (a negation, denial, hedge or condition) inside a kept source sentence is
# dropped when less than this weighted share of its content lemmas occurs anywhere in the
# rewrite: the sentence survived, its qualification did not.
CLAUSE_DROPPED = 0.5
# Fewer content lemmas than this and a clause is too slight to report as dropped.
MIN_CLAUSE_LEMMAS = 2

# --- meaning -----------------------------------------------------------------------------------
# Two clauses with the same predicate describe the same event only when they share at least
# this many other content lemmas (its participants, objects, places).
MIN_SHARED_ARGUMENTS = 2
# ...and those shared lemmas are at least this share of the rewrite clause's other lemmas, so
# a long clause does not match any clause that happens to share two words with it.
MIN_SHARED_SHARE = 0.4

# A rewrite clause states a question the source leaves open when it contains at least this
# weighted share of the open clause's content lemmas (and at least MIN_SHARED_ARGUMENTS of them):
# the same proposition, with the "whether" or the refusal taken away.
OPEN_QUESTION_MATCH = 0.6

# A rewrite clause asserts what a negated source clause denies when it carries at least this
# weighted share of the denial's content (more than MIN_SHARED_ARGUMENTS of its lemmas).
DENIAL_MATCH = 0.6

# An antonym counts as a reversal only in a clause aligned at least this well: in a loosely
# aligned clause the opposite word may describe something else.
REVERSAL_ALIGNMENT = 0.5

# --- numbers -----------------------------------------------------------------------------------
# Two quantities within this relative distance are the same figure rounded ("about 1,000").
ROUNDING_TOLERANCE = 0.05
# Other source figures for the same verb named in a contradicted figure's message: enough to
# show where the rewrite's figure might come from, few enough to read at a glance.
ELSEWHERE_FIGURES = 2
# A figure found elsewhere in the source still contradicts the clause it restates when the
# rewrite clause aligns this well to it: the rest matches, so the figure was swapped in (as
# for names, SWAP_ALIGNMENT; on the spent sets 0.6 found two more than 0.7 or 0.8).
BORROWED_FIGURE_ALIGNMENT = 0.6

# --- entities ----------------------------------------------------------------------------------
# Edit similarity (0-100) above which two names are spelling variants of one name.
NAME_VARIANT_SIMILARITY = 88

# A name counts as swapped for the aligned source clause's only in a clause aligned at least
# this well (the rest of the clause matches, so the one differing name stands out).
SWAP_ALIGNMENT = 0.6

# --- quotes ------------------------------------------------------------------------------------
# Word overlap above which a rewrite quotation is a version of a source quotation.
QUOTE_MATCH = 0.5
# Quotations shorter than this (in words) are scare quotes, not reported speech.
MIN_QUOTE_WORDS = 3

# --- confidence --------------------------------------------------------------------------------
# Base confidences per kind of evidence: a direct contradiction of an aligned fact is surer
# than an absence, which may be a paraphrase the lemma index does not see.
CONF_CONTRADICTION = 0.85
CONF_ABSENT = 0.6
CONF_WEAK = 0.45
# A dropped dateline and credit: readers of a rewrite often are not owed the credit, and on
# the spent labelled sets (dev, heldout1-5, seed) the rule was right in 4 of 38 stories.
CONF_DATELINE = 0.2

# --- modality ----------------------------------------------------------------------------------
# A rewrite clause is judged for dropped doubt or a pending event reported as done only when
# its aligned source clauses cover at least this share of it: a loosely aligned clause may
# report another event, whose modality says nothing about this one.
MODALITY_ALIGNMENT = 0.6

# A word and the same word with "un-" are opposites only for stems this long: shorter ones
# ("der" in "under", "til" in "until") are not words the prefix negates.
MIN_PREFIX_STEM = 4

# --- quote speakers ----------------------------------------------------------------------------
# Characters either side of a quotation searched for a speaker's name: about two sentences,
# where a name a pronoun or a later "she said" stands for is given.
QUOTE_CONTEXT = 300
