from .alerts import AlertItem, Subscription, SubscriptionFrequency, SubscriptionKind
from .consultations import (
    Comment,
    CommentStatus,
    ConsultationIndexPage,
    ConsultationPage,
    DraftArticle,
)
from .questions import Question, QuestionIndexPage, QuestionStatus

__all__ = [
    "AlertItem",
    "Comment",
    "CommentStatus",
    "ConsultationIndexPage",
    "ConsultationPage",
    "DraftArticle",
    "Question",
    "QuestionIndexPage",
    "QuestionStatus",
    "Subscription",
    "SubscriptionFrequency",
    "SubscriptionKind",
]
