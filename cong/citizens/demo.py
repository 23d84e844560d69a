"""Demo content for the citizens' flows, called by `manage.py seed_demo`.

Creates, when missing: a Q&A section (Hỏi đáp chính sách) with published answers on the
national portal and on one province (Hà Nội, else the first province), one question waiting
in that province's queue, and a consultations section (Lấy ý kiến dự thảo) on the national
portal with one draft open for comments and one closed draft with its summary and response.
Idempotent: a re-run finds everything by slug or title and adds nothing. The sample askers
use reserved example.com addresses; nothing is e-mailed.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .models import (
    Comment,
    CommentStatus,
    ConsultationIndexPage,
    ConsultationPage,
    DraftArticle,
    Question,
    QuestionIndexPage,
    QuestionStatus,
)

QA_SLUG = "hoi-dap"
CONSULTATION_SLUG = "lay-y-kien"

# (portal key, topic, subject, question as published, answer)
ANSWERED = [
    (
        "national",
        "Bảo hiểm xã hội",
        "Hưởng chế độ thai sản khi đã nghỉ việc trước khi sinh con",
        "Tôi đóng bảo hiểm xã hội được 2 năm, nghỉ việc từ tháng 3 và dự sinh vào tháng 5. "
        "Tôi có được hưởng chế độ thai sản không?",
        "Theo khoản 2 Điều 31 Luật Bảo hiểm xã hội, lao động nữ sinh con được hưởng chế độ "
        "thai sản nếu đã đóng bảo hiểm xã hội từ đủ 6 tháng trở lên trong thời gian 12 tháng "
        "trước khi sinh con, kể cả khi đã nghỉ việc trước thời điểm sinh. Bà liên hệ cơ quan "
        "bảo hiểm xã hội nơi cư trú để nộp hồ sơ hưởng.",
    ),
    (
        "national",
        "Đất đai",
        "Thời hạn cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        "Gia đình tôi nộp hồ sơ đề nghị cấp Giấy chứng nhận quyền sử dụng đất lần đầu. "
        "Thời hạn giải quyết là bao lâu?",
        "Thời gian giải quyết thủ tục đăng ký, cấp Giấy chứng nhận lần đầu không quá 20 ngày "
        "làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; ở các xã miền núi, hải đảo, vùng có điều "
        "kiện kinh tế - xã hội khó khăn được tăng thêm 10 ngày làm việc.",
    ),
    (
        "province",
        "Hộ tịch",
        "Đăng ký khai sinh trực tuyến cho con",
        "Tôi có thể đăng ký khai sinh cho con qua mạng mà không phải đến Ủy ban nhân dân "
        "phường không?",
        "Được. Ông/bà đăng ký khai sinh trực tuyến trên Cổng Dịch vụ công quốc gia hoặc ứng "
        "dụng VNeID (liên thông khai sinh - thường trú - cấp thẻ bảo hiểm y tế cho trẻ dưới "
        "6 tuổi). Kết quả được trả bản điện tử; bản giấy nhận tại bộ phận một cửa nếu có yêu cầu.",
    ),
    (
        "province",
        "Giao thông",
        "Đổi giấy phép lái xe đã hết hạn",
        "Giấy phép lái xe hạng B2 của tôi hết hạn 2 tháng. Tôi làm thủ tục đổi ở đâu?",
        "Giấy phép lái xe quá hạn dưới 3 tháng được đổi mà không phải sát hạch lại. Ông/bà nộp "
        "hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia hoặc tại Trung tâm Phục vụ hành chính "
        "công của thành phố.",
    ),
]

WAITING = (
    "Hỗ trợ học phí cho con hộ nghèo",
    "Con tôi học lớp 7, gia đình thuộc hộ nghèo năm nay. Tôi cần nộp giấy tờ gì để được "
    "miễn học phí?",
)

OPEN_DRAFT = {
    "title": "Dự thảo Nghị định quy định về cung cấp dịch vụ công trực tuyến",
    "slug": "du-thao-nghi-dinh-dich-vu-cong-truc-tuyen",
    "summary": "Bộ Khoa học và Công nghệ lấy ý kiến nhân dân, tổ chức, doanh nghiệp về dự thảo "
    "Nghị định quy định về cung cấp dịch vụ công trực tuyến trên Cổng Dịch vụ công quốc gia.",
    "articles": [
        (
            "Điều 1",
            "Phạm vi điều chỉnh",
            "Nghị định này quy định về việc cung cấp dịch vụ công trực tuyến của cơ quan nhà "
            "nước trên môi trường mạng.",
        ),
        (
            "Điều 2",
            "Đối tượng áp dụng",
            "Nghị định này áp dụng đối với cơ quan nhà nước, tổ chức, cá nhân tham gia hoặc có "
            "liên quan đến việc cung cấp, sử dụng dịch vụ công trực tuyến.",
        ),
        (
            "Điều 3",
            "Giải thích từ ngữ",
            "Dịch vụ công trực tuyến toàn trình là dịch vụ bảo đảm cung cấp toàn bộ thông tin "
            "về thủ tục hành chính; người sử dụng thực hiện việc nộp hồ sơ, thanh toán và nhận "
            "kết quả trên môi trường mạng.",
        ),
        (
            "Điều 4",
            "Nguyên tắc cung cấp",
            "Lấy người dân, doanh nghiệp làm trung tâm; đơn giản, dễ sử dụng; không yêu cầu nộp "
            "lại thông tin, giấy tờ mà cơ quan nhà nước đang quản lý.",
        ),
    ],
}

CLOSED_DRAFT = {
    "title": "Dự thảo Thông tư hướng dẫn công khai thông tin trên cổng thông tin điện tử",
    "slug": "du-thao-thong-tu-cong-khai-thong-tin",
    "summary": "Lấy ý kiến về dự thảo Thông tư hướng dẫn danh mục thông tin phải công khai và "
    "thời hạn cập nhật trên cổng thông tin điện tử của cơ quan nhà nước.",
    "articles": [
        ("Điều 1", "Phạm vi điều chỉnh", "Thông tư này hướng dẫn việc công khai thông tin."),
        (
            "Điều 2",
            "Thời hạn cập nhật",
            "Thông tin phải được cập nhật chậm nhất 02 ngày làm việc kể từ khi văn bản được "
            "ban hành.",
        ),
    ],
    # (article index or None, organisation, comment)
    "comments": [
        (None, "", "Đề nghị bổ sung quy định về định dạng dữ liệu mở cho thông tin công khai."),
        (1, "Hiệp hội Phần mềm và Dịch vụ CNTT", "Nên rút thời hạn xuống 01 ngày làm việc."),
        (1, "", "Cần quy định rõ trách nhiệm khi cập nhật chậm."),
    ],
    "response": "<p>Ban soạn thảo tiếp thu ý kiến về Điều 2: giữ thời hạn 02 ngày làm việc và "
    "bổ sung trách nhiệm của người đứng đầu khi cập nhật chậm. Ý kiến về dữ liệu mở sẽ được "
    "hướng dẫn tại văn bản riêng.</p>",
}


def _child(parent, model, slug, **fields):
    """The live child of `parent` with this slug, created (and published) when missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, live=True, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _province(national):
    from cong.network.lookup import PortalNotFound, find_portal
    from cong.network.models import PortalPage

    try:
        return find_portal("ha-noi")
    except PortalNotFound:
        return PortalPage.objects.child_of(national).live().order_by("path").first()


