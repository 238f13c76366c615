namespace :stats do
  desc "Print the 20 slowest queries"
  task slow_queries: :environment do
    rows = ActiveRecord::Base.connection.select_all(<<~SQL)
      SELECT calls, round(mean_exec_time::numeric, 1) AS mean_ms, left(query, 120) AS query
      FROM pg_stat_statements
      ORDER BY total_exec_time DESC
      LIMIT 20
    SQL
    rows.each { |r| puts "#{r["calls"]}\t#{r["mean_ms"]}\t#{r["query"]}" }
  end
end
