using System.Text.Json;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Hosting;

public class HttpTriggerRequestTests
{
    [Fact]
    public void From_reads_route_values_query_and_headers_of_the_fixture()
    {
        var request = InvocationRequest.Parse("query", "inv", FixtureFiles.ReadJson("http-query.json"));

        var http = HttpTriggerRequest.From(request);

        Assert.Equal("GET", http.Method);
        Assert.Equal("election", http.Params["job"]);
        Assert.Equal("votes-per-hour", http.Params["window"]);
        Assert.Equal("Ada Lovelace", http.Params["key"]);
        Assert.Equal("2026-03-16T12:00:00Z", http.Query["asOf"]);
        Assert.Equal("application/json", http.Headers["accept"]);
        Assert.Null(http.Body);
    }

    [Fact]
    public void A_query_sent_as_an_object_is_read_too()
    {
        using var req = JsonDocument.Parse("{\"Method\":\"GET\",\"Query\":{\"a\":\"1\"},\"Body\":\"{}\"}");

        var http = HttpTriggerRequest.Parse(req.RootElement);

        Assert.Equal("1", http.Query["a"]);
        Assert.Equal("{}", http.Body);
        Assert.Empty(http.Params);
    }

    [Fact]
    public void A_non_http_invocation_is_named()
    {
        var request = InvocationRequest.Parse("sweeper", "inv", FixtureFiles.ReadJson("timer.json"));

        var error = Assert.Throws<InvalidPayloadException>(() => HttpTriggerRequest.From(request));

        Assert.Equal("Data.req", error.Path);
    }

    [Fact]
    public void Malformed_params_are_named()
    {
        using var req = JsonDocument.Parse("{\"Params\":[1]}");

        var error = Assert.Throws<InvalidPayloadException>(() => HttpTriggerRequest.Parse(req.RootElement));

        Assert.Equal("Data.req.Params", error.Path);
    }
}
