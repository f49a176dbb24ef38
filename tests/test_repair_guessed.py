# ruff: noqa: RUF001
"""Issue 17: a repair that says it is sure is right, every guess is named by a problem
(``repair-guessed``), ftfy's readings are checked and scored like the engine's, and
the post is the context of its tweets."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hotparse
from hotparse.mojibake import (
    POST_WORK,
    Budget,
    damage_left,
    explain_repair,
    explain_within,
    kept_marks,
    repair,
)
from hotparse.mojibake._tuning import KATAKANA_GUESS_FACTOR
from hotparse.records import Paper, Post, Tweet
from hotparse.repairing import (
    post_context,
    repair_papers,
    repair_tweet_reported,
    repair_tweet_result,
)
from tests.conftest import FIXTURES, read_exact

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from mojibake import mis_decode

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def _tweet(html: str, author: str = "Ada", lines: tuple[int, int] = (3, 4)) -> Tweet:
    return Tweet(
        id="1", url="https://twitter.com/ada/status/1", author_name=author,
        author_handle="ada", date=None, date_text="", lang=None, dir=None,
        text=html, html=html, lines=lines,
    )


def _guessed_lines(post: Post) -> set[int]:
    return {p.line for p in post.problems if p.code == "repair-guessed"}


def _named(tweet: Tweet, lines: set[int]) -> bool:
    return any(tweet.lines[0] <= n <= tweet.lines[1] for n in lines)


# --- the problem: on every guess, on no sure repair ----------------------------------


@pytest.mark.parametrize("name", ["mojibake-cp1252.md", "mojibake-cp1254.md"])
def test_every_close_call_and_only_those_are_named(name: str) -> None:
    clean = hotparse.parse(read_exact(FIXTURES / "mojibake-clean.md"))
    post = hotparse.parse(read_exact(FIXTURES / name))
    guessed = _guessed_lines(post)
    assert guessed
    wrong = 0
    for want, got in zip(
        [t for p in clean.papers for t in p.tweets],
        [t for p in post.papers for t in p.tweets],
        strict=True,
    ):
        exact = (want.text, want.html, want.author_name) == (got.text, got.html, got.author_name)
        if got.original is None:
            assert exact or _named(got, guessed)
            continue
        if got.original.confidence < 0.9:
            assert _named(got, guessed), got.lines
        else:
            assert not _named(got, guessed), got.lines  # no flag without a close call
        if not exact:
            wrong += 1
            assert got.original.confidence < 0.9, "a wrong repair must not look sure"
            assert _named(got, guessed), "a wrong repair must be named by a problem"
    assert wrong


def test_message_names_the_line_the_guess_and_the_alternatives() -> None:
    damaged = "ğŸ† Fast cats"  # 🐆 read as cp1254, byte 0x90 dropped
    lines = ["---", "title: x", "<blockquote>", damaged, "</blockquote>"]
    tweet, problems = repair_tweet_reported(_tweet(damaged, lines=(3, 5)), lines, Budget(POST_WORK))
    assert tweet.original is not None and tweet.original.confidence < 0.9
    (problem,) = problems
    assert problem.code == "repair-guessed"
    assert problem.line == 4  # the line that holds the damaged text
    assert "'ğŸ†' read as '🏆'" in problem.message
    assert "'🐆'" in problem.message  # the truth is among the alternatives named


def test_sure_repair_gets_no_problem() -> None:
    damaged = mis_decode("It’s “done” — naïve café", "cp1252")
    tweet, problems = repair_tweet_reported(_tweet(damaged), ["x"] * 5, Budget(POST_WORK))
    assert tweet.repaired and tweet.original is not None
    assert tweet.original.confidence >= 0.9
    assert problems == []


def test_damage_left_lowers_confidence_and_is_named() -> None:
    # the html is repaired; the author name keeps a lead whose continuation byte was
    # dropped (í = C3 AD under cp1250-drop: Ă, the soft hyphen lost)
    html = mis_decode("It’s a “test” of names", "cp1250", "drop")
    author = mis_decode("Diogo Veríssimo", "cp1250", "drop")
    assert "Ăs" in author
    tweet, problems = repair_tweet_reported(
        _tweet(html, author=author), ["x"] * 5, Budget(POST_WORK)
    )
    assert tweet.repaired and tweet.original is not None
    if tweet.author_name == "Diogo Veríssimo":  # repaired after all: nothing left
        return
    assert tweet.original.confidence <= 0.5
    assert [p.code for p in problems] == ["repair-guessed"]
    assert "still looking like mojibake" in problems[0].message


def test_unrepaired_damage_is_named() -> None:
    damaged = "a graph distanceâ€\n\nNew preprint"  # ” with 0x9D dropped, at a line end
    tweet, problems = repair_tweet_reported(_tweet(damaged), ["x"] * 5, Budget(POST_WORK))
    assert not tweet.repaired
    assert [p.code for p in problems] == ["repair-guessed"]
    assert "left as written" in problems[0].message


def test_damage_left_under_the_posts_code_page() -> None:
    assert damage_left("Diogo VerĂssimo", "cp1250")
    assert damage_left("myself are\u0412excited", "cp1251")
    assert damage_left("a 3D environment.Â<a href", "cp1252")
    assert damage_left("Have fun! đźhttps://t.co", "cp1250")
    assert damage_left("Juan Carrasquilla Ãlvarez", "cp1252")
    # clean text, and capitals real words open with
    assert damage_left("Éloïse Marchand, Ángel", "cp1252") == ()
    assert damage_left("В городе", "cp1251", repaired=True) == ()
    assert damage_left("Diogo VerĂssimo") == ()  # no code page known: no guess


@pytest.mark.parametrize(
    ("text", "codepage", "repaired"),
    [
        ("Congrats KÅhei!", "cp1252", False),  # ō (C5 8D) lost 0x8D
        ("Nguyen VÄn An", "cp1250", False),  # ă (C4 83) lost 0x83
        ("Stjepan JeriÄ, welcome", "cp1252", False),  # č (C4 8D) lost 0x8D
        ("Thanks RyÅ Suzuki", "cp1254", False),  # ō ending a word
        ("Cô An and BĂ Dương", "cp1250", True),  # à (C3 A0) lost its no-break space
        ("Erna Åuštar", "cp1252", True),  # Š (C5 A0) lost it, š repaired
        # found by a second review
        ("Congrats MoravÄÃk!", "cp1252", False),  # č and í side by side, both cut
        ("Võ Thị Æn nhé", "cp1252", True),  # Ơ (C6 A0) opening a word of two letters
        ("İlkay Äüler", "cp1254", True),  # Ğ (C4 9E) before an accented small letter
        ("ճամփա Õոտ ատամ", "cp1252", True),  # Armenian խ (D5 AD) lost its soft hyphen
    ],
    ids=["after-opening-capital", "cp1250-a-breve", "ending-a-word", "ending-short-word",
         "two-letter-word", "opening-before-accent", "two-leads", "opening-short-word",
         "before-accented-letter", "before-another-script"],
)
def test_lone_lead_where_no_word_puts_a_capital(text: str, codepage: str, repaired: bool) -> None:
    """Found by a generated suite of names (Faker, 22 locales, and Japanese names with
    macrons) damaged in the lossy modes: these leads were left unnamed, some in a repair
    that said it was sure."""
    assert damage_left(text, codepage, repaired=repaired)


@pytest.mark.parametrize(
    "text",
    [
        "CAFÉ OÙ EST", "Über alles, MÜNCHEN", "Éloïse and Ángel", "McDonald's ÉTÉ", "Ô Café",
        "日本 Éric", "Ελλάδα É", "Москва Ö",
    ],
)
def test_capitals_real_words_hold_are_no_lone_lead(text: str) -> None:
    for codepage in ("cp1252", "cp1250", "cp1254", "latin-1"):
        assert damage_left(text, codepage) == ()


def _old_lone_leads(codepage: str) -> re.Pattern[str]:
    """The lone-lead positions of 1e79727 (between small letters, opening a word for
    0xC2, 0xC3, 0xC5), rebuilt from the codec: strings they flag are not this test's."""
    table = bytes(range(256)).decode(codepage, errors="replace")
    caps = "".join(re.escape(table[b]) for b in range(0xC2, 0xE0) if table[b].isupper())
    openers = "".join(re.escape(table[b]) for b in (0xC2, 0xC3, 0xC5) if table[b].isupper())
    return re.compile(f"(?<=[a-z])[{caps}](?=[a-z])|(?<![^\\s(])[{openers}](?=[a-z]{{2}})")


