namespace :archive do
  desc "Copy last year's invoices out of the old bucket (run once, before the cutover)"
  task copy: :environment do
    InvoiceStore.new.copy_from("acme-heroku-invoices-production")
  end
end
