"""Make the small fonts embedded in the grids' PDFs: DejaVu Sans cut down to the characters of French text.

A PDF form field embeds its whole font, so that a person can type in it; the full DejaVu Sans would add
350 kB to every PDF. Run once after changing the character set, then commit generator/assets/fonts/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "generator" / "assets" / "fonts"
# Basic Latin, Latin-1, Œ œ Ÿ, typographic quotes and dashes, ellipsis, euro, spaces used by French typography.
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+0152-0153,U+0178,U+02BC,U+2010-2014,U+2018-201E,U+2022,U+2026,U+202F,U+20AC,U+2122"
)


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, out in (
        ("DejaVuSans.ttf", "dejavu-sans-latin.ttf"),
        ("DejaVuSans-Bold.ttf", "dejavu-sans-bold-latin.ttf"),
    ):
        options = subset.Options()
        options.layout_features = ["kern"]  # no ligatures: "fi" must stay "f" + "i" when text is copied or read aloud
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(SOURCE / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        font.save(str(TARGET / out))
        print(f"{TARGET / out}: {(TARGET / out).stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
