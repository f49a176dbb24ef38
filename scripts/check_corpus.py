"""Print the acceptance figures for a folder of real posts (default ../shared/corpus).

    python scripts/check_corpus.py [--corpus PATH] [--seeds PATH]

Counts posts parsed, posts with problems, papers and tweets against the raw
counts of ``# N.`` headings and ``<blockquote`` tags, byte-exact round trips,
JSON Schema validation of every dump, to_dict/from_dict round trips, and the
two seeds against their corpus originals.  tests/test_corpus.py asserts the
same things; this script shows the numbers.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import attrs
import jsonschema

import hotparse

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^# \d+\. ", re.MULTILINE)


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _tweets(post: hotparse.Post) -> list[hotparse.Tweet]:
    return [tweet for paper in post.papers for tweet in paper.tweets]


def corpus_figures(corpus: Path) -> None:
    schema = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(corpus.glob("*.md"))
    parsed = clean = exact = valid = equal = 0
    papers = tweets = raw_papers = raw_tweets = 0
    for path in files:
        text = _read(path)
        raw_papers += len(HEADING.findall(text))
        raw_tweets += text.count("<blockquote")
        try:
            post = hotparse.parse(text, source=str(path))
        except hotparse.ParseError as error:
            print(f"  FAILED {error}")
            continue
        parsed += 1
        clean += not post.problems
        papers += len(post.papers)
        tweets += len(_tweets(post))
        exact += hotparse.render(post) == text
        data = json.loads(json.dumps(hotparse.to_dict(post), ensure_ascii=False))
        valid += not any(validator.iter_errors(data))
        equal += hotparse.from_dict(hotparse.Post, data) == post
    count = len(files)
    print(f"corpus {corpus}")
    print(f"  posts parsed                {parsed}/{count}")
    print(f"  posts without problems      {clean}/{count}")
    print(f"  papers                      {papers} (raw '# N.' headings: {raw_papers})")
    print(f"  tweets                      {tweets} (raw '<blockquote': {raw_tweets})")
    print(f"  render byte-exact           {exact}/{count}")
    print(f"  dumps valid against schema  {valid}/{count}")
    print(f"  from_dict(to_dict) equal    {equal}/{count}")


def seed_figures(seeds: Path, corpus: Path) -> None:
    pairs = [
        ("003_160e46e2c0f7be59.txt", "2021-03-05---Hot-Papers.md"),
        ("000_7a486d17df6f53e9.txt", "2021-03-25---Hot-Papers.md"),
    ]
    print(f"seeds {seeds}")
    for seed_name, original_name in pairs:
        for repair in (False, True):
            seed = hotparse.load(seeds / seed_name, repair=repair)
            original = hotparse.load(corpus / original_name, repair=repair)
            same_papers = sum(
                attrs.evolve(a, tweets=()) == attrs.evolve(b, tweets=())
                for a, b in zip(seed.papers, original.papers, strict=True)
            )
            pairs_of_tweets = list(zip(_tweets(seed), _tweets(original), strict=True))
            differing = [(a, b) for a, b in pairs_of_tweets if a != b]
            exact = [
                a
                for a, b in differing
                if (a.text, a.html, a.author_name) == (b.text, b.html, b.author_name)
            ]
            print(
                f"  {seed_name} vs {original_name} (repair={repair}): "
                f"problems {len(seed.problems)}, papers equal except tweets "
                f"{same_papers}/{len(original.papers)}, tweets differing "
                f"{len(differing)}/{len(pairs_of_tweets)}"
                + (f", of which text/html/name exact after repair {len(exact)}" if repair else "")
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    options = parser.parse_args()
    corpus_figures(options.corpus)
    if options.seeds.is_dir():
        seed_figures(options.seeds, options.corpus)


if __name__ == "__main__":
    main()
