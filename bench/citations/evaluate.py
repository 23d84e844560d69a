"""Precision and recall of the citation finder on the hand-labelled sample.

    .venv/bin/python bench/citations/evaluate.py [--corpus PATH] [--errors]

labels.jsonl holds, per article of the shared corpus, every reference a reader found (character
offsets into the article text built as corpus.article_text describes, and the expected fields)
plus look-alike non-references ("negatives"). The finder runs on each labelled article's whole
text; every reference it reports that matches no label counts against precision.

A prediction matches a label when their spans overlap and they name the same number (full
numbers compared by lookup key, short forms by sequence and year). Per field, a value counts as
true positive when the matched pair agrees, as false positive when the finder reports a value
that is wrong or unmatched, as false negative when a labelled value is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings.test")

import django  # noqa: E402

django.setup()

from corpus import article_text, load_articles  # noqa: E402

from cong.core.text import fold  # noqa: E402
from cong.legal.citations.finder import find_references  # noqa: E402
from cong.legal.vocabulary import file_vocabulary  # noqa: E402

FIELDS = [
    "span",
    "seq",
    "year",
    "type",
    "issuer",
    "type_word",
    "article",
    "clause",
    "point",
    "kind",
]


def identity(number: str) -> str:
    """Same document number, however it was spaced or cased: '06/2013/QĐ-TTg' ~ '6/2013/qd-ttg'."""
    text = fold(number or "").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return re.sub(r"(^|-)0+(?=\d)", r"\1", text)


def field_value(item: dict, field: str, text: str):
    if field == "span":
        return (item["start"], item["end"])
    value = item.get(field)
    if field == "seq" and value is not None:
        return str(value).lstrip("0") or "0"
    if field == "type_word" and value:
        return value.lower()
    if isinstance(value, str):
        return value.strip() or None
    return value


def evaluate(labels: list[dict], texts: dict[str, str], show_errors: bool = False) -> dict:
    vocabulary = file_vocabulary()
    matched = false_pos = false_neg = 0
    field_counts = {f: Counter() for f in FIELDS}
    negative_hits = 0
    errors = []
    for row in labels:
        text = texts[row["article"]]
        predictions = [r.as_json() for r in find_references(text, vocabulary)]
        gold = row["references"]
        used = set()
        pairs = []
        for prediction in predictions:
            match = None
            for index, label in enumerate(gold):
                if index in used:
                    continue
                overlap = prediction["start"] < label["end"] and label["start"] < prediction["end"]
                if overlap and identity(prediction["number"]) == identity(label["number"]):
                    match = index
                    break
            if match is None:
                false_pos += 1
                pairs.append((prediction, None))
                if any(
                    prediction["start"] < n["end"] and n["start"] < prediction["end"]
                    for n in row["negatives"]
                ):
                    negative_hits += 1
                errors.append(("FP", row["article"], prediction["span"], prediction["number"]))
            else:
                used.add(match)
                matched += 1
                pairs.append((prediction, gold[match]))
        for index, label in enumerate(gold):
            if index not in used:
                false_neg += 1
                pairs.append((None, label))
                errors.append(
                    ("FN", row["article"], text[label["start"] : label["end"]], label["number"])
                )
        for prediction, label in pairs:
            for field in FIELDS:
                got = field_value(prediction, field, text) if prediction else None
                want = field_value(label, field, text) if label else None
                counts = field_counts[field]
                if prediction and label and got == want:
                    counts["correct"] += 1
                    if want is not None:
                        counts["tp"] += 1
                    continue
                if prediction and label:
                    counts["wrong"] += 1
                    if show_errors and field not in ("span",):
                        errors.append(
                            (
                                f"~{field}",
                                row["article"],
                                text[label["start"] : label["end"]],
                                f"{got!r} vs {want!r}",
                            )
                        )
                if got is not None:
                    counts["fp"] += 1
                if want is not None:
                    counts["fn"] += 1
    result = {
        "articles": len(labels),
        "labelled": matched + false_neg,
        "found": matched + false_pos,
        "matched": matched,
        "precision": matched / (matched + false_pos) if matched + false_pos else 1.0,
        "recall": matched / (matched + false_neg) if matched + false_neg else 1.0,
        "negatives": sum(len(r["negatives"]) for r in labels),
        "negatives_hit": negative_hits,
        "fields": {},
    }
    for field, counts in field_counts.items():
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        result["fields"][field] = {
            "agree_on_matched": counts["correct"] / matched if matched else 0.0,
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
        }
    result["errors"] = errors
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=HERE / "labels.jsonl")
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "vietnews-20k.jsonl.gz"
    )
    parser.add_argument("--errors", action="store_true", help="List every error.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    labels = [json.loads(line) for line in args.labels.open(encoding="utf-8") if line.strip()]
    wanted = {row["article"] for row in labels}
    texts = {a["id"]: article_text(a) for a in load_articles(args.corpus, wanted)}
    missing = wanted - set(texts)
    if missing:
        sys.exit(f"{len(missing)} labelled articles are not in {args.corpus}")
    splits = {"all": labels}
    for name in sorted({row.get("split", "dev") for row in labels}):
        splits[name] = [row for row in labels if row.get("split", "dev") == name]
    report = {}
    for name, rows in splits.items():
        result = evaluate(rows, texts, show_errors=args.errors)
        errors = result.pop("errors")
        report[name] = result
        if args.json:
            continue
        print(f"== {name}")
        print(
            f"articles {result['articles']}, labelled references {result['labelled']}, "
            f"found {result['found']}, matched {result['matched']}, negatives "
            f"{result['negatives']} (hit: {result['negatives_hit']})"
        )
        print(f"number    precision {result['precision']:.3f}  recall {result['recall']:.3f}")
        print(f"{'field':<10} {'agree':>7} {'prec':>7} {'recall':>7}   (agree: on matched pairs)")
        for field, figures in result["fields"].items():
            print(
                f"{field:<10} {figures['agree_on_matched']:7.3f} {figures['precision']:7.3f} "
                f"{figures['recall']:7.3f}"
            )
        if args.errors and name != "all":
            for kind, article, span, detail in errors:
                print(f"{kind}\t{article[-6:]}\t{span}\t{detail}")
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
