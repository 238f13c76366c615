class CreateTechnicians < ActiveRecord::Migration[7.0]
  def change
    enable_extension "citext"

    create_table :technicians do |t|
      t.citext :email, null: false
      t.string :name, null: false
      t.timestamps
    end
    add_index :technicians, :email, unique: true
  end
end
