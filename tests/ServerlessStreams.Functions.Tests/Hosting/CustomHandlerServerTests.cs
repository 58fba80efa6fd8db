using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Hosting;

public class CustomHandlerServerTests : IAsyncLifetime
{
    private readonly CustomHandlerServer _server = new(new CustomHandlerServerOptions { Port = 0 });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public void Port_zero_binds_a_free_loopback_port()
    {
        Assert.InRange(_server.Port, 1, 65535);
        Assert.Equal("127.0.0.1", _server.BaseAddress.Host);
    }

    [Fact]
    public async Task A_registered_function_receives_data_metadata_and_invocation_id()
    {
        InvocationRequest? received = null;
        _server.Map("stage-votes", (request, _) =>
        {
            received = request.Detach();
            return Task.FromResult(new InvocationResult { Logs = ["ok"], ReturnValue = JsonValue.Create(3) });
        });

        using var response = await PostAsync("stage-votes", FixtureFiles.Read("kafka-many-string.json"), "inv-42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadObjectAsync(response);
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Equal("ok", body.GetProperty("Logs")[0].GetString());
        Assert.Equal(3, body.GetProperty("ReturnValue").GetInt32());
        Assert.NotNull(received);
        Assert.Equal("inv-42", received!.InvocationId);
        Assert.Equal("stage-votes", received.FunctionName);
        Assert.Equal(3, KafkaTriggerPayload.Decode(received, "events").Count);
        Assert.Equal("stage-votes", received.Metadata["sys"].GetProperty("MethodName").GetString());
    }

    [Fact]
    public async Task A_body_sent_without_a_length_is_read_as_one_with_it()
    {
        // The host sends Content-Length; a chunked body (no length) takes the other reading path, to the same result.
        var received = new List<int>();
        _server.Map("stage-votes", (request, _) =>
        {
            lock (received) received.Add(KafkaTriggerPayload.Decode(request, "events").Count);
            return Task.FromResult(InvocationResult.Empty());
        });
        var payload = FixtureFiles.Read("kafka-many-string.json");

        using var sized = await PostAsync("stage-votes", payload);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, "stage-votes"))
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(payload))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        using var chunkedResponse = await _http.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.OK, sized.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chunkedResponse.StatusCode);
        Assert.Equal([3, 3], received);
    }

    [Fact]
    public async Task A_large_batch_is_read_from_its_text_to_the_same_records()
    {
        var records = Enumerable.Range(0, 400)
            .Select(i => new KafkaEventRecord("votes", i % 4, i, 1_700_000_000_000 + i, $"k{i}",
                "{\"voter\":\"v" + i + "\",\"note\":\"\\\"quoted\\\" \\\\ ü\"}",
                i % 7 == 0 ? [new KafkaHeader("ss-id", Encoding.UTF8.GetBytes($"votes/0/{i}"))] : []))
            .ToList();
        using var payload = KafkaTriggerPayload.Encode(records, functionName: "stage-votes");
        Assert.True(payload.Utf8Body.Length > UnparsedDataStrings.DefaultMinLength);
        var received = new List<KafkaEventRecord>();
        var readFromText = false;
        _server.Map("stage-votes", (request, cancellationToken) =>
        {
            readFromText = request.TryGetUnparsedString("events", out _);
            received.AddRange(KafkaTriggerPayload.Decode(request, "events"));
            return Task.FromResult(InvocationResult.Empty());
        });

        using var response = await PostAsync("stage-votes", payload.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(readFromText);
        Assert.Equal(records, received);
    }

    [Fact]
    public async Task Function_names_match_case_insensitively_like_the_host()
    {
        _server.Map("sweeper", (_, _) => Task.FromResult(InvocationResult.Empty()));

        using var response = await PostAsync("Sweeper", FixtureFiles.Read("timer.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_function_is_a_404_json_object_naming_the_known_ones()
    {
        _server.Map("stage-votes", (_, _) => Task.FromResult(InvocationResult.Empty()));

        using var response = await PostAsync("stage-nope", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await ReadObjectAsync(response);
        var log = body.GetProperty("Logs")[0].GetString()!;
        Assert.Contains("stage-nope", log);
        Assert.Contains("stage-votes", log);
    }

    [Fact]
    public async Task A_throwing_handler_gives_500_with_the_error_in_logs()
    {
        _server.Map("stage-votes", (_, _) => throw new InvalidOperationException("storage is down"));

        using var response = await PostAsync("stage-votes", "{\"Data\":{},\"Metadata\":{}}", "inv-7");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await ReadObjectAsync(response);
        var log = body.GetProperty("Logs")[0].GetString()!;
        Assert.Contains("storage is down", log);
        Assert.Contains("inv-7", log);
    }

    [Fact]
    public async Task An_async_failure_is_a_500_too()
    {
        _server.Map("stage-votes", async (_, cancellationToken) =>
        {
            await Task.Yield();
            throw new TimeoutException("table transaction timed out");
        });

        using var response = await PostAsync("stage-votes", "{}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("table transaction timed out", (await ReadObjectAsync(response)).GetProperty("Logs")[0].GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"Data\":[]}")]
    public async Task A_body_that_is_not_an_invocation_is_a_400_json_object(string body)
    {
        var called = false;
        _server.Map("stage-votes", (_, _) =>
        {
            called = true;
            return Task.FromResult(InvocationResult.Empty());
        });

        using var response = await PostAsync("stage-votes", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await ReadObjectAsync(response)).GetProperty("Logs").ValueKind);
        Assert.False(called);
    }

    [Fact]
    public async Task The_builtin_health_function_answers_as_an_http_trigger()
    {
        _server.Map("query", (_, _) => Task.FromResult(InvocationResult.Empty()));

        using var response = await PostAsync("health", "{\"Data\":{\"req\":{\"Method\":\"GET\"}},\"Metadata\":{}}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var res = (await ReadObjectAsync(response)).GetProperty("Outputs").GetProperty("res");
        Assert.Equal(200, res.GetProperty("statusCode").GetInt32());
        using var inner = JsonDocument.Parse(res.GetProperty("body").GetString()!);
        Assert.Equal("healthy", inner.RootElement.GetProperty("status").GetString());
        Assert.Contains("query", inner.RootElement.GetProperty("functions").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    public async Task Plain_gets_answer_200_for_the_host_readiness_probe(string path)
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseAddress, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await ReadObjectAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_handler_mapped_after_start_is_served_and_replaces_the_previous_one()
    {
        _server.Map("stage-votes", (_, _) => Task.FromResult(InvocationResult.WithLogs("first")));
        _server.Map("stage-votes", (_, _) => Task.FromResult(InvocationResult.WithLogs("second")));

        using var response = await PostAsync("stage-votes", "{}");

        Assert.Equal("second", (await ReadObjectAsync(response)).GetProperty("Logs")[0].GetString());
    }

    [Fact]
    public async Task Stopped_server_refuses_connections()
    {
        await using var server = new CustomHandlerServer();
        await server.StartAsync();
        var address = server.BaseAddress;
        await server.StopAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(address));
    }

    [Fact]
    public void Options_from_environment_read_the_port_the_host_passes()
    {
        var options = CustomHandlerServerOptions.FromEnvironment(name => name == "FUNCTIONS_CUSTOMHANDLER_PORT" ? "7071" : null);

        Assert.Equal(7071, options.Port);
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("seventy", "not a port number")]
    [InlineData("70000", "not a port number")]
    public void Options_from_environment_explain_a_bad_port(string? value, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CustomHandlerServerOptions.FromEnvironment(_ => value));

        Assert.Contains("FUNCTIONS_CUSTOMHANDLER_PORT", error.Message);
        Assert.Contains(problem, error.Message);
    }

    private async Task<HttpResponseMessage> PostAsync(string function, string body, string invocationId = "test")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, function))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(InvocationRequest.InvocationIdHeader, invocationId);
        return await _http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadObjectAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }
}
