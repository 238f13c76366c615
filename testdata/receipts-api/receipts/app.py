import os

from flask import Flask, jsonify, request

from .ocr import extract_total


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["OCR_LANGUAGES"] = os.environ.get("OCR_LANGUAGES", "eng")

    @app.post("/receipts")
    def upload():
        image = request.files["image"]
        total = extract_total(image.stream, app.config["OCR_LANGUAGES"])
        return jsonify({"total": total}), 201

    @app.get("/up")
    def up():
        return "ok"

    return app
