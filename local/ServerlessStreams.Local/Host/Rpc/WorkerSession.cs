using Microsoft.Extensions.Logging;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// One run of the worker: its process and channel, started and brought to the point where it takes invocations by the
/// host's handshake — WorkerInitRequest, FunctionsMetadataRequest (worker indexing), a FunctionLoadRequest per function.
/// </summary>
internal sealed class WorkerSession : IAsyncDisposable
{
    /// <summary>The Functions host version the local host presents itself as; the worker only reports it.</summary>
    public const string HostVersion = "4.1040.0";

    private WorkerSession(IWorkerProcess process, WorkerChannel channel, IReadOnlyDictionary<string, string> capabilities,
        IReadOnlyDictionary<string, WorkerFunction> functions)
    {
        Process = process;
        Channel = channel;
        Capabilities = capabilities;
        Functions = functions;
    }

    public IWorkerProcess Process { get; }

    public WorkerChannel Channel { get; }

    /// <summary>What the worker said it can do in its WorkerInitResponse (e.g. HttpUri, TypedDataCollection).</summary>
    public IReadOnlyDictionary<string, string> Capabilities { get; }

    /// <summary>The loaded functions by name (case-insensitive, as the host treats function names).</summary>
    public IReadOnlyDictionary<string, WorkerFunction> Functions { get; }

    /// <exception cref="WorkerStartException">The worker did not start, connect, initialise or load its functions.</exception>
    public static async Task<WorkerSession> StartAsync(GrpcWorkerHostOptions options, string workerPath, int port,
        WorkerConnections connections, Func<WorkerLaunch, IWorkerProcess> start, CancellationToken cancellationToken)
    {
        var loggers = options.LoggerFactory;
        var logger = loggers.CreateLogger(typeof(GrpcWorkerHost).FullName!);
        var workerId = Guid.NewGuid().ToString();
        var channel = new WorkerChannel(workerId, options.MaxMessageLength, loggers);
        connections.Expect(channel);
        var launch = WorkerLaunch.Create(options.AppDirectory, workerPath, port, workerId, Guid.NewGuid().ToString(),
            options.MaxMessageLength, options.AppSettings);
        IWorkerProcess process;
        try
        {
            process = start(launch);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            connections.Forget(channel);
            throw new WorkerStartException($"could not start the worker ({launch}): {e.Message}", e);
        }
        LocalHostLog.WorkerStarted(logger, workerId, process.Id, launch);

        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(options.StartupTimeout);
        _ = process.Exited.ContinueWith(exit => channel.End($"the worker process exited with code {exit.Result}"),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await channel.Connected.WaitAsync(startup.Token).ConfigureAwait(false);
            var capabilities = await InitializeAsync(channel, options, startup.Token).ConfigureAwait(false);
            var functions = await LoadFunctionsAsync(channel, options, startup.Token).ConfigureAwait(false);
            if (capabilities.TryGetValue("HttpUri", out var httpUri)) await HttpListening.WaitAsync(new Uri(httpUri), process.Exited, startup.Token).ConfigureAwait(false);
            LocalHostLog.WorkerReady(logger, workerId, functions.Count, string.Join(", ", functions.Keys));
            return new WorkerSession(process, channel, capabilities, functions);
        }
        catch (Exception e)
        {
            connections.Forget(channel);
            var reason = e switch
            {
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    $"the worker did not finish starting within {options.StartupTimeout}",
                _ => e.Message,
            };
            channel.End(reason);
            await process.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            throw new WorkerStartException($"the worker ({launch}) did not start: {reason}", e);
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> InitializeAsync(WorkerChannel channel, GrpcWorkerHostOptions options,
        CancellationToken cancellationToken)
    {
        var request = new WorkerInitRequest
        {
            HostVersion = HostVersion,
            WorkerDirectory = options.AppDirectory,
            FunctionAppDirectory = options.AppDirectory,
        };
        var reply = await channel.RequestAsync(new StreamingMessage { WorkerInitRequest = request },
            StreamingMessage.ContentOneofCase.WorkerInitResponse, cancellationToken).ConfigureAwait(false);
        var response = reply.WorkerInitResponse;
        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            throw new WorkerChannelException($"WorkerInitResponse: {Describe(response.Result)}");
        }
        return new Dictionary<string, string>(response.Capabilities, StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyDictionary<string, WorkerFunction>> LoadFunctionsAsync(WorkerChannel channel,
        GrpcWorkerHostOptions options, CancellationToken cancellationToken)
    {
        var reply = await channel.RequestAsync(
            new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = options.AppDirectory } },
            StreamingMessage.ContentOneofCase.FunctionMetadataResponse, cancellationToken).ConfigureAwait(false);
        var metadata = reply.FunctionMetadataResponse;
        if (metadata.UseDefaultMetadataIndexing)
        {
            throw new WorkerChannelException("FunctionMetadataResponse asks for host indexing (function.json files), which the local host does not do: the worker must index its functions");
        }
        if (metadata.Result is { } result && result.Status != StatusResult.Types.Status.Success)
        {
            throw new WorkerChannelException($"FunctionMetadataResponse: {Describe(result)}");
        }

        var functions = new Dictionary<string, WorkerFunction>(StringComparer.OrdinalIgnoreCase);
        var loads = new List<Task<FunctionLoadResponse>>();
        foreach (var function in metadata.FunctionMetadataResults)
        {
            var functionId = string.IsNullOrEmpty(function.FunctionId) ? Guid.NewGuid().ToString() : function.FunctionId;
            functions[function.Name] = WorkerFunction.From(function, functionId);
            loads.Add(channel.LoadAsync(FunctionLoadRequests.For(function, functionId), cancellationToken));
        }
        foreach (var load in await Task.WhenAll(loads).ConfigureAwait(false))
        {
            if (load.Result?.Status != StatusResult.Types.Status.Success)
            {
                var name = functions.Values.FirstOrDefault(f => f.FunctionId == load.FunctionId)?.Name ?? load.FunctionId;
                throw new WorkerChannelException($"FunctionLoadResponse for '{name}': {Describe(load.Result)}");
            }
        }
        return functions;
    }

    internal static string Describe(StatusResult? result) => result is null
        ? "no result"
        : $"{result.Status}{(string.IsNullOrEmpty(result.Result) ? "" : $" ({result.Result})")}{(result.Exception is { } e ? $": {e.Message}" : "")}";

    /// <summary>
    /// Stops the worker as the host does when it shuts down: WorkerTerminate with a grace period, then the process is
    /// ended if it is still there.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (Channel.TryTerminate(gracePeriod))
        {
            await Task.WhenAny(Process.Exited, Task.Delay(gracePeriod)).ConfigureAwait(false);
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.End("the host stopped the worker");
        await Process.DisposeAsync().ConfigureAwait(false);
    }
}
