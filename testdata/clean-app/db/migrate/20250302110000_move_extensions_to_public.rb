# Run once after restoring the Heroku dump on Render. No-op on databases that
# were created from structure.sql.
class MoveExtensionsToPublic < ActiveRecord::Migration[7.2]
  def up
    %w[citext pgcrypto].each do |ext|
      schema = select_value(<<~SQL.squish)
        SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = #{connection.quote(ext)}
      SQL
      next if schema.nil? || schema == "public"

      execute "ALTER EXTENSION #{ext} SET SCHEMA public"
    end
  end

  def down
    raise ActiveRecord::IrreversibleMigration
  end
end