def test_clean_text_of_every_locale_shows_no_new_lone_lead() -> None:
    """Names, addresses, companies and sentences of every Faker locale (about 5,500
    strings, 2,100 of them beyond ASCII): the positions added for issue 17 (after a
    word's opening capital, ending a word) flag none of them in a text left as written,
    under any Latin code page the engine reads."""
    from faker import Faker
    from faker.config import AVAILABLE_LOCALES

    texts: list[str] = []
    for locale in sorted(AVAILABLE_LOCALES):
        if locale == "fr_QC":  # deprecated alias of fr_CA (and warns)
            continue
        fake = Faker(locale)
        fake.seed_instance(3)
        for _ in range(10):
            texts += [fake.name(), fake.address(), fake.company(), fake.sentence()]
    beyond = [text for text in texts if not text.isascii()]
    assert len(beyond) > 1500
    for codepage in ("cp1252", "cp1250", "cp1254", "latin-1"):
        old = _old_lone_leads(codepage)
        flagged = [t for t in beyond if not old.search(t) and damage_left(t, codepage)]
        assert flagged == [], codepage


_NAMES = [
    "Yūki Tanaka and Tōru Suzuki! Congrats",
    "Great paper by Kōhei Sato and Kōsuke Ito",
    "Julia Ramos and Alícia Machado, welcome",
    "Thanks Stjepan Jerič and Uldis Kārkliņa",
    "Cô An Vũ and Bà Dương Phạm",
    "Matej Rus and Erna Šuštar",
]


