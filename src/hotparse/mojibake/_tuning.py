"""The repair engine's tuning constants, each with why it has its value (private to
hotparse.mojibake; ftfy's ``badness.py`` is the model: one place to read and tune).

Costs and margins are in nats (natural-log probability) of the character model
(``_model.py``) plus the word check (``_words.py``); work is in the units of
``_decide._work`` (Viterbi transitions plus options swept).  Each value was set on
``benchmarks/mojibake.py`` (exact tweets) and ``benchmarks/clean_text.py`` (no real
text altered); change one only with both figures before and after.
"""

from __future__ import annotations

# -- reports: when a choice counts as close ---------------------------------------------

AMBIGUOUS_RATIO = 0.25
"""A spot is ambiguous when the runner-up is at least this probable relative to the choice
(odds of 4 to 1 or closer: a guess a reader should be able to check) ..."""
AMBIGUOUS_CONFIDENCE = 0.9
"""... or when the choice has less than this share of the belief (the documented threshold
for trusting a repair, ``TweetOriginal.confidence``)."""

# -- long texts and work budgets (linear time whatever the input) --------------------

PIECE_CHARS = 2_000
"""Texts longer than this are repaired piece by piece (lines, long lines cut at a space):
ten times a long tweet, so that every tweet is decided whole with all its context."""
MAX_MODEL_CHARS = PIECE_CHARS
"""Longer texts are first tried as one lossless mis-decoding as a whole (at C speed)."""
MODEL_BUDGET = 2_000
"""Characters of pieces the model decides per call (about a second of work); further
pieces get exact re-readings only, so that time stays linear whatever the text (tweets
are far shorter)."""
MODEL_WORK = 150_000
"""Work (see :func:`_decide._work`: Viterbi transitions plus options swept) the model may
do on one text, long texts' pieces together.  The heaviest field of the mojibake
benchmark needs about 51,000 (a tweet of Chinese read twice as cp1254 with bytes
lost, 730 characters); a hostile text (thousands of consecutive lost-byte sequences,
random Latin-1) would need millions.  Past it, the text or its remaining pieces get
exact re-readings only, so that no text costs the model more than about a second."""
POST_WORK = 10 * MODEL_WORK
"""Work the model may do on all the fields of one post that the parser repairs or
checks (about ten seconds): past it, the post's remaining suspect fields get exact
re-readings only, and each tweet left so gets a ``repair-limited`` problem."""
JUDGED_PIECES = 200
"""Pieces past the model budget whose runs are judged by the model; later pieces are
read as a lossless layer on structure and signs alone."""
PIECE_RUNS = 4
"""Runs of non-ASCII characters judged before a piece past the model budget is read as
one lossless layer."""
STRAY_ODD = 4
"""Rare symbols standing alone that mark a text as random rather than mojibake (mojibake
has none: each continuation byte follows its lead; fewer could be chance)."""
STRAY_MIN_CHARS = 40
"""Shorter texts are not checked for randomness (too few characters to tell)."""

# -- choosing between code pages and layers ------------------------------------------

CODEPAGE_COST = {
    "cp1252": 0.0, "latin-1": 0.0, "cp1254": 0.5, "cp1250": 1.0, "cp1251": 1.0, "mac_roman": 1.5
}
"""Prior cost (nats) of each mix-up: the common ones (Windows-1252, Latin-1) win ties."""
COVERAGE_RATIO = 0.5
"""Code pages explaining less than this share of the best one's damage are not tried
(saves the model's work; such a code page never won on the benchmark)."""
MAX_CANDIDATES = 12
"""Candidates listed per spot (enough for every close call; a report stays small)."""
CONFIDENCE_TEMPERATURE = 2.0
"""Model scores are divided by this before the candidates' shares are computed: the
character model is sharper than its knowledge (it cannot tell 🏆 from 🐆 by meaning)."""
LAYER_MARGIN = 2.0
"""A whole-text lossless reading must beat the text by this much (nats) to be taken: clean
text can be valid UTF-8 under a code page too (a French elision before é, MacRoman)."""
MIN_WHOLE_SEQUENCES = 2
"""A text that is valid UTF-8 as a whole under a code page, with at least this many
multi-byte sequences, counts as evidence of mojibake by itself."""
MAX_PASSES = 3
"""Mojibake applied several times is undone one layer per pass, at most this many (three
layers are seen in the wild; more is random text, and time stays bounded)."""


# -- groups and their joint decision (``_decide.py``) ----------------------------------

