class PushStatusJob
  include Sidekiq::Job

  def perform(dispatch_id)
    dispatch = Dispatch.find(dispatch_id)
    order = Salesforce::WorkOrder.find_by!(sfid: dispatch.work_order_sfid)
    order.update!(status: dispatch.status.titleize)
    # Heroku Connect picks the change up from salesforce._trigger_log.
  end
end
