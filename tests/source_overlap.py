"""Runs of words the course shares with its source guidance, found without storing the source.

The seed texts (NSPCC guidance) are not ours to redistribute, so the repository keeps only a hash
of every run of N consecutive words in them (tests/fixtures/seed_shingles.txt). A run of N words
that appears in both the content and the seeds is a copied phrase.

Regenerate the hashes from the seed files (kept outside the repository):

    .venv/bin/python -m tests.source_overlap ../shared/seeds/*.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

N = 8
SHINGLES = Path(__file__).parent / "fixtures" / "seed_shingles.txt"


def words(text: str) -> list[str]:
    """Lower-case words, with Markdown, punctuation and curly quotes set aside."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def digest(run: list[str]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def runs(text: str, n: int = N) -> dict[str, str]:
    """{hash: the words} for every run of ``n`` consecutive words in ``text``."""
    w = words(text)
    return {digest(w[i : i + n]): " ".join(w[i : i + n]) for i in range(len(w) - n + 1)}


def load() -> set[str]:
    """The hashes of the seeds' runs."""
    lines = SHINGLES.read_text().splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def main(paths: list[str]) -> None:
    hashes = sorted({h for p in paths for h in runs(Path(p).read_text(encoding="utf-8"))})
    header = f"# sha256[:16] of every run of {N} words in the seed guidance; see {__name__}\n"
    SHINGLES.write_text(header + "\n".join(hashes) + "\n")
    print(f"wrote {len(hashes)} hashes to {SHINGLES}")


if __name__ == "__main__":
    main(sys.argv[1:])
