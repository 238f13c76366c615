require "net/http"

class PartnerClient
  BASE = URI("https://partners.example.com/v2/")

  def get(path)
    request = Net::HTTP::Get.new(BASE + path)
    request["Authorization"] = "Bearer #{ENV.fetch("LEGACY_PARTNER_TOKEN")}"
    Net::HTTP.start(BASE.host, BASE.port, use_ssl: true) { |http| http.request(request) }
  end
end
