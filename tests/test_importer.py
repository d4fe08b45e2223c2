import json

import pytest

from tandem.importer import ImportProblem, read_replies


def test_csv_with_aliases_and_bom(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("\ufeffQuestion,Response,Site\nHi?,Hello!,reddit\n", encoding="utf-8")
    assert read_replies(path) == [{"comment": "Hi?", "reply": "Hello!", "platform": "reddit", "date": ""}]


def test_json_list_and_object(tmp_path):
    rows = [{"comment": "a", "reply": "b", "platform": "x", "date": "2024-05-01"}]
    (tmp_path / "list.json").write_text(json.dumps(rows))
    (tmp_path / "obj.json").write_text(json.dumps({"replies": rows}))
    assert read_replies(tmp_path / "list.json") == rows == read_replies(tmp_path / "obj.json")


def test_default_platform(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("comment,reply\na,b\n")
    assert read_replies(path, default_platform="tiktok")[0]["platform"] == "tiktok"


@pytest.mark.parametrize("content,where", [
    ("comment,reply\na,b\n,c\n", "line 3"),
    ("comment,reply\na,b\nc,d,e\n", "line 3"),
    ("comment,text\na,b\n", "line 1"),
    ("comment,reply,platform\na,b,myspace\n", "line 2"),
    ('[{"comment": "a", "reply": "b"}, 5]', "item 2"),
    ('[{"comment": "a", "reply": "b"},\n{"comment": ', "line 2"),
    ('{"other": []}', "replies"),
])
def test_bad_rows_name_the_line(tmp_path, content, where):
    path = tmp_path / ("r.json" if content.lstrip()[0] in "[{" else "r.csv")
    path.write_text(content)
    with pytest.raises(ImportProblem, match=where):
        read_replies(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b"comment,reply\n\xff\xfe,x\n")
    with pytest.raises(ImportProblem, match="UTF-8"):
        read_replies(path)


def test_missing_file(tmp_path):
    with pytest.raises(ImportProblem, match="No such file"):
        read_replies(tmp_path / "nope.csv")


def test_progress_reported_for_large_files(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("comment,reply\n" + "".join(f"c{i},r{i}\n" for i in range(2500)))
    seen = []
    assert len(read_replies(path, progress=seen.append)) == 2500
    assert seen == [1000, 2000]


def test_google_takeout_youtube_comments(tmp_path):
    path = tmp_path / "comments.csv"
    path.write_text(
        "Comment ID,Channel ID,Comment create timestamp,Price,Parent comment ID,Post ID,Video ID,Comment text\n"
        'Ugx1,UC1,2024-03-01T10:00:00+00:00,,Ugy9,,vid1,"{""takeoutSegments"":[{""text"":""Thanks so much ""},{""text"":""🍞""}]}"\n'
        'Ugx2,UC1,2024-03-02T10:00:00+00:00,,,,vid2,"{""text"":""Bread flour, always.""}"\n', encoding="utf-8")
    rows = read_replies(path)
    assert [row["reply"] for row in rows] == ["Thanks so much 🍞", "Bread flour, always."]
    assert rows[0]["platform"] == "youtube" and rows[0]["comment"] == "" and rows[0]["date"].startswith("2024-03-01")


def test_takeout_bad_row_named(tmp_path):
    path = tmp_path / "comments.csv"
    path.write_text('Comment ID,Comment text\nUgx1,"{""text"":""ok""}"\nUgx2,"{}"\n', encoding="utf-8")
    with pytest.raises(ImportProblem, match="line 3"):
        read_replies(path)


def test_ten_thousand_rows_with_a_bad_one_imports_nothing(tmp_path):
    path = tmp_path / "big.csv"
    lines = [f"comment {i},reply {i}" for i in range(10_000)]
    lines[7777] = "comment 7777,"
    path.write_text("comment,reply\n" + "\n".join(lines) + "\n")
    with pytest.raises(ImportProblem, match="line 7779"):
        read_replies(path)
