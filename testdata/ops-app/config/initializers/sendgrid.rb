Rails.application.config.action_mailer.smtp_settings = {
  address: "smtp.sendgrid.net",
  port: 587,
  user_name: "apikey",
  password: ENV["SENDGRID_API_KEY"],
  authentication: :plain,
  enable_starttls_auto: true
}
