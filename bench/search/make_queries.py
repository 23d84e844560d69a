"""Build bench/search/queries.jsonl from the shared corpus (run once; the output is committed).

    .venv/bin/python bench/search/make_queries.py [/work/shared/data/vietnews-20k.jsonl.gz]

Queries are typed the way people type them: lowercase, often without marks, a few syllables
of a title, a person or a place named in the body with one word of context, a document
number written any way. Each query's expected articles are every corpus article that
contains all its parts (the phrase parts as consecutive syllables, folded), and a query is
kept only when that set has 1–3 articles including the one it was made from, so the
judgements are checkable and do not depend on any engine. Articles are identified by their
import key (`vietnews:<id>`, as `import_articles --format jsonl` stores it) and corpus line.
"""

import gzip
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cong.search.analysis import analyse, fold, normalise  # noqa: E402

CORPUS = Path("/work/shared/data/vietnews-20k.jsonl.gz")
OUT = Path(__file__).with_name("queries.jsonl")
SEED = 20261201

STOP = set(
    "và của các là có cho được với trong trên tại đã này khi một những người không vì để từ "
    "ra vào đến theo về như sau do bị thì mà lại cũng nhưng rằng nào gì ở".split()
)
SURNAMES = set(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương "
    "Lương Mai Đào Cao Lâm Tạ Châu Thái Tô Trịnh Đoàn Văn Kiều Quách Lưu Tống".split()
)
CAP = r"[A-ZÀ-ỸĐ][a-zà-ỹđ]+"
NAME = re.compile(rf"\b({CAP}(?: {CAP}){{1,3}})\b")
PLACE = re.compile(rf"\b((?:xã|huyện|tỉnh|phường|quận|thị xã|thị trấn) {CAP}(?: {CAP}){{0,2}})")
DOCNUM = re.compile(r"\b(\d{1,4})/(\d{4})/([A-ZĐ]{1,6}(?:-[A-ZĐ]{1,8})+)\b")


def folded_tokens(text):
    return analyse(text).folded


def contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    first = needle[0]
    return any(
        haystack[i] == first and haystack[i : i + n] == needle for i in range(len(haystack) - n + 1)
    )


def load(path):
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line_no, line in enumerate(stream, 1):
            item = json.loads(line)
            title = normalise(item["title"])
            text = normalise(" ".join([item["title"], item.get("lead", ""), *item["paragraphs"]]))
            articles.append(
                {
                    "line": line_no,
                    "key": f"vietnews:{item['id']}",
                    "title": title,
                    "lead": normalise(item.get("lead", "")),
                    "text": text,
                    "tokens": folded_tokens(text),
                    "bag": set(folded_tokens(text)),
                }
            )
    return articles


def relevant(articles, parts):
    """Articles containing every part (a list of syllables, consecutive)."""
    parts = [folded_tokens(p) for p in parts]
    needed = {t for p in parts for t in p}
    return [
        a for a in articles if needed <= a["bag"] and all(contains(a["tokens"], p) for p in parts)
    ]


def title_fragment(rng, title, size):
    words = analyse(title).exact
    spans = [
        words[i : i + size]
        for i in range(len(words) - size + 1)
        if words[i] not in STOP
        and words[i + size - 1] not in STOP
        and not any(w.isdigit() for w in words[i : i + size])
    ]
    return " ".join(rng.choice(spans)) if spans else None


def content_word(rng, title, avoid):
    words = [w for w in analyse(title).exact if w not in STOP and not w.isdigit()]
    pairs = [
        f"{a} {b}"
        for a, b in zip(words, words[1:], strict=False)
        if fold(a) not in avoid and fold(b) not in avoid
    ]
    return rng.choice(pairs) if pairs else None


