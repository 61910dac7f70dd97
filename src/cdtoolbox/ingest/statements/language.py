"""The language a statement is written in: English, French or German, told apart by
lingua-language-detector restricted to those three (the fewer languages, the surer and the
faster it is)."""

from __future__ import annotations

from typing import Any

__all__ = ["LANGUAGES", "LanguageReader"]

#: ISO 639-1 codes of the languages the reader reads.
LANGUAGES = ("en", "fr", "de")
# Enough running text to tell three languages apart (a title and a paragraph); reading more
# only costs time: the detector's time grows with the text.
_SAMPLE = 700
_MINIMUM_LETTERS = 20


class LanguageReader:
    """Tells English, French and German apart with one lingua detector, built with the
    statement reader (its models load in a fraction of a second) and kept with it."""

    def __init__(self) -> None:
        from lingua import Language, LanguageDetectorBuilder

        self._detector: Any = (
            LanguageDetectorBuilder.from_languages(
                Language.ENGLISH, Language.FRENCH, Language.GERMAN
            )
            .with_preloaded_language_models()
            .build()
        )

    def detect(self, text: str) -> str | None:
        """``en``, ``fr`` or ``de``; ``None`` when the text has too few letters to tell."""
        sample = text[:_SAMPLE]
        if sum(map(str.isalpha, sample)) < _MINIMUM_LETTERS:
            return None
        found = self._detector.detect_language_of(sample)
        return None if found is None else str(found.iso_code_639_1.name).lower()
