RSpec.describe InvoiceStore do
  it "writes to the configured bucket" do
    stub_const("InvoiceStore::BUCKET", "acme-heroku-invoices-test")
  end
end
