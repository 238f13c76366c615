WAREHOUSE_URL = "postgresql://loader@warehouse.ingest-analytics.example.com:5432/warehouse_test"


def event(source: str = "webhook") -> dict:
    return {"source": source, "payload": {"id": 1}}
