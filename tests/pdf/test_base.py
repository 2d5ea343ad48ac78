"""What engines and the documents they are given share."""

from gsef_sessions.pdf.base import map_text


def test_map_text_keeps_shared_parts_shared():
    point = {"text": "a"}
    mapped = map_text({"rounds": [point], "speakers": [point], "count": 2}, str.upper)
    assert mapped == {"rounds": [{"text": "A"}], "speakers": [{"text": "A"}], "count": 2}
    assert mapped["rounds"][0] is mapped["speakers"][0]
