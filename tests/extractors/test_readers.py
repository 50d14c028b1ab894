import hashlib
from pathlib import Path

import docx
import pytest

from ecokg.errors import ReadError
from extractors.readers import iter_paths, iter_text_chunks, read_file

SEEDS = Path(__file__).parents[2].parent / "shared" / "corpus" / "seeds"

CHINESE = (
    "周浦医院与中国科学院上海药物研究所签订战略合作协议，开展人才培养和项目联合申报。\n"
    "比如东方医院共启动了12个医企合作项目；七院聚焦创新中药转化与上海中医药大学进行了战略合作。\n"
)


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ASCII ``lines`` in Helvetica, with a correct xref table."""
    shown = " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
        for line in lines
    )
    content = f"BT /F1 12 Tf 72 720 Td 16 TL {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_seed_is_read_with_its_name_and_content_hash():
    path = SEEDS / "000_00b92ad298f331f0.txt"
    raw = read_file(path)
    assert raw.doc == "000_00b92ad298f331f0.txt"
    assert raw.id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert raw.format == "txt"
    assert "浦科经委办理〔2025〕54号" in raw.text


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]
)
def test_text_encodings_read_identically(tmp_path, encoding):
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(CHINESE.encode(encoding))
    assert read_file(path).text == CHINESE


def test_short_gbk_text_is_not_mistaken_for_korean(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("东方医院".encode("gbk"))
    assert read_file(path).text == "东方医院"


def test_gbk_seed_reads_like_the_utf8_seed(tmp_path):
    seed = SEEDS / "001_ecd96f040428c031.txt"
    text = seed.read_text(encoding="utf-8")
    gbk = tmp_path / seed.name
    gbk.write_bytes(text.encode("gb18030"))
    assert read_file(gbk).text == text
    assert read_file(gbk).id != read_file(seed).id  # the id hashes the bytes, not the text


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + bytes(200), b"\xff\xd8\xff\xe0" + bytes(range(1, 200))],
    ids=["all-bytes", "png", "jpeg"],
)
def test_binary_file_is_refused_by_name(tmp_path, content):
    path = tmp_path / "scan.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match="scan.txt"):
        read_file(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t ", "。，、 12 3\n——".encode()])
def test_file_without_text_is_empty(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=r"blank\.txt.*is empty"):
        read_file(path)


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(CHINESE * 10, encoding="utf-8")
    with pytest.raises(ReadError, match=r"big\.txt.*limit"):
        read_file(path, max_bytes=100)
    assert read_file(path, max_bytes=10_000).text == CHINESE * 10


def test_missing_and_unsupported_files_are_named(tmp_path):
    with pytest.raises(ReadError, match="nothing.txt"):
        read_file(tmp_path / "nothing.txt")
    sheet = tmp_path / "table.xlsx"
    sheet.write_bytes(b"PK")
    with pytest.raises(ReadError, match=r"table\.xlsx.*unsupported"):
        read_file(sheet)


def test_pdf_text_is_extracted(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(minimal_pdf(["Zhangjiang Biomedicine Report", "Phase (II) results"]))
    raw = read_file(path)
    assert raw.format == "pdf"
    assert raw.text.splitlines() == ["Zhangjiang Biomedicine Report", "Phase (II) results"]


@pytest.mark.parametrize(
    "content",
    [minimal_pdf(["cut short"])[:80], b"%PDF-1.4\nthis is not really a pdf", b"hello"],
    ids=["truncated", "garbage", "not-pdf"],
)
def test_broken_pdf_is_a_read_error_naming_the_file(tmp_path, content):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=r"broken\.pdf.*not a readable PDF"):
        read_file(path)


def test_docx_paragraphs_and_tables_are_read_in_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("周浦医院与中国科学院上海药物研究所签订战略合作协议。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "东方医院"
    table.cell(0, 1).text = "12个项目"
    document.add_paragraph("最后一段。")
    path = tmp_path / "reply.docx"
    document.save(path)
    raw = read_file(path)
    assert raw.format == "docx"
    assert raw.text.splitlines() == [
        "周浦医院与中国科学院上海药物研究所签订战略合作协议。",
        "东方医院\t12个项目",
        "最后一段。",
    ]


def test_broken_docx_is_a_read_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not a zip archive")
    with pytest.raises(ReadError, match=r"broken\.docx"):
        read_file(path)


NEWS_PAGE = """<html><head><meta charset="{charset}"><title>东方医院与某生物公司签署战略合作协议</title></head>
<body>
<nav><ul><li><a href="/">网站首页</a></li><li><a href="/news">新闻中心</a></li>
<li><a href="/about">机构概况</a></li><li><a href="/contact">联系我们</a></li></ul></nav>
<article><h1>东方医院与某生物公司签署战略合作协议</h1>
<p>3月5日，上海市东方医院与上海某生物科技有限公司在浦东签署战略合作协议，双方将在细胞治疗领域开展临床研究合作。</p>
<p>根据协议，双方将共建联合实验室，推动创新药物的临床转化，并联合申报国家重点研发计划项目。</p>
<p>东方医院相关负责人表示，此次合作是医院推进产医融合的重要举措。</p></article>
<footer>版权所有 2025 沪ICP备12345号</footer></body></html>"""


@pytest.mark.parametrize(("suffix", "charset"), [(".html", "utf-8"), (".htm", "gbk")])
def test_html_main_text_without_navigation(tmp_path, suffix, charset):
    path = tmp_path / f"news{suffix}"
    path.write_bytes(NEWS_PAGE.format(charset=charset).encode(charset))
    raw = read_file(path)
    assert raw.format == "html"
    lines = raw.text.splitlines()
    assert lines[0] == "东方医院与某生物公司签署战略合作协议"
    assert "根据协议，双方将共建联合实验室，推动创新药物的临床转化，并联合申报国家重点研发计划项目。" in lines
    assert "新闻中心" not in raw.text and "机构概况" not in raw.text


def test_iter_paths_walks_directories_sorted_and_skips_hidden(tmp_path):
    for name in ["b.txt", "a.pdf", "sub/c.docx", "sub/deeper/d.htm", "notes.md", ".hidden.txt",
                 ".git/e.txt", "sub/~$lock.docx", "UPPER.TXT"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [path.relative_to(tmp_path).as_posix() for path in iter_paths([tmp_path])]
    assert found == ["UPPER.TXT", "a.pdf", "b.txt", "sub/c.docx", "sub/deeper/d.htm"]


def test_iter_paths_passes_files_through_once(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    explicit = tmp_path / "notes.md"  # read_file will report it: the user asked for it
    found = list(iter_paths([tmp_path / "a.txt", tmp_path, explicit, str(tmp_path / "a.txt")]))
    assert found == [tmp_path / "a.txt", explicit]


def test_text_chunks_cut_at_boundaries_and_rebuild_the_text():
    text = ("第一句话很长很长。第二句话也很长！" * 30 + "\n") * 20
    chunks = list(iter_text_chunks(text, max_chars=700))
    assert "".join(chunk.text for chunk in chunks) == text
    assert all(len(chunk.text) <= 700 for chunk in chunks)
    for chunk in chunks:
        assert text[chunk.start:chunk.start + len(chunk.text)] == chunk.text
        assert chunk.text[-1] in "\n。！？" or chunk is chunks[-1]
    # A line break is preferred over a sentence end when the window holds one.
    assert chunks[0].text.endswith("\n")


def test_text_chunks_cut_sentences_when_no_line_break_and_hard_when_nothing():
    sentences = "东方医院共启动了12个医企合作项目。" * 10
    chunks = list(iter_text_chunks(sentences, max_chars=50))
    assert all(chunk.text.endswith("。") for chunk in chunks)
    assert "".join(chunk.text for chunk in chunks) == sentences
    unbroken = "无标点" * 40
    assert [len(chunk.text) for chunk in iter_text_chunks(unbroken, max_chars=50)] == [50, 50, 20]
    assert list(iter_text_chunks("", max_chars=50)) == []
