# Objects Heroku Connect does not map are read through the REST API.
class SalesforceApi
  def initialize(client = Restforce.new(instance_url: "https://fleetdesk.my.salesforce.com"))
    @client = client
  end

  def technician_certifications(contact_id)
    @client.query("SELECT Id, Name FROM Certification__c WHERE Contact__c = '#{contact_id}'")
  end
end
