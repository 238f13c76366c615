from ingest.exports import archive_dsn, local_dsn


def test_archive_dsn_names_the_database():
    assert archive_dsn("2024_06").endswith("/2024_06")


def test_local_dsn_is_local():
    assert "@localhost:5432/" in local_dsn("ingest_test")
