# The key lives in the platform's config, never in the repository.
Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")
Stripe.max_network_retries = 2
