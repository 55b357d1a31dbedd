"""The printable certificate: A4, English on the left, Arabic on the right, the QR drawn as vectors.

reportlab does not shape Arabic, so text goes through arabic-reshaper (contextual presentation forms, which the
bundled Amiri font carries) and python-bidi (visual right-to-left order) before drawing. The QR is emitted as
PDF rectangles: vectors decode from a 75-dpi rasterisation where an embedded bitmap fails (design §7).
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from functools import cache, lru_cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from identity.certificates.payload import CertificateClaims
from identity.certificates.qr import QUIET_ZONE, QrSymbol

# Binary (not ASCII85) streams: without the optional rl_accel extension ASCII85 alone costs ~20 ms per page.
rl_config.useA85 = 0
# reportlab deflates every stream at zlib's default level 6 with no setting to change it; its single Flate filter
# object is the documented extension point ("stream filters are objects ... to support parameters"). Level 1
# saves ~3 ms per certificate (a quarter of the PDF's cost) for ~10 % more bytes (30 -> 33 kB).
pdfdoc.PDFZCompress.encode = lambda data: zlib.compress(data.encode("utf8") if isinstance(data, str) else data, 1)
FONTS_DIR = Path(__file__).parent / "fonts"
MODULE_MIN = 0.34 * mm  # 4 printer dots at 300 dpi (BSI TR-03137)
QR_MIN_SIDE = 40 * mm  # symbol without quiet zone (>= 30 mm asked); bigger scans from farther away
MARGIN = 18 * mm  # >= 10 mm keeps printers from clipping a finder pattern

TITLES = {
    "id-card-statement": ("Identity Card Statement", "إفادة بطاقة الهوية"),
    "death-certificate": ("Death Certificate", "شهادة وفاة"),
    "birth-certificate": ("Birth Certificate", "شهادة ميلاد"),
}
LABELS = {
    "cpr": ("Personal number (CPR)", "الرقم الشخصي"),
    "name_en": ("Name", "الاسم باللغة الإنجليزية"),
    "name_ar": ("Name in Arabic", "الاسم"),
    "nationality": ("Nationality", "الجنسية"),
    "birth_date": ("Date of birth", "تاريخ الميلاد"),
    "card_number": ("Identity card number", "رقم بطاقة الهوية"),
    "card_expiry": ("Card expiry date", "تاريخ انتهاء البطاقة"),
    "date_of_death": ("Date of death", "تاريخ الوفاة"),
    "purpose": ("Purpose", "الغرض"),
    "serial": ("Serial number", "الرقم التسلسلي"),
    "issued_at": ("Issued", "تاريخ الإصدار"),
    "expires_at": ("Valid until", "صالحة حتى"),
}
# Demonyms of the register's nationalities (ISO 3166-1 alpha-3); any other code is printed as it is.
NATIONALITIES = {
    "BHR": ("Bahraini", "بحريني"), "SAU": ("Saudi", "سعودي"), "EGY": ("Egyptian", "مصري"),
    "JOR": ("Jordanian", "أردني"), "SYR": ("Syrian", "سوري"), "IND": ("Indian", "هندي"),
    "PAK": ("Pakistani", "باكستاني"), "BGD": ("Bangladeshi", "بنغلاديشي"), "PHL": ("Filipino", "فلبيني"),
    "GBR": ("British", "بريطاني"), "USA": ("American", "أمريكي"), "KWT": ("Kuwaiti", "كويتي"),
    "ARE": ("Emirati", "إماراتي"), "QAT": ("Qatari", "قطري"), "OMN": ("Omani", "عماني"),
}  # fmt: skip
NOTE_EN = "Scan the code with any Bawaba verifier, or check it at"
NOTE_AR = "امسح الرمز بأي تطبيق تحقق من بوابة أو تحقق منه عبر"


@cache
def _register_fonts() -> None:
    # Registered once per process: parsing the TTF costs ~20 ms; each PDF then embeds only the glyphs it uses.
    # One Arabic face only: every embedded font is subset and compressed per document (~4 ms each).
    pdfmetrics.registerFont(TTFont("Amiri", str(FONTS_DIR / "Amiri-Regular.ttf")))


@lru_cache(maxsize=8192)
def shape_arabic(text: str) -> str:
    """Logical-order Arabic -> joined glyph forms in visual (left-to-right drawing) order."""
    return get_display(arabic_reshaper.reshape(text))


def _date(epoch: int | None) -> str:
    if epoch is None:
        return "—"
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _rows(claims: CertificateClaims) -> list[tuple[str, str, bool]]:
    """(label key, value, value is Arabic) in print order; each value is printed once, centred."""
    rows = [
        ("cpr", claims.cpr, False),
        ("name_en", claims.name_en, False),
        ("name_ar", claims.name_ar, True),
        ("nationality", claims.nationality, False),
        ("birth_date", claims.birth_date, False),
    ]
    optional = ("card_number", "card_expiry", "date_of_death", "purpose")
    rows += [(key, getattr(claims, key), False) for key in optional if getattr(claims, key)]
    rows += [("serial", claims.serial, False), ("issued_at", _date(claims.issued_at), False)]
    if claims.expires_at is not None:
        rows.append(("expires_at", _date(claims.expires_at), False))
    return rows


def _fit(font: str, size: float, text: str, width: float) -> float:
    """The largest font size <= size (down to 7 pt) at which text fits the width: long four-part names shrink."""
    natural = pdfmetrics.stringWidth(text, font, size)
    return size if natural <= width else max(7.0, size * width / natural)


def qr_geometry(symbol: QrSymbol) -> tuple[float, float]:
    """(module size, side with quiet zone) in points: >= 32 mm of symbol, never modules under 0.34 mm."""
    module = max(MODULE_MIN, QR_MIN_SIDE / symbol.size)
    return module, (symbol.size + 2 * QUIET_ZONE) * module


def _draw_qr(pdf: canvas.Canvas, symbol: QrSymbol, x: float, y: float) -> float:
    """Draw the symbol with its quiet zone, bottom-left at (x, y); return the side in points."""
    module, side = qr_geometry(symbol)
    pdf.setFillGray(1)
    pdf.rect(x, y, side, side, stroke=0, fill=1)
    # One "re" operator per dark run in module units under a scaling matrix, written directly: a reportlab path
    # object per run costs several times more. Rows count down from the top, so flip the y axis.
    ops = [f"{col} {-row - 1} {n} 1 re" for row, col, n in symbol.runs]
    pdf.saveState()
    pdf.setFillGray(0)
    pdf.transform(module, 0, 0, module, x + QUIET_ZONE * module, y + side - QUIET_ZONE * module)
    pdf.addLiteral("\n".join(ops) + "\nf")
    pdf.restoreState()
    return side


def render_pdf(claims: CertificateClaims, symbol: QrSymbol, verify_url: str, lang: str = "en") -> bytes:
    _register_fonts()
    out = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
    title_en, title_ar = TITLES[claims.type]
    pdf.setTitle(f"{title_en} {claims.serial}")
    pdf.setAuthor("Kingdom of Bahrain - Bawaba")
    pdf.setSubject(f"{title_en} / {title_ar}")
    left, right = MARGIN, width - MARGIN
    middle = width / 2

    y = height - MARGIN - 4 * mm
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(left, y, "Kingdom of Bahrain · Bawaba e-Government")
    pdf.setFont("Amiri", 13)
    pdf.drawRightString(right, y, shape_arabic("مملكة البحرين · بوابة الحكومة الإلكترونية"))
    y -= 14 * mm
    # The requested language leads: its title is printed first and larger.
    lead_en = lang != "ar"
    pdf.setFont("Helvetica-Bold", 20 if lead_en else 15)
    pdf.drawString(left, y, title_en)
    pdf.setFont("Amiri", 24 if not lead_en else 18)
    pdf.drawRightString(right, y, shape_arabic(title_ar))
    y -= 6 * mm
    pdf.setLineWidth(0.8)
    pdf.line(left, y, right, y)
    y -= 10 * mm

    for key, value, arabic in _rows(claims):
        label_en, label_ar = LABELS[key]
        pdf.setFont("Helvetica", 8.5)
        pdf.setFillGray(0.35)
        pdf.drawString(left, y + 4.5 * mm, label_en)
        pdf.setFont("Amiri", 10)
        pdf.drawRightString(right, y + 4.5 * mm, shape_arabic(label_ar))
        pdf.setFillGray(0)
        if key == "nationality" and value in NATIONALITIES:  # "Bahraini (BHR)" left of centre, "بحريني" right of it
            demonym_en, demonym_ar = NATIONALITIES[value]
            pdf.setFont("Helvetica-Bold", 11.5)
            pdf.drawRightString(middle - 2 * mm, y, f"{demonym_en} ({value})")
            pdf.setFont("Amiri", 13)
            pdf.drawString(middle + 2 * mm, y, shape_arabic(demonym_ar))
        else:
            font, text = ("Amiri", shape_arabic(value)) if arabic else ("Helvetica-Bold", value)
            pdf.setFont(font, _fit(font, 13 if arabic else 11.5, text, right - left - 70 * mm))
            pdf.drawCentredString(middle, y, text)
        pdf.setStrokeGray(0.85)
        pdf.setLineWidth(0.4)
        pdf.line(left, y - 2.5 * mm, right, y - 2.5 * mm)
        y -= 11.5 * mm

    qr_y = MARGIN + 22 * mm
    side = _draw_qr(pdf, symbol, middle - qr_geometry(symbol)[1] / 2, qr_y)
    pdf.setFillGray(0)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawCentredString(middle, qr_y - 6 * mm, claims.serial)
    pdf.setFont("Helvetica", 8.5)
    pdf.drawString(left, qr_y - 13 * mm, NOTE_EN)
    pdf.drawString(left, qr_y - 17.5 * mm, verify_url)
    pdf.setFont("Amiri", 10)
    pdf.drawRightString(right, qr_y - 13 * mm, shape_arabic(NOTE_AR))
    pdf.setFont("Helvetica", 8.5)
    pdf.drawRightString(right, qr_y - 17.5 * mm, verify_url)
    pdf.setFont("Helvetica", 7)
    pdf.setFillGray(0.4)
    pdf.drawCentredString(middle, qr_y + side + 3 * mm, f"QR: version {symbol.version}, error correction Q")
    pdf.showPage()
    pdf.save()
    return out.getvalue()
