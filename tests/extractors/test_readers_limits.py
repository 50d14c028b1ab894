"""Readers and cleaning against hostile input: wrong encodings, mojibake, ZIP bombs, deep HTML, endless lines."""
from __future__ import annotations

import re
import zipfile

import docx
import pytest

from ecokg.errors import ReadError
from extractors.clean import MAX_SENTENCE_CHARS, clean_text
from extractors.readers import read_file

SIMPLIFIED = "上海交通大学医学院附属瑞金医院与复旦大学签订战略合作协议，双方将在临床研究、人才培养等方面开展合作。\n" * 3
TRADITIONAL = "上海交通大學醫學院附屬瑞金醫院與復旦大學簽訂戰略合作協議，雙方將在臨床研究、人才培養等方面開展合作。\n" * 3


def test_big5_is_read_as_big5_not_as_gb18030(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))  # these bytes also decode as GB18030, into rare characters
    assert read_file(path).text == TRADITIONAL


@pytest.mark.parametrize("garble, said", [
    (lambda text: text.encode("utf-8").decode("latin-1"), "Latin-1 letters"),
    (lambda text: text.encode("utf-8").decode("cp1252", errors="replace"), "replacement characters"),
    (lambda text: text.encode("gbk").decode("big5", errors="replace"), "replacement characters"),
    (lambda text: TRADITIONAL.encode("big5").decode("gb18030"), "rare ones"),
], ids=["utf8-as-latin1", "utf8-as-cp1252", "gbk-as-big5", "big5-as-gb18030"])
def test_mojibake_is_a_read_error_naming_the_file(tmp_path, garble, said):
    path = tmp_path / "garbled.txt"
    path.write_text(garble(SIMPLIFIED), encoding="utf-8")
    with pytest.raises(ReadError, match=rf"garbled\.txt: looks like mojibake: .*{said}.*save it as UTF-8"):
        read_file(path)


def test_a_text_with_a_few_rare_characters_is_no_mojibake(tmp_path):
    path = tmp_path / "rare.txt"
    path.write_text(SIMPLIFIED * 5 + "昇腾、堃、喆、犇。", encoding="utf-8")
    assert read_file(path).text.endswith("犇。")


def test_a_docx_that_is_no_zip_is_a_clear_error(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"old Word document" * 10)
    with pytest.raises(ReadError, match=r"old\.docx: is not a \.docx file: not a ZIP archive"):
        read_file(path)


def write_docx(path, text=SIMPLIFIED):
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))


def test_a_zip_bomb_docx_is_refused_by_its_declared_size(tmp_path):
    path = tmp_path / "bomb.docx"
    write_docx(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(64):
                member.write(bytes(1 << 20))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(ReadError, match=r"bomb\.docx: unpacks to more than .*ZIP bomb"):
        read_file(path, max_bytes=4 << 20)


def test_a_member_unpacking_to_more_than_it_declares_is_refused(tmp_path):
    path = tmp_path / "liar.docx"
    write_docx(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("word/document.xml")
    # the declared size in the central directory says 10 bytes; the member is much longer
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert member.file_size > 10
    with pytest.raises(ReadError, match=r"liar\.docx"):
        read_file(path)


def test_a_normal_docx_is_read(tmp_path):
    path = tmp_path / "fine.docx"
    write_docx(path)
    assert "瑞金医院" in read_file(path).text


def test_html_nested_deeper_than_lxml_parses_keeps_its_text(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 3000 + "<p>复旦大学与瑞金医院合作。</p>" + "</div>" * 3000
                    + "<script>var hidden = '不是正文';</script></body></html>", encoding="utf-8")
    text = read_file(path).text
    assert "复旦大学与瑞金医院合作。" in text and "不是正文" not in text


def test_script_only_html_holds_no_text(tmp_path):
    path = tmp_path / "script.html"
    path.write_text("<html><head><script>document.write('复旦大学');</script></head><body></body></html>")
    with pytest.raises(ReadError, match=r"script\.html: is empty: it holds no text"):
        read_file(path)


def test_the_size_limit_is_ecokg_max_upload_bytes(tmp_path, monkeypatch):
    from ecokg.settings import get_settings

    path = tmp_path / "big.txt"
    path.write_text(SIMPLIFIED * 100, encoding="utf-8")
    monkeypatch.setenv("ECOKG_MAX_UPLOAD_BYTES", "1000")
    get_settings.cache_clear()
    try:
        with pytest.raises(ReadError, match=r"big\.txt: .* more than the limit of 1,000 \(ECOKG_MAX_UPLOAD_BYTES\)"):
            read_file(path)
    finally:
        get_settings.cache_clear()


def test_an_endless_line_is_cut_into_bounded_sentences_mapped_to_the_original():
    original = "开头。" + "上海交通大学医学院附属瑞金医院与复旦大学开展合作研究" * 400 + "，并且" * 300 + "。结尾"
    cleaned = clean_text(original)
    assert max(map(len, re.split("[。\n]", cleaned.text))) <= MAX_SENTENCE_CHARS
    assert cleaned.text.replace("\n", "") == original
    for i, char in enumerate(cleaned.text):
        if char != "\n":
            assert original[cleaned.to_original(i)] == char


def test_an_endless_line_without_commas_is_cut_before_a_conjunction_not_inside_a_name():
    piece = "上海交通大学医学院附属瑞金医院与复旦大学开展合作研究"
    cleaned = clean_text(piece * 400)
    lines = cleaned.text.split("\n")
    assert len(lines) > 1 and all(line.startswith("与") for line in lines[1:])
    assert all("上海交通大学医学院附属瑞金医院" in line for line in lines[:-1])


def test_sentences_of_ordinary_length_are_not_cut():
    text = "复旦大学" + "与瑞金医院" * 100 + "合作。"
    assert clean_text(text).text == text
