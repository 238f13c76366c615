# frozen_string_literal: true

module Tidewater
  # Which process we are. Replaces the old Heroku DYNO parsing
  # ("web.1".split(".").first), which broke on Fir-style dyno names anyway.
  module Instance
    module_function

    def process_type
      ENV.fetch("PROCESS_TYPE", "web")
    end

    def name
      "#{process_type}@#{Socket.gethostname}"
    end
  end
end