@pytest.mark.parametrize(
    "mode", ["cp1252-drop", "cp1254-drop", "cp1250-drop", "cp1251-drop", "cp1252-fffd"]
)
@pytest.mark.parametrize(
    "name", _NAMES, ids=["Toru", "Kohei", "Alicia", "Jeric", "Ba", "Sustar"]
)
def test_names_in_a_damaged_post_are_right_or_named(name: str, mode: str) -> None:
    """A tweet whose only damage is a name, in a post two of whose tweets show the same
    wrong decoding (curly quotes, which read alike under cp1252 and cp1250): right, or
    named with a confidence below 0.9.  At 41c2e42, 11 of these 30 were wrong and
    unnamed or wrong and sure."""
    from mojibake import MODES

    post = hotparse.parse(
        MODES[mode](_tweets_post("It’s a great paper — really", "We’re “happy” to see it", name))
    )
    tweet, named = _last(post)
    if tweet.html == name:
        return
    assert named
    assert tweet.original is None or tweet.original.confidence < 0.9


def test_a_capital_runner_up_does_not_make_a_wrong_small_letter_sure() -> None:
    """Found by review of a first version, which counted a capital inside a word
    against runners-up too: under cp1251-drop the runner-up ``Ø`` of ``à`` (0xA0 lost)
    was discounted and the wrong ``í`` became sure (0.904) and unnamed."""
    from mojibake import MODES

    text = "@DÉjàvu DÉjà vu."
    post = hotparse.parse(
        MODES["cp1251-drop"](
            _tweets_post("It’s a great paper — really", "We’re “happy” to see it", text)
        )
    )
    tweet, named = _last(post)
    assert tweet.html == text or (
        named and tweet.original is not None and tweet.original.confidence < 0.9
    )


# --- ftfy's readings are checked and scored like the engine's ----------------------------


