class EnableCitextForBillingEmail < ActiveRecord::Migration[7.0]
  def up
    # Plain enable_extension "citext" is rejected by Heroku's event trigger
    # since Aug 2022 (SQLSTATE P0001), so name the schema explicitly.
    execute "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA heroku_ext"
    change_column :clients, :billing_email, :citext, null: false
  end

  def down
    change_column :clients, :billing_email, :string, null: false
  end
end
