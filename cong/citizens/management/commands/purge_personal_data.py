"""Delete personal data past the retention period (Decree 13/2023/NĐ-CP).

Finished questions and comments on closed consultations keep their content (the published
answer, the counts) but lose the name, e-mail, phone and attachment. Unconfirmed alert
subscriptions are deleted once their confirmation link has expired; sent alert items after the
retention period."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from cong.citizens import conf
from cong.citizens.models import AlertItem, Comment, Question, Subscription
from cong.citizens.models.questions import FINISHED


class Command(BaseCommand):
    help = "Delete citizens' personal data older than CONG_PERSONAL_DATA_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override the retention period (days).")
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else conf.retention_days()
        if days < 0:
            self.stderr.write("--days must be zero or more.")
            return
        now = timezone.now()
        cutoff = now - timedelta(days=days)
        dry = options["dry_run"]

        questions = Question.objects.filter(
            status__in=FINISHED, finished_at__lt=cutoff, personal_data_purged_at__isnull=True
        )
        comments = Comment.objects.filter(
            consultation__closes_at__lt=cutoff, personal_data_purged_at__isnull=True
        )
        unconfirmed = Subscription.objects.filter(
            confirmed_at__isnull=True,
            created_at__lt=now - timedelta(seconds=conf.confirm_max_age_seconds()),
        )
        old_items = AlertItem.objects.filter(sent_at__lt=cutoff)
        counts = {
            "questions": questions.count(),
            "comments": comments.count(),
            "unconfirmed subscriptions": unconfirmed.count(),
            "sent alert items": old_items.count(),
        }
        if not dry:
            for question in tqdm(
                questions.iterator(), total=counts["questions"], desc="questions", disable=None
            ):
                self._purge_question(question, now)
            with transaction.atomic():
                comments.update(author_name="", email="", phone="", personal_data_purged_at=now)
                unconfirmed.delete()
                old_items.delete()
        verb = "Would purge" if dry else "Purged"
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(f"{verb} (older than {days} days): {summary}.")

    @staticmethod
    def _purge_question(question, now):
        if question.attachment:
            question.attachment.delete(save=False)
        Question.objects.filter(pk=question.pk).update(
            asker_name="",
            asker_email="",
            asker_phone="",
            attachment="",
            attachment_name="",
            attachment_type="",
            personal_data_purged_at=now,
        )