def test_ftfy_reading_eats_no_space() -> None:
    damaged = mis_decode("🧠 Can machines think?", "cp1254", "drop")
    assert damaged == "ğŸ§ Can machines think?"
    assert repair(damaged) == "🧠 Can machines think?"  # ftfy reads 🧠Can


def test_ftfy_reading_with_a_new_replacement_character_is_refused() -> None:
    from hotparse.mojibake._choose import _ftfy_allowed

    damaged = "great ðŸ‘\ufffd work"
    assert not _ftfy_allowed(damaged, "great \ufffd work", strong=True)
    assert "\ufffd" not in repair(damaged)


def test_ftfy_fixer_reading_is_scored_not_fixed() -> None:
    # a space read as a no-break space is a guess: scored on the engine's scale
    report = explain_repair("Casa Ã  venda, estÃ¡ Ã  beira-mar")
    assert report.text == "Casa à venda, está à beira-mar"
    assert all(s.confidence != 0.9 for s in report.spots)
    assert all(s.confidence < 0.9 and s.ambiguous for s in report.spots)
    assert all(len(s.candidates) == 2 for s in report.spots)  # the reading and the text


def test_no_small_letter_inside_a_word_of_capitals() -> None:
    assert repair("HÄ£ÖÑ ÌÑÌ BÄ£ÄM") == "HÄ£ÖÑ ÌÑÌ BÄ£ÄM"
    assert repair("CAFÃ‰ OK") == "CAFÉ OK"  # a capital is fine
    # a layer still to undo is not judged: â of Ã¢ (read once) is no small letter made
    # inside VSLAM
    clean = "HÉLLO ÇA VA “LC-VSLAM” OK"
    assert repair(mis_decode(mis_decode(clean, "cp1254", "drop"), "cp1254", "drop")) == clean


# --- the post as context ------------------------------------------------------------------


def test_post_context_needs_two_damaged_fields() -> None:
    basic = hotparse.parse(read_exact(FIXTURES / "basic.md"), repair=False)
    assert post_context(basic.papers) == ""
    damaged = hotparse.parse(read_exact(FIXTURES / "mojibake-cp1252.md"), repair=False)
    assert post_context(damaged.papers)


def test_post_context_repairs_a_lone_lost_byte() -> None:
    html = 'in a 3D environment.Â<a href="https://t.co/x">pic</a>'  # C2 A0, A0 dropped
    alone = repair_tweet_result(_tweet(html), Budget(POST_WORK))
    assert not alone.tweet.repaired
    context = mis_decode("It’s a “test”, naïve café", "cp1252", "drop")
    within = repair_tweet_result(_tweet(html), Budget(POST_WORK), context)
    assert within.tweet.html == html.replace("Â", "\xa0")


# --- seed 000 --------------------------------------------------------------------------


def test_seed_000_three_exact_and_the_miss_named() -> None:
    seed_path = SHARED / "seeds" / "000_7a486d17df6f53e9.txt"
    clean_path = SHARED / "corpus" / "2021-03-25---Hot-Papers.md"
    if not (seed_path.exists() and clean_path.exists()):
        pytest.skip("../shared is not present")
    clean = hotparse.load(clean_path)
    seed = hotparse.load(seed_path)
    guessed = _guessed_lines(seed)
    exact = wrong = 0
    for want, got in zip(
        [t for p in clean.papers for t in p.tweets],
        [t for p in seed.papers for t in p.tweets],
        strict=True,
    ):
        if got.original is None:
            continue
        if (want.text, want.html, want.author_name) == (got.text, got.html, got.author_name):
            exact += 1
        else:
            wrong += 1
            assert got.original.confidence < 0.9
            assert _named(got, guessed)
    assert (exact, wrong) == (3, 1)


# --- round three: the post as context, Han without kana --------------------------------