def typed(rng, text, accentless_share):
    text = text.lower()
    return fold(text) if rng.random() < accentless_share else text


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    articles = load(path)
    rng = random.Random(SEED)
    order = list(range(len(articles)))
    rng.shuffle(order)
    queries, used = [], set()

    def add(kind, query, parts, source):
        found = relevant(articles, parts)
        if source["key"] in used or not 1 <= len(found) <= 3:
            return False
        if source["key"] not in {a["key"] for a in found}:
            return False
        used.add(source["key"])
        queries.append(
            {
                "id": f"q{len(queries) + 1:03d}",
                "kind": kind,
                "query": query,
                "expected": [a["key"] for a in found],
                "lines": [a["line"] for a in found],
                "source_title": source["title"],
            }
        )
        return True

    wanted = {
        "title": 35,
        "title_accentless": 35,
        "phrase": 15,
        "person": 30,
        "place": 25,
        "lead_words": 15,
    }
    counts = dict.fromkeys(wanted, 0)
    for index in order:
        if all(counts[k] >= wanted[k] for k in wanted):
            break
        article = articles[index]
        kind = rng.choice([k for k in wanted if counts[k] < wanted[k]])
        query = parts = None
        if kind in ("title", "title_accentless", "phrase"):
            fragment = title_fragment(rng, article["title"], rng.choice([3, 4, 4, 5]))
            if fragment:
                parts = [fragment]
                share = {"title": 0.15, "title_accentless": 1.0, "phrase": 0.5}[kind]
                query = typed(rng, fragment, share)
                if kind == "phrase":
                    query = f'"{query}"'
        elif kind == "person":
            body = article["text"][len(article["title"]) :]
            names = [n for n in NAME.findall(body) if n.split()[0] in SURNAMES]
            if names:
                name = rng.choice(names)
                context = content_word(rng, article["title"], set(fold(name).split()))
                if context:
                    parts = [name, context]
                    query = typed(rng, f"{name} {context}", 0.6)
        elif kind == "place":
            places = PLACE.findall(article["text"])
            if places:
                place = rng.choice(places)
                context = content_word(rng, article["title"], set(fold(place).split()))
                if context:
                    parts = [place, context]
                    query = typed(rng, f"{context} {place}", 0.6)
        elif kind == "lead_words":
            lead = [w for w in analyse(article["lead"]).exact if w not in STOP and len(w) > 2]
            if len(lead) >= 6:
                start = rng.randrange(0, len(lead) - 3)
                words = lead[start : start + 3]
                parts = words
                query = typed(rng, " ".join(words), 0.7)
        if query and add(kind, query, parts, article):
            counts[kind] += 1

    # Document numbers: every distinct number in the corpus, typed one of several ways.
    numbers = {}
    for article in articles:
        for number, year, kind in DOCNUM.findall(article["text"]):
            numbers.setdefault((number, year, kind), article)
    styles = [
        lambda n, y, k: f"{n}/{y}/{k}",
        lambda n, y, k: f"{n}/{y}/{fold(k).lower()}",
        lambda n, y, k: f"{n} {y} {fold(k).replace('-', ' ').lower()}",
        lambda n, y, k: f"{n}/{y}/{k.replace('-', ' - ')}",
    ]
    doc_queries = 0
    for (number, year, kind), article in sorted(numbers.items(), key=lambda x: x[1]["line"]):
        if doc_queries >= 25:
            break
        query = rng.choice(styles)(number, year, kind)
        before = len(queries)
        used.discard(article["key"])
        if add("document_number", query, [f"{number} {year} {kind}"], article):
            doc_queries += 1
        elif len(queries) == before:
            continue

    with OUT.open("w", encoding="utf-8") as stream:
        for query in queries:
            stream.write(json.dumps(query, ensure_ascii=False) + "\n")
    by_kind = {}
    for query in queries:
        by_kind[query["kind"]] = by_kind.get(query["kind"], 0) + 1
    print(f"{len(queries)} queries → {OUT}: {by_kind}")


if __name__ == "__main__":
    main()