def _draft(index, spec, opens_at, closes_at, response=""):
    draft = ConsultationPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if draft is not None:
        return draft, False
    draft = ConsultationPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        opens_at=opens_at,
        closes_at=closes_at,
        response=response,
        live=True,
    )
    for n, (label, heading, text) in enumerate(spec["articles"]):
        draft.articles.add(DraftArticle(label=label, heading=heading, text=text, sort_order=n))
    index.add_child(instance=draft)
    draft.save_revision().publish()
    return draft, True


@transaction.atomic
def seed_citizens_demo(stdout=None) -> dict:
    """Create the demo Q&A and consultations; returns what was created (all zeros on a re-run)."""
    from cong.network.lookup import PortalNotFound, national_portal
    from cong.news.models import Topic

    created = {"sections": 0, "questions": 0, "drafts": 0, "comments": 0}
    try:
        national = national_portal()
    except PortalNotFound:
        if stdout is not None:
            stdout.write("No national portal: no citizens' demo content.")
        return created
    province = _province(national)
    portals = {"national": national, "province": province}

    qa = {}
    for key, portal in portals.items():
        if portal is None:
            continue
        qa[key], new = _child(
            portal,
            QuestionIndexPage,
            QA_SLUG,
            title="Hỏi đáp chính sách",
            intro="<p>Gửi câu hỏi về chính sách, pháp luật; theo dõi câu hỏi bằng mã "
            "được cấp khi gửi.</p>",
        )
        created["sections"] += new

    now = timezone.now()
    for n, (key, topic_name, title, body, answer) in enumerate(ANSWERED):
        portal = portals.get(key)
        if portal is None or Question.objects.filter(portal=portal, public_title=title).exists():
            continue
        topic, _ = Topic.objects.get_or_create(name=topic_name)
        answered_at = now - timedelta(days=3 * (len(ANSWERED) - n))
        Question.objects.create(
            portal=portal,
            topic=topic,
            title=title,
            body=body,
            asker_name="Người hỏi (dữ liệu mẫu)",
            asker_email=f"nguoi.hoi.{n + 1}@example.com",
            consent_to_publish=True,
            status=QuestionStatus.PUBLISHED,
            answer=answer,
            public_title=title,
            public_body=body,
            created_at=answered_at - timedelta(days=5),
            answered_at=answered_at,
            published_at=answered_at,
            finished_at=answered_at,
            notified_at=answered_at,
        )
        created["questions"] += 1
    if province is not None and not Question.objects.filter(title=WAITING[0]).exists():
        topic, _ = Topic.objects.get_or_create(name="Giáo dục")
        Question.objects.create(
            portal=province,
            topic=topic,
            title=WAITING[0],
            body=WAITING[1],
            asker_name="Người hỏi (dữ liệu mẫu)",
            asker_email="nguoi.hoi.cho@example.com",
            consent_to_publish=True,
        )
        created["questions"] += 1

    index, new = _child(
        national,
        ConsultationIndexPage,
        CONSULTATION_SLUG,
        title="Lấy ý kiến dự thảo văn bản",
        intro="<p>Góp ý cho toàn bộ dự thảo hoặc cho từng điều trong thời hạn lấy ý kiến.</p>",
    )
    created["sections"] += new
    _draft_page, new = _draft(index, OPEN_DRAFT, now - timedelta(days=3), now + timedelta(days=60))
    created["drafts"] += new
    closed, new = _draft(
        index,
        CLOSED_DRAFT,
        now - timedelta(days=90),
        now - timedelta(days=30),
        response=CLOSED_DRAFT["response"],
    )
    created["drafts"] += new
    if new:
        articles = list(closed.articles.order_by("sort_order"))
        for n, (article_index, organisation, body) in enumerate(CLOSED_DRAFT["comments"]):
            article = articles[article_index] if article_index is not None else None
            Comment.objects.create(
                consultation=closed,
                portal=national,
                article=article,
                article_label=str(article) if article else "",
                author_name="Người góp ý (dữ liệu mẫu)",
                organisation=organisation,
                email=f"gop.y.{n + 1}@example.com",
                body=body,
                status=CommentStatus.APPROVED,
                created_at=now - timedelta(days=60 - n),
                moderated_at=now - timedelta(days=45),
            )
            created["comments"] += 1

    if stdout is not None:
        urls = [page.url for page in (*qa.values(), index) if isinstance(page, Page)]
        stdout.write(
            "Citizens' demo: {sections} sections, {questions} questions, {drafts} drafts, "
            "{comments} comments created. Try: {urls} and /cong-dan/nhan-tin/".format(
                urls=", ".join(u for u in urls if u), **created
            )
        )
    return created