def _basic_with(tweets: dict[int, tuple[str, str]]) -> tuple[tuple[Paper, ...], list[str]]:
    """basic.md's papers, with tweet ``k`` of the last paper given (html, author name)."""
    text = read_exact(FIXTURES / "basic.md")
    post = hotparse.parse(text, repair=False)
    last = post.papers[-1]
    new = list(last.tweets)
    for k, (html, author) in tweets.items():
        new[k] = attrs.evolve(new[k], html=html, text=html, author_name=author)
    papers = (*post.papers[:-1], attrs.evolve(last, tweets=tuple(new)))
    return papers, text.splitlines()


def test_name_seen_clean_in_the_authors_line_names_its_damaged_form() -> None:
    papers, lines = _basic_with({0: ("Nice work with Yusuf Demirtaş", "Åukasz Nowak")})
    papers = (*papers[:-1], attrs.evolve(papers[-1], authors=(*papers[-1].authors, "Łukasz Nowak")))
    _, problems = repair_papers(papers, lines)
    tweet = papers[-1].tweets[0]
    named = [p for p in problems if tweet.lines[0] <= p.line <= tweet.lines[1]]
    assert [p.code for p in named] == ["repair-guessed"]
    assert "Åukasz" in named[0].message
    # the same tweet with the name clean gets no problem
    papers, lines = _basic_with({0: ("Nice work with Yusuf Demirtaş", "Łukasz Nowak")})
    assert not repair_papers(papers, lines)[1]


def test_lead_of_a_layer_the_post_was_read_through_is_damage_left() -> None:
    def twice(text: str) -> str:
        return mis_decode(mis_decode(text, "cp1254", "drop"), "cp1254", "drop")

    papers, lines = _basic_with(
        {
            0: (twice("It’s “great”, naïve café"), "Ada"),
            1: (twice("Merci à René, Zoë"), "Ada"),
            2: (twice("Thanks @ada,\u00a0Martin Hale"), "Ada"),  # only a no-break space
        }
    )
    alone = repair_tweet_result(papers[-1].tweets[2], Budget(POST_WORK))
    assert alone.tweet.html == "Thanks @ada,ÂMartin Hale"  # one layer undone: a lead left
    out, problems = repair_papers(papers, lines)
    tweet = out[-1].tweets[2]
    assert tweet.original is not None and tweet.original.confidence < 0.9
    assert any(
        p.code == "repair-guessed" and tweet.lines[0] <= p.line <= tweet.lines[1]
        for p in problems
    )


def test_three_byte_lead_cut_short_is_damage_left() -> None:
    assert damage_left("and Aarthi Sundaram:â°<a href")  # ⁰ with its 0x81 dropped
    assert damage_left("câmara, âge, pâte") == ()


def test_han_without_kana_is_not_sure_of_a_chinese_reading() -> None:
    # 道 (E9 81 93) and 铁 (E9 93 81) both lose 0x81 under cp1250: the text has no kana,
    # so Chinese and Japanese readings are both possible; the guess is a close call
    report = explain_repair(mis_decode("Hanako (高道 花子)", "cp1250", "drop"))
    guess = next(s for s in report.spots if s.lost_bytes and s.replacement in "铁道")
    assert guess.confidence < 0.9
    assert guess.ambiguous
    assert {c.text for c in guess.candidates} >= {"铁", "道"}


def test_bracket_without_its_partner_is_no_likely_reading() -> None:
    # 、 (E3 80 81) and 」 (E3 80 8D) both end in a byte cp1252 does not define: with no
    # 「 in the text, 」 is no likely reading and 、 is sure; with 「 before it, 」 stays
    # a close call
    alone = explain_repair(mis_decode("論文を公開しました、詳しくは", "cp1252", "fffd"))
    comma = next(s for s in alone.spots if s.replacement == "、")
    assert comma.confidence >= 0.9
    paired = explain_repair(mis_decode("彼は「論文」と言った", "cp1252", "fffd"))
    close = next(s for s in paired.spots if s.replacement == "」")
    assert close.confidence < 0.9
    assert "、" in {c.text for c in close.candidates}


