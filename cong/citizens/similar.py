"""'Similar answered questions' while a citizen types: accent-folded syllable overlap over the
published answers, no search service needed."""

from django.db.models import Q

from .models import Question
from .privacy import search_key

# Very common Vietnamese syllables that say nothing about the subject (folded).
STOPWORDS = set(
    "va cua la co cho cac nhung duoc trong khi toi xin hoi ve thi da se nay do voi mot de "
    "theo tai tu den nhu neu bi ra vao lam gi nao sao the khong hay con".split()
)


def similar_questions(text: str, portal=None, limit: int = 5):
    tokens = [t for t in dict.fromkeys(search_key(text).split()) if len(t) >= 2]
    tokens = [t for t in tokens if t not in STOPWORDS][:12]
    if len(tokens) < 2:
        return []
    condition = Q()
    for token in tokens:
        condition |= Q(search_text__contains=token)
    candidates = (
        Question.objects.published()
        .filter(condition)
        .select_related("portal")
        .order_by("-published_at")[:300]
    )
    scored = []
    for question in candidates:
        words = set(question.search_text.split())
        score = sum(1 for t in tokens if t in words)
        if portal is not None and question.portal_id == portal.pk:
            score += 0.5
        if score >= 2:
            scored.append((score, question))
    scored.sort(
        key=lambda pair: (-pair[0], -(pair[1].published_at or pair[1].created_at).timestamp())
    )
    return [question for _score, question in scored[:limit]]
