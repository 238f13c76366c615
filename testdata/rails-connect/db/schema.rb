# This file is auto-generated from the current state of the database. Instead
# of editing this file, please use the migrations feature of Active Record to
# incrementally modify your database, and then regenerate this schema definition.

ActiveRecord::Schema[7.1].define(version: 2024_10_02_144512) do
  # These are extensions that must be enabled in order to support this database
  enable_extension "citext"
  enable_extension "hstore"
  enable_extension "pg_stat_statements"
  enable_extension "plpgsql"

  create_table "technicians", force: :cascade do |t|
    t.citext "email", null: false
    t.string "name", null: false
    t.hstore "skills", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["email"], name: "index_technicians_on_email", unique: true
  end

  create_table "dispatches", force: :cascade do |t|
    t.bigint "technician_id", null: false
    t.string "work_order_sfid", limit: 18, null: false
    t.string "status", default: "scheduled", null: false
    t.datetime "scheduled_for", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["work_order_sfid"], name: "index_dispatches_on_work_order_sfid"
  end

  add_foreign_key "dispatches", "technicians"
end
