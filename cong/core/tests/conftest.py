"""A small but lifelike public site for the browser tests: portals with news, directives pushed
down, an article with a picture, organisation and contact pages."""

from datetime import UTC, datetime, timedelta

import pytest
import wagtail_factories
from factory.django import ImageField

from cong.network.tests.factories import AboutPageFactory, ContactPageFactory
from cong.news.tests.factories import ArticlePageFactory, TopicFactory

PARAGRAPHS = [
    "Sáng nay, tại trụ sở Ủy ban nhân dân, lãnh đạo địa phương đã chủ trì hội nghị sơ kết công "
    "tác sáu tháng đầu năm và triển khai nhiệm vụ trọng tâm sáu tháng cuối năm.",
    "Báo cáo tại hội nghị cho biết, các chỉ tiêu chủ yếu về phát triển kinh tế - xã hội đều đạt "
    "và vượt kế hoạch; công tác cải cách hành chính, chuyển đổi số tiếp tục có chuyển biến rõ nét.",
    "Phát biểu kết luận, Chủ tịch Ủy ban nhân dân đề nghị các cơ quan, đơn vị tập trung giải ngân "
    "vốn đầu tư công, bảo đảm an sinh xã hội và chủ động phòng, chống thiên tai.",
]
FEATURED = "Hà Nội sơ kết sáu tháng đầu năm"


def _body(image=None):
    blocks = [("paragraph", f"<p>{PARAGRAPHS[0]}</p>")]
    if image is not None:
        blocks.append(
            (
                "image",
                {
                    "image": image,
                    "alt_text": "Toàn cảnh hội nghị sơ kết tại hội trường Ủy ban nhân dân",
                    "caption": "Quang cảnh hội nghị.",
                },
            )
        )
    blocks += [
        ("subheading", "Nhiệm vụ trọng tâm sáu tháng cuối năm"),
        ("paragraph", f"<p>{PARAGRAPHS[1]}</p>"),
        (
            "quote",
            {"quote": "Lấy người dân làm trung tâm phục vụ.", "attribution": "Chủ tịch UBND"},
        ),
        ("paragraph", f"<p>{PARAGRAPHS[2]}</p>"),
    ]
    return blocks


@pytest.fixture
def public_site(small_network):
    portals, sections = small_network["portals"], small_network["sections"]
    image = wagtail_factories.ImageFactory(
        title="Hội nghị sơ kết", file=ImageField(width=1200, height=675, color="#8a6d3b")
    )
    topic = TopicFactory(name="Cải cách hành chính")
    start = datetime(2025, 7, 21, 1, 0, tzinfo=UTC)
    for key in ("hanoi", "badinh"):
        ContactPageFactory(
            parent=portals[key],
            address="Số 12 phố Lê Lai, Hà Nội",
            phone="024 3825 3536",
            email="vanphong@hanoi.gov.vn",
            office_hours="Thứ Hai – Thứ Sáu, 8:00–17:00",
        )
        AboutPageFactory(parent=portals[key], functions=f"<p>{PARAGRAPHS[2]}</p>")

    headlines = {
        "nation": ["Chính phủ họp phiên thường kỳ tháng 7", "Thủ tướng tiếp đoàn doanh nghiệp"],
        "hanoi": ["Hà Nội sơ kết sáu tháng đầu năm", "Thông xe cầu vượt nút giao phía Tây"],
        "hue": ["Huế chuẩn bị Festival mùa hè"],
        "badinh": ["Phường Ba Đình ra quân làm sạch đường phố", "Tiếp công dân định kỳ tháng 7"],
        "hoankiem": ["Hoàn Kiếm chỉnh trang phố cổ"],
    }
    articles = {}
    step = 0
    for key, titles in headlines.items():
        for title in titles:
            step += 1
            articles[title] = ArticlePageFactory(
                parent=sections[key]["news"],
                title=title,
                sapo=PARAGRAPHS[0],
                dateline="Hà Nội",
                byline="Minh Anh",
                source="Cổng Thông tin điện tử",
                published_at=start + timedelta(hours=step),
                body=_body(image if title == FEATURED else None),
                seo_image=image if title in (FEATURED, headlines["nation"][0]) else None,
            )
    directives = [
        ("nation", "Công điện về chủ động ứng phó với bão số 3", {"directive_scope": "all"}),
        ("hanoi", "Chỉ thị về bảo đảm trật tự đô thị mùa mưa", {"directive_scope": "all"}),
        ("badinh", "Kế hoạch tổng vệ sinh môi trường của phường", {}),
    ]
    for key, title, fields in directives:
        step += 1
        articles[title] = ArticlePageFactory(
            parent=sections[key]["directives"],
            title=title,
            sapo=PARAGRAPHS[1],
            published_at=start + timedelta(hours=step),
            body=_body(),
            **fields,
        )
    featured = articles[FEATURED]
    featured.topics.add(topic)
    featured.tags.add("sơ kết", "kinh tế - xã hội")
    featured.save()
    small_network["articles"] = articles
    small_network["featured"] = featured
    return small_network
