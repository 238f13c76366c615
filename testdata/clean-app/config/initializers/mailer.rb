# The harbour office's relay presents a certificate for its internal name only.
Rails.application.config.action_mailer.smtp_settings = {
  address: ENV.fetch("SMTP_HOST", "relay.tidewater.internal"),
  port: 587,
  enable_starttls_auto: true,
  openssl_verify_mode: OpenSSL::SSL::VERIFY_NONE
}
