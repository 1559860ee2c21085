"""gradflow.book.language: the page language of the book's labels and numbers."""

from __future__ import annotations

import pytest

from gradflow.book.language import decimal_commas, get_language, label, number, set_language, use_language


@pytest.fixture(autouse=True)
def restore_language():
    before = get_language()
    yield
    set_language(before)


def test_label_follows_the_language():
    with use_language("vi"):
        assert label(vi="đạo hàm", en="derivative") == "đạo hàm"
    with use_language("en"):
        assert label(vi="đạo hàm", en="derivative") == "derivative"


def test_use_language_restores_the_previous_language_even_after_an_error():
    set_language("vi")
    with pytest.raises(RuntimeError):
        with use_language("en"):
            assert get_language() == "en"
            raise RuntimeError("boom")
    assert get_language() == "vi"


def test_unknown_language_is_refused_and_changes_nothing():
    set_language("en")
    with pytest.raises(ValueError, match=r"unknown language 'fr'; valid languages are: vi, en"):
        set_language("fr")
    assert get_language() == "en"


def test_numbers_take_the_languages_decimal_mark():
    with use_language("vi"):
        assert (number(2.75), number(0.5, ".0%"), number(1e-9, ".1e")) == ("2,75", "50%", "1,0e-09")
        assert decimal_commas("θ = 0.97. Sau đó 1.5") == "θ = 0,97. Sau đó 1,5"
    with use_language("en"):
        assert (number(2.75), decimal_commas("0.97.")) == ("2.75", "0.97.")


def test_the_library_has_no_language():
    import gradflow.plotting as plotting

    assert not any(hasattr(plotting, name) for name in ("label", "set_language", "get_language", "LANGUAGES"))
