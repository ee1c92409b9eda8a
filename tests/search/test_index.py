"""The index of record (kb_search.index): Whoosh BM25F over analysed stems."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb_search.index import FIELD_WEIGHTS, SearchDoc, build_index, snippet_of


def article(id_: str, title: str, body: str = "", **extra: object) -> SearchDoc:
    return SearchDoc(id=id_, url=f"/{id_}/", title=title, body=body, **extra)  # type: ignore[arg-type]


def faq(page: str, anchor: str, question: str, answer: str) -> SearchDoc:
    return SearchDoc(
        id=f"{page}#{anchor}",
        url=f"/{page}/#{anchor}",
        title=question,
        breadcrumb="Help > FAQ",
        body=answer,
        kind="question",
        anchor=anchor,
    )


def corpus_en() -> list[SearchDoc]:
    return [
        article(
            "router-setup",
            "Router setup",
            "Plug the cable in and wait for the light.",
            keywords=["wifi", "modem"],
            headings=["Before you start", "Plug in"],
            summary="Set up your new router in five minutes.",
        ),
        article(
            "speed",
            "Slow internet",
            "Restart the router when pages load slowly.",
            headings=["Check the speed"],
            summary="What to do when browsing is slow.",
        ),
        article(
            "printer-connect",
            "Connect a printer",
            "The printer is connected by USB or over the network.",
            keywords=["printing"],
            summary="Add a printer to your computer.",
        ),
        article(
            "printer-ink",
            "Replace the ink cartridge",
            "Open the printer cover and swap the cartridge.",
            summary="Ink and toner.",
        ),
        article(
            "connections",
            "Manage connections",
            "See every device with active connections to your account.",
            keywords=["devices"],
            summary="Devices and sessions.",
        ),
        article(
            "billing",
            "Billing and invoices",
            "Download invoices as PDF from the billing page.",
            keywords=["payment", "receipt"],
            summary="Where to find your invoices.",
        ),
        article(
            "payment-methods",
            "Payment methods",
            "We accept cards and bank transfers. Billing happens monthly.",
            summary="Ways to pay.",
        ),
        article(
            "password",
            "Reset your password",
            "Use the forgotten password link on the sign-in page.",
            keywords=["login", "credentials"],
            summary="Locked out? Reset it.",
        ),
        article(
            "two-factor",
            "Two-factor authentication",
            "Protect the account with a second factor such as an authenticator app.",
            headings=["Authenticator apps", "Recovery codes"],
            summary="Extra security.",
        ),
        article(
            "account-delete",
            "Delete your account",
            "Deleting the account removes invoices, devices and connections permanently.",
            summary="Closing an account for good.",
        ),
        article(
            "notifications",
            "Email notifications",
            "Choose which emails you receive. Notifications can be turned off.",
            keywords=["email", "alerts"],
            summary="Control the emails we send.",
        ),
        article(
            "privacy",
            "Privacy and data",
            "Export your data or ask us to erase it.",
            headings=["Export", "Erase"],
            summary="Your data, your choice.",
        ),
        article(
            "mobile-app",
            "Mobile app",
            "Install the app from the store and sign in.",
            keywords=["android", "iphone"],
            summary="Use the service on your phone.",
        ),
        article(
            "troubleshooting",
            "Troubleshooting checklist",
            "Restart, update, and check the cable. Still stuck? Contact support.",
            headings=["Restart", "Update", "Contact support"],
            summary="First steps.",
        ),
        faq(
            "faq",
            "router-lights",
            "What do the router lights mean?",
            "Green means connected, red means no signal.",
        ),
        faq(
            "faq",
            "change-email",
            "How do I change my email address?",
            "Open the profile page and edit the email field.",
        ),
        faq("faq", "refund", "Can I get a refund?", "Refunds are possible within 30 days."),
        faq(
            "faq",
            "cancel",
            "How do I cancel my subscription?",
            "Cancel anytime from the billing page; invoices stay available.",
        ),
    ]


def corpus_el() -> list[SearchDoc]:
    return [
        article(
            "el-router",
            "Ρύθμιση δρομολογητή",
            "Συνδέστε το καλώδιο και περιμένετε.",
            summary="Εγκατάσταση του νέου δρομολογητή.",
        ),
        article(
            "el-printer",
            "Σύνδεση εκτυπωτή",
            "Ο εκτυπωτής συνδέεται μέσω USB ή δικτύου.",
            keywords=["εκτύπωση"],
            summary="Προσθήκη εκτυπωτή.",
        ),
        article(
            "el-billing",
            "Χρεώσεις και τιμολόγια",
            "Κατεβάστε τα τιμολόγια σε PDF.",
            summary="Πού θα βρείτε τα τιμολόγια.",
        ),
        article(
            "el-password",
            "Επαναφορά κωδικού",
            "Χρησιμοποιήστε τον σύνδεσμο επαναφοράς.",
            summary="Ξεχάσατε τον κωδικό πρόσβασης;",
        ),
        article(
            "el-account",
            "Διαγραφή λογαριασμού",
            "Η διαγραφή αφαιρεί τα τιμολόγια.",
            summary="Κλείσιμο λογαριασμού.",
        ),
        faq(
            "el-faq",
            "refund",
            "Μπορώ να πάρω επιστροφή χρημάτων;",
            "Ναι, μέσα σε 30 ημέρες από την αγορά.",
        ),
    ]


def corpus_fa() -> list[SearchDoc]:
    return [
        article(
            "fa-router",
            "راه‌اندازی روتر",
            "کابل را وصل کنید و منتظر بمانید.",
            summary="نصب روتر جدید.",
        ),
        article(
            "fa-printer",
            "اتصال چاپگر",
            "چاپگر از طریق شبکه یا کابل وصل می‌شود.",
            summary="افزودن چاپگر به رایانه.",
        ),
        article(
            "fa-billing",
            "صورتحساب و فاکتور",
            "فاکتورها را به صورت PDF دریافت کنید.",
            summary="محل فاکتورهای شما.",
        ),
        article(
            "fa-password",
            "بازنشانی گذرواژه",
            "از پیوند فراموشی گذرواژه استفاده کنید.",
            summary="گذرواژه را فراموش کرده‌اید؟",
        ),
        article(
            "fa-account",
            "حذف حساب",
            "حذف حساب همه فاکتورها را پاک می‌کند.",
            summary="بستن حساب کاربری.",
        ),
        faq("fa-faq", "refund", "آیا می‌توانم پول را پس بگیرم؟", "بله، تا ۳۰ روز پس از خرید."),
    ]


CORPORA = {"en": corpus_en, "el": corpus_el, "fa": corpus_fa}


def ids(hits: list) -> list[str]:
    return [hit.id for hit in hits]


def test_title_match_beats_body_match() -> None:
    record = build_index(
        [
            article("body", "Other things", "A long text that mentions the gateway once."),
            article("title", "Gateway", "Nothing else here at all, really."),
        ],
        "en",
    )
    assert ids(record.search("gateway")) == ["title", "body"]


def test_field_weights_order_title_keywords_headings_summary_body() -> None:
    def doc(id_: str, field: str) -> SearchDoc:
        def text(name: str) -> str:
            return f"zebra {name}" if name == field else f"plain {name}"

        return SearchDoc(
            id=id_,
            url=f"/{id_}/",
            title=text("title"),
            keywords=[text("keywords")],
            headings=[text("headings")],
            summary=text("summary"),
            body=text("body"),
        )

    docs = [
        doc(id_, field)
        for id_, field in [
            ("b", "body"),
            ("s", "summary"),
            ("h", "headings"),
            ("k", "keywords"),
            ("t", "title"),
        ]
    ]
    record = build_index(docs, "en")
    assert ids(record.search("zebra")) == ["t", "k", "h", "s", "b"]
    assert list(FIELD_WEIGHTS) == ["title", "keywords", "headings", "summary", "body"]


def test_faq_questions_are_separate_docs_with_anchors() -> None:
    record = build_index(corpus_en(), "en")
    hits = record.search("refund")
    assert hits[0].id == "faq#refund"
    assert hits[0].url == "/faq/#refund"
    assert hits[0].title == "Can I get a refund?"
    top = record.search("lights mean")[0]
    assert top.url == "/faq/#router-lights"


def test_stems_shared_between_inflections() -> None:
    record = build_index(corpus_en(), "en")
    found = ids(record.search("connections"))
    assert "printer-connect" in found  # "connected" shares the stem
    assert record.surfaces["connected"] == record.surfaces["connections"]


@pytest.mark.parametrize(
    "lang,query,expected",
    [
        ("el", "εκτυπωτή", "el-printer"),
        ("el", "τιμολόγια", "el-billing"),
        ("fa", "چاپگر", "fa-printer"),
        ("fa", "گذرواژه", "fa-password"),
    ],
)
def test_other_languages(lang: str, query: str, expected: str) -> None:
    record = build_index(CORPORA[lang](), lang)
    assert record.search(query)[0].id == expected


def test_on_disk_index(tmp_path: Path) -> None:
    record = build_index(corpus_en(), "en", directory=tmp_path / "ix")
    assert record.doc_count == len(corpus_en())
    assert record.search("password")[0].id == "password"
    assert any((tmp_path / "ix").iterdir())


def test_deterministic_ties_follow_doc_order() -> None:
    docs = [article(f"d{i}", "Same title", "same body") for i in range(5)]
    assert ids(build_index(docs, "en").search("same")) == [f"d{i}" for i in range(5)]


def test_snippet_is_short_and_from_summary() -> None:
    doc = article("x", "T", "word " * 200, summary="")
    assert len(snippet_of(doc)) <= 301
    assert snippet_of(article("y", "T", "body", summary="Summary  text")) == "Summary text"


def test_concurrent_builds_do_not_share_temp_files() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        records = list(
            pool.map(lambda lang: build_index(CORPORA[lang](), lang), ["en", "el", "fa", "en"])
        )
    assert [r.doc_count for r in records] == [
        len(CORPORA[lang]()) for lang in ["en", "el", "fa", "en"]
    ]


def reference_build(docs: list[SearchDoc], lang: str):  # type: ignore[no-untyped-def]
    """The plain Whoosh way: add_document per document (the tokenizer analyses each field),
    then commit. build_index must write exactly this segment, faster."""
    from kb_search.index import StemTokenizer, make_schema, writer_codec
    from whoosh.filedb.filestore import RamStorage

    index = RamStorage().create_index(make_schema(StemTokenizer(lang)), indexname="ref")
    writer = index.writer(codec=writer_codec())
    for doc in docs:
        writer.add_document(
            id=doc.id, url=doc.url, display_title=doc.title, breadcrumb=doc.breadcrumb,
            kind=doc.kind, anchor=doc.anchor, facets=dict(doc.facets), snippet=snippet_of(doc),
            title=doc.title,
            keywords="\n".join(doc.keywords), headings="\n".join(doc.headings),
            summary=doc.summary, body=doc.body,
        )
    surfaces: dict[str, str] = {}
    for name in ("title", "keywords", "headings", "summary", "body"):
        surfaces.update(writer.schema[name].analyzer.surfaces)
    writer.commit()
    return index, surfaces


def segment_files(index) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    (segment,) = index._segments()
    assert segment.is_compound()
    compound = segment.open_compound_file(index.storage)
    files = {}
    for name in compound.list():
        with compound.open_file(name) as f:
            files[name.split(".", 1)[1]] = bytes(f.read())
    return files


@pytest.mark.parametrize("lang", ["en", "el", "fa"])
def test_index_is_the_segment_whoosh_writes(lang: str) -> None:
    """build_index analyses each document once and feeds Whoosh's segment writers itself;
    the segment is byte for byte the one add_document + commit write, and the postings kept
    for the export are Whoosh's."""
    from dataclasses import replace

    from kb_search.export import collect_postings, read_postings

    from tests.search.test_export import synthetic

    docs = CORPORA[lang]() + [
        article("empty", "Empty"),
        article("empty", "Same id twice", "", keywords=["x"], summary="s"),
    ]
    if lang == "en":  # postings over several Whoosh blocks (128 postings each)
        docs += [replace(doc, body=doc.body + " shared") for doc in synthetic(300)]
    record = build_index(docs, lang)
    index, surfaces = reference_build(docs, lang)
    assert record.surfaces == surfaces
    files = segment_files(record.index)
    assert {"pst", "trm", "_stored.col", "_title_len.col", "_body_len.col"} <= files.keys()
    assert files == segment_files(index)
    assert record.postings is not None
    assert collect_postings(record) == read_postings(record) == record.postings
