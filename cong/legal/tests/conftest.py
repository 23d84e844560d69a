import datetime

import pytest

from cong.legal.tests.factories import DocumentFactory, DocumentIndexPageFactory


@pytest.fixture
def registry(small_network):
    """Registry pages on the national portal and Hà Nội, with a few documents."""
    portals = small_network["portals"]
    pages = {
        "nation": DocumentIndexPageFactory(parent=portals["nation"]),
        "hanoi": DocumentIndexPageFactory(parent=portals["hanoi"]),
    }
    documents = {
        "qd06": DocumentFactory(
            number="06/2013/QĐ-TTg",
            abstract="Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Cổng Thông "
            "tin điện tử Chính phủ",
            issued_on=datetime.date(2013, 1, 24),
            effective_on=datetime.date(2013, 3, 15),
            signer="Nguyễn Tấn Dũng",
            signer_position="Thủ tướng",
        ),
        "nd46": DocumentFactory(
            number="46/2016/NĐ-CP",
            abstract="Quy định xử phạt vi phạm hành chính trong lĩnh vực giao thông đường bộ "
            "và đường sắt",
            issued_on=datetime.date(2016, 5, 26),
            effective_on=datetime.date(2016, 8, 1),
        ),
        "nd100": DocumentFactory(
            number="100/2019/NĐ-CP",
            abstract="Quy định xử phạt vi phạm hành chính trong lĩnh vực giao thông đường bộ "
            "và đường sắt (thay thế Nghị định 46/2016/NĐ-CP)",
            issued_on=datetime.date(2019, 12, 30),
            effective_on=datetime.date(2020, 1, 1),
        ),
        "hanoi12": DocumentFactory(
            number="12/2020/QĐ-UBND",
            abstract="Ban hành quy định về quản lý chợ trên địa bàn thành phố",
            unit=portals["hanoi"].unit,
            issued_on=datetime.date(2020, 6, 1),
        ),
    }
    return {"pages": pages, "documents": documents, **small_network}