def test_three_byte_lead_touching_kana_is_damage_left() -> None:
    # き (E3 81 8D) loses both continuations under cp1254-drop: the lead ã stays
    assert damage_left("お、ViTãた", "cp1254", repaired=True)
    assert damage_left("日本のSão Paulo, 東京 ã 日本", "cp1252", repaired=True) == ()


# --- the bytes a post's decoding kept (its lost-byte set decided over the post) ---------


def _tweets_post(*htmls: str) -> str:
    """A post we write: one paper per tweet html, each with its own tweet."""
    head = (
        "---\ntitle: Hot Papers 2021-04-22\ndate: 2021-04-23T10:37:26.Z\n"
        'template: "post"\ndraft: false\nslug: "x"\ncategory: "arXiv"\n'
        'description: "d"\n---\n'
    )
    parts = [head]
    for i, html in enumerate(htmls, 1):
        parts.append(
            f"\n# {i}. Paper {i}\n\nAda Lovelace\n\n"
            "- retweets: 1, favorites: 2 (04/23/2021 10:37:33)\n\n"
            f"- links: [abs](https://arxiv.org/abs/2104.1071{i}) | "
            f"[pdf](https://arxiv.org/pdf/2104.1071{i})\n"
            "- [cs.CL](https://arxiv.org/list/cs.CL/recent)\n\nAbstract.\n\n"
            f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{html}</p>'
            f"&mdash; Bob (@bob{i}) <a href=\"https://twitter.com/bob{i}/status/"
            f'138517561410000987{i}?ref_src=twsrc%5Etfw">April 22, 2021</a></blockquote>\n'
        )
    return "".join(parts)


def _last(post: Post) -> tuple[Tweet, bool]:
    """The last tweet of ``post`` and whether a repair problem names it."""
    tweet = post.papers[-1].tweets[0]
    lines = {
        p.line
        for p in post.problems
        if p.code in ("repair-guessed", "mojibake-suspected", "repair-limited")
    }
    return tweet, _named(tweet, lines)


def test_kept_marks_come_from_sure_repairs_only() -> None:
    # à (C3 A0) read as cp1252 and repaired: 0xA0 was kept
    lossless = explain_repair(mis_decode("voilà tout, à bientôt", "cp1252"))
    assert kept_marks([lossless])["cp1252"] == {"\u00a0"}
    # U+FFFD standing for a byte of a sequence, read surely (す, し)
    marked = explain_repair(mis_decode("これは新しい論文です", "cp1252", "fffd"))
    assert "\ufffd" in kept_marks([marked])["cp1252"]
    # clean text is no evidence, though its marks sit after letters that are lead
    # bytes somewhere (Cyrillic a, no-break space, em dash: a valid sequence under cp1251)
    clean = [explain_repair(t) for t in ("Москва\u00a0— столица", "café\ufffd ok", "voilà\u00a0»")]
    assert kept_marks(clean) == {}
    assert kept_marks([]) == {}


@given(st.lists(st.text(), max_size=4))
@settings(max_examples=200, deadline=None)
def test_kept_marks_are_marks_the_texts_hold(texts: list[str]) -> None:
    reports = [explain_repair(t) for t in texts]
    for marks in kept_marks(reports).values():
        assert marks <= set("".join(texts))
        assert all(m in "\u00a0\u00ad\ufffd" or "\x80" <= m <= "\x9f" for m in marks)


def test_bytes_the_post_shows_kept_are_not_guessed_lost() -> None:
    # día read as latin-1 with 0xAD dropped: í (C3 AD) against Í (C3 8D, 0x8D being a
    # byte cp1252 does not define); a post that shows C1 controls kept did not drop 0x8D
    text = mis_decode("Qué día más bonito", "latin-1", "drop")
    plain, _ = explain_within(text, Budget(POST_WORK))
    kept = {name: frozenset({"\x9f"}) for name in ("cp1252", "latin-1")}
    narrowed, _ = explain_within(text, Budget(POST_WORK), kept=kept)
    assert plain.text == narrowed.text == "Qué día más bonito"
    guess = next(s for s in plain.spots if s.lost_bytes)
    better = next(s for s in narrowed.spots if s.lost_bytes)
    assert "Í" in {c.text for c in guess.candidates}
    assert "Í" not in {c.text for c in better.candidates}
    assert better.confidence > guess.confidence
    # U+FFFD in the post: undefined bytes were marked, not dropped silently
    fffd, _ = explain_within(text, Budget(POST_WORK), kept={"cp1252": {"\ufffd"}})
    assert "Í" not in {c.text for s in fffd.spots for c in s.candidates}