HOLE_COST = 2.5
"""Log-probability cost of each byte assumed lost: a reading that needs no lost byte is
likelier, all else equal (set on the lossy modes of the benchmark)."""
SPACE_HOLE_COST = 2.5
"""Cost of a lost 0xA0 or 0xAD byte: no-break spaces and soft hyphens are dropped most."""
MARGIN = 2.0
"""A cluster is repaired only when the repair is this much (nats) more likely: about 7 to
1, so that names with diacritics side by side are not changed on a whim."""
WEAK_MARGIN = 2.5
"""Margin for clusters made only of lead bytes that lost all their continuation bytes
(higher: such a lead alone is also an ordinary letter, ``Ã`` in Portuguese)."""
WEAK_REACH = 64
"""Lone lead bytes are considered only this close (characters) to a stronger sign: damage
comes in runs, and farther leads are more often real letters."""
LONE_MARGIN = 6.0
"""Margin for a lone two-byte lead in a text with no other sign of mojibake (much higher:
one letter alone is weak evidence)."""
LEX_WEIGHT = 0.5
"""Weight of the word-level log probability against the character model (half: the
word lists cover fewer languages and names than the character model)."""
LEX_TOP = 12
"""Candidates of a repaired spot that are checked against the lexicon (= MAX_CANDIDATES:
every listed candidate has its word check)."""
LEX_RANGE = 12.0
"""Clusters whose character-model gain is this close to the margin get the word check
(farther ones are decided either way whatever the words say; saves work)."""
CACHE_BONUS = 3.0
"""Bonus for a candidate whose companion stands in the text (full-width period and comma)."""
PAIR_BONUS = 3.0
"""Bonus for a closing bracket or quote that closes an open one (half as penalty if none)."""
MAX_OPTIONS = 16
"""Candidates of a spot kept for the joint decision (the most probable ones): bounds the
Viterbi's work per transition (linear time)."""
PRUNE_BELOW = 16.0
"""Candidates this much (nats) less probable than the best on their own are dropped: no
context makes up for odds of nine million to one."""
CONTEXT = 14
"""Characters on each side used for the word-level check (about two words)."""
SWEEP_WORK = 8
"""Work units of one option in the sweeps (scores, bonuses, word check), against one
Viterbi transition."""

IMPLAUSIBLE_SHARE = 0.1
"""A runner-up reading that no tweet is likely to hold (a format character, an unusual
space, an ideograph beyond the basic plane, a rare symbol block: ``_passes._implausible``)
keeps this share of its weight when the confidence is computed: the character model
gives unseen characters a floor, so such readings ate 5-10% of the belief (😺 against
𠟺 and 𭟺 when 0x98 was lost under cp1251; ” against U+200F) and flagged exact
repairs; the choice itself is unchanged."""

# -- confidence of whole readings and of what a repair leaves ---------------------------

FIXER_COST = HOLE_COST
"""Cost (nats) of a reading by ftfy's fixers that is no exact re-reading (a plain space
read as a no-break space, a C1 control as a quote): it assumes a change to the bytes,
as a lost byte does."""
LEFT_CONFIDENCE = 0.5
"""Highest confidence of a repair that leaves signs of mojibake in its record (a lone
lead byte between small letters, a sequence real text does not show): part of the
damage was not read at all, so the repair as a whole is no better than a coin toss."""

# -- evidence (``_evidence.py``) -------------------------------------------------------

KATAKANA_GUESS_FACTOR = 0.925
"""Confidence of a lost-byte guess read as katakana is multiplied by this: katakana spell
loanwords and names (``ヘシアン``, Hessian, read as ``ロシアン``), which neither the
character model nor the word lists predict well.  On the lossy modes of
``benchmarks/mojibake.py`` 4.2% of katakana guesses with model shares of 0.9-0.97 were
wrong, against 1.1% of hiragana, 1.7% of Han and none of the other readings; it counts
as sure (>= 0.9) only when the model gives it at least 97%.  Before, the factor lowered
every guess no sign of mojibake touches: those were right 366 times in 367 with
shares of 0.8-0.973 (the one miss the katakana above), and it flagged exact tweets
without need (14 of the 40 exact tweets cp1251-drop flagged)."""
START_GUESS_FACTOR = KATAKANA_GUESS_FACTOR
"""Confidence of a lost-byte guess that opens its text, with no sign of mojibake on it,
is multiplied by this: the model sees its right-hand neighbour only, and a text's
start allows a capital (``Ä`` read as ``Đ`` 0.92 for ``ă`` opening a list of
Romanian letters, found by review).  No exact tweet of the benchmark is flagged by
it."""
MARK_GUESS_CONFIDENCE = 0.85
"""Highest confidence of a lost-byte guess with a combining mark among its readings, when
no sign of mojibake touches it or a letter was chosen over the mark: the character
model cannot tell a vowel sign from a letter by meaning (Arabic damma against fa, on
the benchmark), so it is never sure there.  A letter won over a mark wrongly in 2 of
14 such guesses marked by U+FFFD (the sign touching them), a mark over a letter in 0
of 67."""
