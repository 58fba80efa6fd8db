using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Tests.Hosting;

public class InvocationResultTests
{
    [Fact]
    public void An_empty_result_still_has_the_three_members_the_host_reads()
    {
        var json = InvocationResult.Empty().ToJson();

        Assert.Equal("{\"Outputs\":{},\"Logs\":[],\"ReturnValue\":null}", json.ToJsonString());
    }

    [Fact]
    public void Http_puts_status_body_and_headers_in_outputs_res()
    {
        var json = InvocationResult.Http(404, "{\"error\":\"no such key\"}", headers: new Dictionary<string, string> { ["X-Job"] = "election" }).ToJson();

        var res = json["Outputs"]!["res"]!;
        Assert.Equal(404, res["statusCode"]!.GetValue<int>());
        Assert.Equal("{\"error\":\"no such key\"}", res["body"]!.GetValue<string>());
        Assert.Equal("application/json", res["headers"]!["Content-Type"]!.GetValue<string>());
        Assert.Equal("election", res["headers"]!["X-Job"]!.GetValue<string>());
    }

    [Fact]
    public void HttpJson_serialises_the_body()
    {
        var json = InvocationResult.HttpJson(200, new JsonObject { ["count"] = 3 }).ToJson();

        Assert.Equal("{\"count\":3}", json["Outputs"]!["res"]!["body"]!.GetValue<string>());
    }
}
