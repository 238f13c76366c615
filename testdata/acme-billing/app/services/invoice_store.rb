# Stores rendered invoices. On Heroku the bucket was acme-heroku-invoices-production;
# the comment above is history, not code.
class InvoiceStore
  BUCKET = "acme-heroku-invoices-production"

  def initialize(client: Aws::S3::Client.new)
    @client = client
  end

  def put(invoice)
    @client.put_object(bucket: BUCKET, key: "#{invoice.id}.pdf", body: invoice.pdf)
  end
end
