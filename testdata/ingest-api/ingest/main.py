from fastapi import FastAPI

from ingest.settings import settings

app = FastAPI(title="ingest-api")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok", "role": settings.process_role}
