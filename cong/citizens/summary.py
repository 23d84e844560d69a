"""The summary of a closed consultation: approved comments counted per article, as CSV and PDF.
No personal data: only the organisation's name (when given) and the comment text."""

import csv
import io
from pathlib import Path

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from cong.core.text import fold

from . import conf
from .models import CommentStatus

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def summary_rows(consultation):
    """[(label, heading, count)], the whole draft first, then each article in order."""
    approved = consultation.comments.filter(status=CommentStatus.APPROVED)
    counts = {}
    for article_id in approved.values_list("article_id", flat=True):
        counts[article_id] = counts.get(article_id, 0) + 1
    rows = [(_("The whole draft"), "", counts.get(None, 0))]
    for article in consultation.articles.all():
        rows.append((article.label, article.heading, counts.get(article.pk, 0)))
    return rows


def approved_comments(consultation):
    return (
        consultation.comments.filter(status=CommentStatus.APPROVED)
        .select_related("article")
        .order_by("article__sort_order", "created_at")
    )


def public_author(comment) -> str:
    return comment.organisation or _("A citizen")


def _cell(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: neutralise them."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def summary_csv(consultation) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Article"), _("Heading"), _("Comments")])
    for label, heading, count in summary_rows(consultation):
        writer.writerow([_cell(label), _cell(heading), count])
    writer.writerow([])
    writer.writerow([_("Article"), _("From"), _("Comment"), _("Received at")])
    for comment in approved_comments(consultation):
        writer.writerow(
            [
                _cell(comment.target_label),
                _cell(public_author(comment)),
                _cell(comment.body),
                timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return "\ufeff" + out.getvalue()  # BOM: Excel then reads UTF-8 Vietnamese correctly


def summary_pdf(consultation) -> bytes:
    from fpdf import FPDF

    regular, bold = conf.pdf_font_paths()
    unicode_font = Path(regular).is_file() and Path(bold).is_file()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(consultation.title)
    if unicode_font:
        pdf.add_font("body", "", regular)
        pdf.add_font("body", "B", bold)
        family = "body"

        def text(value):
            return str(value)
    else:
        # Without a Unicode font the core fonts cannot show Vietnamese: fall back to text
        # without accents rather than fail (install fonts-dejavu-core for the real thing).
        family = "helvetica"

        def text(value):
            return fold(str(value)).encode("latin-1", "replace").decode("latin-1")

    pdf.add_page()
    width = pdf.epw
    pdf.set_font(family, "B", 14)
    pdf.multi_cell(width, 8, text(consultation.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    period = _("Comment period: %(start)s – %(end)s") % {
        "start": timezone.localtime(consultation.opens_at).strftime("%d/%m/%Y"),
        "end": timezone.localtime(consultation.closes_at).strftime("%d/%m/%Y"),
    }
    pdf.multi_cell(width, 6, text(period), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font(family, "B", 12)
    pdf.cell(width, 8, text(_("Comments per article")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    with pdf.table(col_widths=(30, 55, 15), text_align=("LEFT", "LEFT", "RIGHT")) as table:
        header = table.row()
        for title in (_("Article"), _("Heading"), _("Comments")):
            header.cell(text(title))
        for label, heading, count in summary_rows(consultation):
            row = table.row()
            row.cell(text(label))
            row.cell(text(heading))
            row.cell(str(count))
    pdf.ln(4)

    if consultation.response:
        pdf.set_font(family, "B", 12)
        pdf.cell(width, 8, text(_("The unit's response")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)
        pdf.multi_cell(
            width, 6, text(strip_tags(consultation.response)), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(4)

    pdf.set_font(family, "B", 12)
    pdf.cell(width, 8, text(_("Comments received")), new_x="LMARGIN", new_y="NEXT")
    for comment in approved_comments(consultation):
        pdf.set_font(family, "B", 10)
        heading = f"{comment.target_label} — {public_author(comment)}"
        pdf.multi_cell(width, 6, text(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)
        pdf.multi_cell(width, 6, text(comment.body), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
