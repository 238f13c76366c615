# frozen_string_literal: true

module Ledgerly
  # Connection budget for the standard-0 Postgres plan (120 connections).
  # Every web dyno runs WEB_CONCURRENCY puma workers with RAILS_MAX_THREADS
  # threads each; Sidekiq needs concurrency + 2.
  module Capacity
    PG_CONNECTION_LIMIT = 120
    MAX_DYNOS = 4
    HEADROOM = 10 # release phase, heroku run console, pg:psql

    module_function

    def web_connections(workers:, threads:)
      MAX_DYNOS * workers * threads
    end

    def fits?(workers:, threads:, sidekiq_concurrency:)
      web_connections(workers: workers, threads: threads) +
        sidekiq_concurrency + 2 + HEADROOM <= PG_CONNECTION_LIMIT
    end
  end
end
