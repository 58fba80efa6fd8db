using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Functions.Tests.Observability;

/// <summary>An OTLP/HTTP endpoint on a loopback port that accepts every export and remembers what arrived.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> arrivals = new(StringComparer.Ordinal);

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<(string Path, string? ContentType, long Length)> Requests { get; } = new();

    /// <summary>
    /// Waits until a request for <paramref name="path"/> has arrived. Flushing a batch span processor
    /// can return once spans are taken for export, before the HTTP request is sent, so tests wait here.
    /// </summary>
    public async Task WaitForRequestAsync(string path, TimeSpan timeout)
    {
        try
        {
            await Arrival(path).Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No OTLP export to {path} within {timeout.TotalSeconds} s; received: {string.Join(", ", Requests.Select(r => r.Path))}");
        }
    }

    private TaskCompletionSource Arrival(string path) =>
        arrivals.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Received((string Path, string? ContentType, long Length) request)
    {
        Requests.Enqueue(request);
        Arrival(request.Path).TrySetResult();
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver!.Received((context.Request.Path.Value ?? string.Empty, context.Request.ContentType, body.Length));
            // An empty protobuf message is a valid ExportServiceResponse.
            context.Response.ContentType = "application/x-protobuf";
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        receiver = new OtlpReceiver(app, new Uri(address));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
