using System.Net;
using System.Text;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.LocalHost;

namespace ServerlessStreams.Functions.Tests.LocalHost;

public class HandlerClientTests
{
    [Theory]
    [InlineData(HttpStatusCode.OK, "{\"Outputs\":{},\"Logs\":[],\"ReturnValue\":null}", true)]
    [InlineData(HttpStatusCode.OK, "{}", true)]
    [InlineData(HttpStatusCode.OK, "[]", false)]
    [InlineData(HttpStatusCode.OK, "done", false)]
    [InlineData(HttpStatusCode.NoContent, "", false)]
    [InlineData(HttpStatusCode.InternalServerError, "{\"Logs\":[\"boom\"]}", false)]
    [InlineData(HttpStatusCode.NotFound, "{}", false)]
    public async Task An_invocation_succeeds_only_with_2xx_and_a_json_object(HttpStatusCode status, string body, bool succeeds)
    {
        HttpRequestMessage? sent = null;
        using var http = new HttpClient(new StubHandler(request =>
        {
            sent = request;
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
        }));
        var client = new HandlerClient(http, new Uri("http://127.0.0.1:7071/"));

        var outcome = await client.InvokeAsync("stage-votes", KafkaTriggerPayload.Encode([]), "inv-1", CancellationToken.None);

        Assert.Equal(succeeds, outcome.Succeeded);
        Assert.Equal((int)status, outcome.StatusCode);
        Assert.Equal(HttpMethod.Post, sent!.Method);
        Assert.Equal("/stage-votes", sent.RequestUri!.AbsolutePath);
        Assert.Equal("inv-1", sent.Headers.GetValues(InvocationRequest.InvocationIdHeader).Single());
        if (!succeeds) Assert.Contains("stage-votes", outcome.Error);
    }

    [Fact]
    public async Task An_unreachable_handler_is_a_failure_not_an_exception()
    {
        using var http = new HttpClient(new StubHandler(_ => throw new HttpRequestException("connection refused")));
        var client = new HandlerClient(http, new Uri("http://127.0.0.1:7071/"));

        var outcome = await client.InvokeAsync("sweeper", KafkaTriggerPayload.Encode([]), "inv-2", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("connection refused", outcome.Error);
    }

    [Fact]
    public async Task The_payload_goes_as_its_utf8_json_bytes()
    {
        byte[]? sentBody = null;
        string? sentType = null;
        using var http = new HttpClient(new RecordingHandler(async request =>
        {
            sentBody = await request.Content!.ReadAsByteArrayAsync();
            sentType = request.Content.Headers.ContentType?.ToString();
        }));
        var client = new HandlerClient(http, new Uri("http://127.0.0.1:7071/"));
        using var payload = KafkaTriggerPayload.Encode([new KafkaEventRecord("votes", 0, 7, 0, "k", "{\"name\":\"ü\"}")]);

        var outcome = await client.InvokeAsync("stage-votes", payload, "inv-3", CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal(payload.Utf8Body.ToArray(), sentBody);
        Assert.Equal("application/json; charset=utf-8", sentType);
    }

    private sealed class RecordingHandler(Func<HttpRequestMessage, Task> record) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await record(request);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8) };
        }
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
