# frozen_string_literal: true

Rails.application.configure do
  config.lograge.enabled = Rails.env.production?
  config.lograge.formatter = Lograge::Formatters::KeyValue.new
  config.lograge.custom_options = lambda do |event|
    {
      instance: Ledgerly::Instance.name,
      request_id: event.payload[:request_id],
      account_id: event.payload[:account_id]
    }.compact
  end
end
