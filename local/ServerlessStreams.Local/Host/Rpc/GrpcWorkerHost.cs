using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// The Functions host's side of the worker protocol on this machine: a gRPC server on 127.0.0.1 serving
/// <c>FunctionRpc.EventStream</c>, the built worker started as the host starts it, the handshake, and invocations.
/// A worker that exits, closes its stream or leaves an invocation unanswered past the invocation timeout is started
/// again; the invocations in flight fail, so their batches are delivered again.
/// </summary>
internal sealed partial class GrpcWorkerHost : IFunctionInvoker, IAsyncDisposable
{
    private readonly GrpcWorkerHostOptions _options;
    private readonly ILogger _logger;
    private readonly WorkerConnections _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _http;
    private TaskCompletionSource<WorkerSession> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _server;
    private Task? _supervisor;
    private string? _workerPath;
    private int _port;
    private int _starts;

    public GrpcWorkerHost(GrpcWorkerHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<GrpcWorkerHost>();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = options.InvocationTimeout,
        };
    }

    /// <summary>Raised after each worker start that reached the point of taking invocations: 1 for the first, 2 after one restart…</summary>
    public event Action<int>? WorkerReady;

    /// <summary>The functions the current worker loaded, by name.</summary>
    public IReadOnlyDictionary<string, WorkerFunction> Functions => Current.Functions;

    /// <summary>The current worker's capabilities from its WorkerInitResponse.</summary>
    public IReadOnlyDictionary<string, string> Capabilities => Current.Capabilities;

    /// <summary>The current worker's process id.</summary>
    public int WorkerProcessId => Current.Process.Id;

    /// <summary>The port of the gRPC server the worker connects to.</summary>
    public int Port => _port;

    private WorkerSession Current => _ready.Task.IsCompletedSuccessfully
        ? _ready.Task.Result
        : throw new InvalidOperationException("the worker is not ready: call StartAsync first (or it is being restarted)");

    /// <summary>Starts the gRPC server and the worker; completes once the worker has loaded its functions.</summary>
    /// <exception cref="WorkerStartException">The worker did not start; the message says why.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) throw new InvalidOperationException("the worker host is started already");
        _workerPath = WorkerLocator.Locate(_options.AppDirectory, _options.WorkerPath);
        _server = BuildServer();
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _server.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _port = new Uri(address).Port;

        var session = await StartSessionAsync(cancellationToken).ConfigureAwait(false);
        _ready.TrySetResult(session);
        Ready();
        _supervisor = Task.Run(() => SuperviseAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task<InvocationStatus> InvokeAsync(string functionName, InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = new CancellationTokenSource(_options.InvocationTimeout);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        WorkerSession session;
        try
        {
            session = await _ready.Task.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return InvocationStatus.Failure($"{functionName}: no worker was ready within {_options.InvocationTimeout}");
        }
        if (!session.Functions.TryGetValue(functionName, out var function))
        {
            return InvocationStatus.Failure($"the worker has no function '{functionName}'; it loaded [{string.Join(", ", session.Functions.Keys)}]");
        }
        request.FunctionId = function.FunctionId;
        if (string.IsNullOrEmpty(request.InvocationId)) request.InvocationId = Guid.NewGuid().ToString();
        if (!session.Capabilities.ContainsKey(TypedDataCollections.Capability)) TypedDataCollections.AsJson(request);
        // The host always sends the invocation's W3C trace context, and the worker reads it.
        request.TraceContext ??= new RpcTraceContext
        {
            TraceParent = System.Diagnostics.Activity.Current?.Id
                ?? $"00-{System.Diagnostics.ActivityTraceId.CreateRandom()}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-00",
            TraceState = System.Diagnostics.Activity.Current?.TraceStateString ?? string.Empty,
        };

        try
        {
            var response = await session.Channel.InvokeAsync(request, limit.Token).ConfigureAwait(false);
            return response.Result?.Status == StatusResult.Types.Status.Success
                ? InvocationStatus.Success
                : InvocationStatus.Failure($"{functionName} (invocation {request.InvocationId}) failed: {WorkerSession.Describe(response.Result)}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var problem = $"{functionName} (invocation {request.InvocationId}) got no response within {_options.InvocationTimeout}";
            session.Channel.End(problem);
            return InvocationStatus.Failure(problem);
        }
        catch (WorkerChannelException e)
        {
            return InvocationStatus.Failure($"{functionName} (invocation {request.InvocationId}): {e.Message}");
        }
        catch (RpcMessageTooLargeException e)
        {
            return InvocationStatus.Failure($"{functionName}: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_supervisor is not null) await _supervisor.ConfigureAwait(false);
        if (_ready.Task.IsCompletedSuccessfully) await _ready.Task.Result.StopAsync(_options.ShutdownGracePeriod).ConfigureAwait(false);
        _ready.TrySetCanceled();
        if (_server is not null)
        {
            await _server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _server.DisposeAsync().ConfigureAwait(false);
        }
        _http.Dispose();
        _stopping.Dispose();
    }

    private void Ready()
    {
        var starts = Interlocked.Increment(ref _starts);
        WorkerReady?.Invoke(starts);
    }

    private WebApplication BuildServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_options.LoggerFactory);
        builder.Services.AddSingleton(_connections);
        // The channel checks each message against MaxMessageLength itself, so an oversized one fails only its
        // invocation; a limit in gRPC would end the whole stream, and with it every invocation in flight.
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        return app;
    }

    private Task<WorkerSession> StartSessionAsync(CancellationToken cancellationToken)
    {
        Func<WorkerLaunch, IWorkerProcess> start = _options.StartWorker is { } custom
            ? launch => custom(launch, _logger)
            : launch => WorkerProcess.Start(launch, _logger);
        return WorkerSession.StartAsync(_options, _workerPath!, _port, _connections, start, cancellationToken);
    }

    /// <summary>Waits for the current worker to end, then starts another until one is ready.</summary>
    private async Task SuperviseAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var session = await _ready.Task.ConfigureAwait(false);
            var inFlight = 0;
            try
            {
                await session.Channel.Ended.WaitAsync(stopping).ConfigureAwait(false);
                inFlight = session.Channel.InFlight;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var byName = session.Functions.Values.ToDictionary(f => f.FunctionId, f => f.Name, StringComparer.Ordinal);
            var what = session.Channel.InFlightAtEnd.Select(id => byName.GetValueOrDefault(id, id)).GroupBy(n => n, StringComparer.Ordinal)
                .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}").Order(StringComparer.Ordinal);
            LocalHostLog.WorkerEnded(_logger, session.Channel.WorkerId, session.Channel.Ended.Result, inFlight, string.Join(", ", what));
            var next = new TaskCompletionSource<WorkerSession>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ready = next;
            await session.DisposeAsync().ConfigureAwait(false);

            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    next.TrySetResult(await StartSessionAsync(stopping).ConfigureAwait(false));
                    Ready();
                    break;
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (WorkerStartException e)
                {
                    LocalHostLog.WorkerRestartFailed(_logger, e, _options.RestartDelay);
                    try
                    {
                        await Task.Delay(_options.RestartDelay, stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }
}
