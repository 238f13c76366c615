class OccupancyReportJob
  include Sidekiq::Job
  sidekiq_options queue: :reports

  def perform(date = nil)
    day = date ? Date.parse(date) : Time.current.to_date.yesterday
    OccupancyReport.new(day).deliver
  end
end
