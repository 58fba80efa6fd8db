using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// TEMPORARY, for the local pipeline only until the local host drives the isolated worker over gRPC (see
/// <see cref="Runtime.JobHost"/>); the deployed app is the isolated worker (<see cref="Worker.JobFunctions"/>).
/// The custom handler's web server: Kestrel on 127.0.0.1, <c>POST /{functionName}</c> dispatched to the handler
/// registered under that name. Every answer is a JSON object; a handler that throws gets a 500 (the host then fails
/// and retries the invocation), an unknown function a 404. <c>GET /</c> and <c>GET /health</c> answer 200 — the host
/// probes the root until the server listens.
/// </summary>
public sealed class CustomHandlerServer : IAsyncDisposable
{
    private readonly CustomHandlerServerOptions _options;
    private readonly ConcurrentDictionary<string, IInvocationHandler> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private WebApplication? _app;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public CustomHandlerServer(CustomHandlerServerOptions? options = null)
    {
        _options = options ?? new CustomHandlerServerOptions();
        _handlers[Generation.FunctionNames.Health] = new HealthHandler(() => FunctionNames);
    }

    /// <summary>The port actually bound; valid once <see cref="StartAsync"/> has finished.</summary>
    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public IReadOnlyCollection<string> FunctionNames => _handlers.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Registers (or replaces) the handler of a function; allowed before and after start.</summary>
    public CustomHandlerServer Map(string functionName, IInvocationHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[functionName] = handler;
        return this;
    }

    public CustomHandlerServer Map(string functionName, Func<InvocationRequest, CancellationToken, Task<InvocationResult>> handler) =>
        Map(functionName, new DelegateInvocationHandler(handler));

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null) throw new InvalidOperationException("The custom handler server is already started.");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        _options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, _options.Port);
            kestrel.Limits.MaxRequestBodySize = _options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        var app = builder.Build();
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<CustomHandlerServer>();
        app.MapGet("/", WriteHealthAsync);
        app.MapGet("/" + Generation.FunctionNames.Health, WriteHealthAsync);
        app.MapPost("/{functionName}", InvokeAsync);
        app.MapFallback(context => WriteAsync(context, StatusCodes.Status404NotFound,
            ErrorBody($"no route {context.Request.Method} {context.Request.Path}; invocations are POST /{{functionName}}")));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Port = BoundPort(app);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null) return;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task InvokeAsync(HttpContext context)
    {
        var functionName = (string)context.Request.RouteValues["functionName"]!;
        if (!_handlers.TryGetValue(functionName, out var handler))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound,
                ErrorBody($"no function '{functionName}'; this app has [{string.Join(", ", FunctionNames)}]")).ConfigureAwait(false);
            return;
        }

        var invocationId = context.Request.Headers[InvocationRequest.InvocationIdHeader].ToString();
        InvocationBody? body = null;
        InvocationRequest request;
        try
        {
            body = await InvocationBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            // The request reads from the body's document, which lives until the handler has answered.
            request = body.Borrow(functionName, invocationId);
        }
        catch (Exception e) when (e is JsonException or InvalidPayloadException)
        {
            body?.Dispose();
            await WriteAsync(context, StatusCodes.Status400BadRequest,
                ErrorBody($"function '{functionName}' invocation {invocationId}: the body is not an invocation payload: {e.Message}")).ConfigureAwait(false);
            return;
        }

        using (body)
        {
            InvocationResult result;
            try
            {
                result = await handler.HandleAsync(request, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Function {Function} invocation {InvocationId} failed", functionName, invocationId);
                await WriteAsync(context, StatusCodes.Status500InternalServerError,
                    ErrorBody($"function '{functionName}' invocation {invocationId} failed: {e.GetType().Name}: {e.Message}")).ConfigureAwait(false);
                return;
            }
            await WriteAsync(context, StatusCodes.Status200OK, result.ToJson()).ConfigureAwait(false);
        }
    }

    private Task WriteHealthAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status200OK, HealthHandler.Body(FunctionNames));

    private static JsonObject ErrorBody(string message) =>
        InvocationResult.WithLogs(message).ToJson();

    private static async Task WriteAsync(HttpContext context, int statusCode, JsonObject body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port > 0) return uri.Port;
        }
        throw new InvalidOperationException($"Kestrel reported no bound address ([{string.Join(", ", addresses)}]).");
    }
}
