import re

import pytesseract
from PIL import Image

TOTAL = re.compile(r"(?:total|summe)\s*[:€$]?\s*(\d+[.,]\d{2})", re.IGNORECASE)


def extract_total(stream, languages):
    text = pytesseract.image_to_string(Image.open(stream), lang=languages)
    match = TOTAL.search(text)
    return match.group(1).replace(",", ".") if match else None
