module github.com/harborlight/ledger-api

go 1.22.5

require (
	github.com/caarlos0/env/v11 v11.1.0
	github.com/jackc/pgx/v5 v5.6.0
)
