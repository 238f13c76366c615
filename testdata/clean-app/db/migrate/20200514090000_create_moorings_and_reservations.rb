class CreateMooringsAndReservations < ActiveRecord::Migration[6.0]
  def change
    enable_extension "citext"
    enable_extension "pgcrypto"

    create_table :moorings do |t|
      t.string :code, null: false, index: { unique: true }
      t.integer :max_length_ft, null: false
      t.timestamps
    end

    create_table :reservations, id: :uuid do |t|
      t.references :mooring, null: false, foreign_key: true, index: false
      t.string :boat_name, null: false
      t.citext :contact_email, null: false
      t.integer :status, null: false, default: 0
      t.timestamptz :starts_at, null: false
      t.timestamptz :ends_at, null: false
      t.timestamps
    end
    add_index :reservations, %i[mooring_id starts_at]
  end
end
