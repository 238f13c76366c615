class CreateClientsAndInvoices < ActiveRecord::Migration[6.1]
  def change
    create_table :clients do |t|
      t.string :name, null: false
      t.string :billing_email, null: false
      t.string :currency, null: false, default: "USD"
      t.timestamps
    end
    add_index :clients, :billing_email, unique: true

    create_table :invoices do |t|
      t.references :client, null: false, foreign_key: true
      t.string :number, null: false
      t.integer :status, null: false, default: 0
      t.bigint :total_cents, null: false, default: 0
      t.string :total_currency, null: false, default: "USD"
      t.date :due_on
      t.datetime :last_reminded_at
      t.text :notes
      t.timestamps
    end
  end
end
