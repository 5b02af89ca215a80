"""Find LibreOffice for the board pack's DOCX/XLSX papers (converted to PDF, headless).

Prints where it is. If there is none, says exactly what to install and exits 1: the board
pack tests convert real Word and Excel files, so they need it (the portal itself runs without
it and lists such papers as "circulated separately").
"""

from __future__ import annotations

import os
import shutil
import sys

INSTALL = {
    "Debian / Ubuntu": "sudo apt-get install -y --no-install-recommends "
                       "libreoffice-writer-nogui libreoffice-calc-nogui",
    "Fedora": "sudo dnf install -y libreoffice-writer libreoffice-calc",
    "macOS (Homebrew)": "brew install --cask libreoffice",
}


def main() -> int:
    program = os.environ.get("BOARD_PACK_CONVERTER", "soffice")
    found = shutil.which(program) if program else None
    if found:
        print(f"LibreOffice: {found}")
        return 0
    print(f"LibreOffice ({program or 'soffice'}) was not found. The board pack tests convert "
          "DOCX/XLSX papers with it. Install it:", file=sys.stderr)
    for system, command in INSTALL.items():
        print(f"  {system}: {command}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
