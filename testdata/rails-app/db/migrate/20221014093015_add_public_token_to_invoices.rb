class AddPublicTokenToInvoices < ActiveRecord::Migration[7.0]
  def change
    enable_extension "pgcrypto"
    add_column :invoices, :public_token, :uuid, null: false, default: -> { "gen_random_uuid()" }
    add_index :invoices, :public_token, unique: true
  end
end
