import redis


def test_cache_roundtrip(settings):
    client = redis.from_url(settings.CELERY_BROKER_URL, ssl_cert_reqs=None)
    client.set("k", "v")
    assert client.get("k") == b"v"
