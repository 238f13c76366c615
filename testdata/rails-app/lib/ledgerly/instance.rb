# frozen_string_literal: true

module Ledgerly
  # Identifies the process we are running in, for logs and error reports.
  #
  # DYNO is set by Heroku, e.g. "web.1", "worker.2" or "run.4821" for one-off
  # dynos. Outside Heroku we fall back to "local".
  module Instance
    module_function

    def name
      @name ||= ENV.fetch("DYNO", "local")
    end

    def process_type
      name.split(".").first
    end

    def web?
      process_type == "web"
    end

    def one_off?
      %w[run scheduler].include?(process_type)
    end
  end
end