def test_the_post_decides_what_its_decoding_lost() -> None:
    # í opening a word lost its 0xAD: í or Í (0x8D, a C1 control under latin-1)
    want = "Qué ídolo, más bonito hace hoy en Málaga"
    day = mis_decode(want, "latin-1", "drop")
    other = mis_decode("Muy buen artículo, ¿verdad? Sí.", "latin-1", "drop")
    emoji = mis_decode("Great paper 😀 on caching, thanks!", "latin-1", "drop")
    # beside a tweet that shows no kept byte, the close call is named
    tweet, named = _last(hotparse.parse(_tweets_post(other, day)))
    assert tweet.original is not None and tweet.original.confidence < 0.9
    assert named
    # beside one whose emoji shows C1 controls kept, 0x8D was not lost: no close call
    post = hotparse.parse(_tweets_post(emoji, day))
    tweet, named = _last(post)
    assert tweet.html == want
    assert tweet.original is not None and tweet.original.confidence >= 0.9
    assert not named and not post.problems


ZH = "这是我们的新论文，欢迎阅读和讨论！"
JA = "スマホだけで動く音声翻訳モデルを作りました。ぜひ読んでみてください！"


@pytest.mark.parametrize(
    ("neighbour", "damaged", "want"),
    [
        # clean text with marks after letters is no evidence (found by review)
        ("Москва\u00a0— столица России.", mis_decode(JA, "latin-1", "drop"), JA),
        ("« C’est déjà fini, voilà\u00a0»", mis_decode(JA, "latin-1", "drop"), JA),
        ("Спасибо\ufffd отличная статья", mis_decode(ZH, "cp1252", "drop"), ZH),
        ("Résumé: caf\u00e9\ufffd and more", mis_decode(ZH, "cp1252", "drop"), ZH),
        # two decodings in one post: C1 controls kept in one tweet, undefined bytes
        # dropped in the other (the full-width exclamation mark lost 0x81)
        (mis_decode("Great paper 😀 on caching!", "latin-1"), mis_decode(ZH, "cp1252", "drop"), ZH),
        (mis_decode("Voilà le résultat, à bientôt", "cp1252"), mis_decode(JA, "cp1252", "drop"), JA),
    ],
    ids=["ru-nbsp", "fr-nbsp", "ru-fffd", "fr-fffd", "c1-then-drop", "nbsp-then-drop"],
)
def test_a_neighbour_never_makes_a_wrong_repair_sure(
    neighbour: str, damaged: str, want: str
) -> None:
    alone, _ = _last(hotparse.parse(_tweets_post(damaged)))
    tweet, named = _last(hotparse.parse(_tweets_post(neighbour, damaged)))
    assert tweet.html == want or (named and tweet.original.confidence < 0.9)  # type: ignore[union-attr]
    if alone.html == want:
        assert tweet.html == want  # the neighbour does not make a right repair wrong


def test_katakana_guess_is_sure_only_when_the_model_is() -> None:
    # ヘ (E3 83 98) read as cp1251 with 0x98 dropped; ロ (0xAD) and ム (0xA0) fit too, and
    # the word lists know ロシア: a katakana guess at 95% is no bet
    report = explain_repair(mis_decode("2) ヘシアンの逆行列を求める", "cp1251", "drop"))
    guess = next(s for s in report.spots if s.lost_bytes)
    share = next(c.probability for c in guess.candidates if c.text == guess.replacement)
    assert 0.9 <= share < 0.97
    assert guess.confidence == pytest.approx(share * KATAKANA_GUESS_FACTOR)
    assert guess.confidence < 0.9 and guess.ambiguous


