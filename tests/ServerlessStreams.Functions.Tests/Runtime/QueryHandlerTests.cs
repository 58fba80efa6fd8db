using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Runtime;

namespace ServerlessStreams.Functions.Tests.Runtime;

public sealed class QueryHandlerTests
{
    private static InvocationRequest Get(string job, string window, string key, string? extent = null)
    {
        var req = new JsonObject
        {
            ["Method"] = "GET",
            ["Params"] = new JsonObject { ["job"] = job, ["window"] = window, ["key"] = key },
            // As the host sends it: Query is a JSON string holding an object.
            ["Query"] = (extent is null ? new JsonObject() : new JsonObject { ["extent"] = extent }).ToJsonString(),
        };
        using var body = JsonDocument.Parse(new JsonObject { ["Data"] = new JsonObject { ["req"] = req } }.ToJsonString());
        return InvocationRequest.Parse("query", "q-1", body.RootElement);
    }

    private static InvocationRequest MissingRequest()
    {
        using var body = JsonDocument.Parse("""{"Data":{"req":"not a request"}}""");
        return InvocationRequest.Parse("query", "q-2", body.RootElement);
    }

    private static (int Status, JsonNode Body) Response(InvocationResult result)
    {
        var res = result.Outputs[InvocationResult.HttpOutputName]!;
        return (res["statusCode"]!.GetValue<int>(), JsonNode.Parse(res["body"]!.GetValue<string>())!);
    }

    [Fact]
    public async Task Returns_a_windows_state_for_a_key_given_as_plain_text_or_json()
    {
        var rig = new RuntimeRig();
        await rig.Runtime.ProcessAsync("votes", [RuntimeRig.Vote(0, RuntimeRig.VoteJson("v1", "Alice")), RuntimeRig.Vote(1, RuntimeRig.VoteJson("v2", "Alice"))], default);
        var handler = new QueryHandler("election", new WindowQuery(rig.Job, App.AppRegistry.Create(), rig.Store));

        var (status, body) = Response(await handler.HandleAsync(Get("election", "standings", "Alice"), default));
        var (jsonStatus, jsonBody) = Response(await handler.HandleAsync(Get("election", "standings", "%22Alice%22"), default));

        Assert.Equal(200, status);
        Assert.Equal(2, body["extents"]![0]!["state"]!.GetValue<long>());
        Assert.Equal(200, jsonStatus);
        Assert.True(JsonNode.DeepEquals(body, jsonBody));
    }

    [Theory]
    [InlineData("election", "nope", null, 404)]
    [InlineData("other", "standings", null, 404)]
    [InlineData("election", "standings", "x", 400)]
    [InlineData("election", "standings", "", 400)]
    public async Task Answers_errors_with_a_status_and_a_message(string job, string window, string? extent, int expected)
    {
        var rig = new RuntimeRig();
        var handler = new QueryHandler("election", new WindowQuery(rig.Job, App.AppRegistry.Create(), rig.Store));

        var request = extent == "" ? MissingRequest() : Get(job, window, "Alice", extent);
        var (status, body) = Response(await handler.HandleAsync(request, default));

        Assert.Equal(expected, status);
        Assert.False(string.IsNullOrEmpty(body["error"]!.GetValue<string>()));
    }
}
