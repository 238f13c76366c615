from receipts.ocr import TOTAL


def test_total_pattern():
    assert TOTAL.search("SUMME: 12,40").group(1) == "12,40"