def test_guess_opening_the_text_is_no_bet_without_a_sign() -> None:
    # ă (C4 83) read as cp1250 with 0x83 dropped opens the text: Đ (C4 90) wins on the
    # right-hand context alone (found by review)
    report = explain_repair(mis_decode("ăâîșț: Această lucrare e foarte bună", "cp1250", "drop"))
    first = report.spots[0]
    assert first.start == 0 and first.lost_bytes
    assert first.replacement == "ă" or first.confidence < 0.9


def test_letter_chosen_over_a_mark_is_no_bet_even_under_a_sign() -> None:
    # ُ (damma, D9 8F) read as cp1252 with U+FFFD for 0x8F: ف (D9 81) fits as well, and
    # the character model cannot tell a vowel sign from a letter by meaning
    report = explain_repair(mis_decode("كُتب الدرس", "cp1252", "fffd"))
    guess = next(s for s in report.spots if "\ufffd" in s.damaged)
    assert "ُ" in {c.text for c in guess.candidates}
    if guess.replacement != "ُ":
        assert guess.confidence <= 0.85 and guess.ambiguous


@pytest.mark.parametrize("lossy", ["fffd", "drop"])
def test_hyphen_and_closing_quote_by_their_neighbours(lossy: str) -> None:
    # ” (E2 80 9D) and U+2010 HYPHEN (E2 80 90) both end in a byte cp1252 does not
    # define: before a space the quote is sure; between letters (a paper title pasted
    # from a PDF, found by review) the quote is no likely reading
    quote = explain_repair(mis_decode("It was great” said Ada, and left.", "cp1252", "fffd"))
    spot = next(s for s in quote.spots if s.replacement == "”")
    assert spot.confidence >= 0.9
    title = explain_repair(mis_decode("Our state\u2010of\u2010the\u2010art model", "cp1252", lossy))
    for spot in title.spots:
        assert spot.replacement == "\u2010" or spot.confidence < 0.9


def _ignore(text: str, codepage: str) -> str:
    """UTF-8 of ``text`` decoded with ``errors="ignore"``: undefined bytes dropped, the
    no-break space and soft hyphen kept (a decoding the benchmark's modes do not make)."""
    return text.encode("utf-8").decode(codepage, "ignore")


@pytest.mark.parametrize(
    ("htmls", "want"),
    [
        # a clean Cyrillic a + no-break space + dash inside a damaged tweet reads as a
        # Samaritan letter under cp1251: no tweet holds one, so no bet
        ([mis_decode("Это а\u00a0— б.", "cp1252", "fffd"), mis_decode("Спасибо", "cp1252", "fffd")],
         "Это а\u00a0— б."),
        # errors="ignore" under cp1251 keeps the no-break space: the soft hyphen is kept
        # too, so ロ (0xAD) is no reading of ヘ (0x98 dropped)
        ([_ignore("ヘシアンの逆行列を求める。", "cp1251"), _ignore("Très intéressant\u00a0: théorie.", "cp1251")],
         "ヘシアンの逆行列を求める。"),
        # Ä read as č in one word and left as written in another: damage left
        ([_ignore("Náš nový článek o strojovém překladu: čeština, řeč, ůžasné věci.", "cp1252")],
         "Náš nový článek o strojovém překladu: čeština, řeč, ůžasné věci."),
    ],
    ids=["samaritan", "ignore-keeps-nbsp", "lead-left"],
)
def test_second_review_posts(htmls: list[str], want: str) -> None:
    post = hotparse.parse(_tweets_post(*htmls))
    tweet = post.papers[0].tweets[0]
    lines = {p.line for p in post.problems if p.code in ("repair-guessed", "mojibake-suspected")}
    if tweet.html != want:
        assert tweet.original is None or tweet.original.confidence < 0.9
        assert _named(tweet, lines)
