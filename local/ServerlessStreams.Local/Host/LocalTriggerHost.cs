using System.Diagnostics;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Local.Host.Rpc;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// Runs a built isolated-worker function app without the Functions host, for machines without Core Tools and for
/// tests: it starts the worker and speaks the host's gRPC protocol to it (<see cref="GrpcWorkerHost"/>), reads the
/// same host.json, and triggers the functions the worker indexed: one Kafka consumer group member per kafkaTrigger
/// function, one timer per timerTrigger function; httpTrigger functions are called through <see cref="InvokeHttpAsync"/>.
/// </summary>
internal sealed class LocalTriggerHost : IAsyncDisposable
{
    private readonly LocalTriggerHostOptions _options;
    private readonly AppSettings _settings;
    private readonly HostJsonSettings _hostJson;
    private readonly GrpcWorkerHost _worker;
    private readonly List<FunctionStats> _stats = [];
    private readonly Stopwatch _clock = new();
    private LocalAppDefinition? _app;

    /// <exception cref="InvalidOperationException">host.json is missing or malformed.</exception>
    public LocalTriggerHost(LocalTriggerHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _settings = new AppSettings(options.AppSettings);
        _hostJson = HostJsonSettings.Load(options.AppDirectory);
        _worker = new GrpcWorkerHost(options.WorkerHostOptions() with { HttpRoutePrefix = _hostJson.HttpRoutePrefix });
        Invoker = options.WrapInvoker is { } wrap ? wrap(_worker) : _worker;
    }

    /// <summary>The worker and its gRPC channel.</summary>
    internal GrpcWorkerHost Worker => _worker;

    /// <summary>What the trigger loops invoke through: the worker, or what <see cref="LocalTriggerHostOptions.WrapInvoker"/> made of it.</summary>
    internal IFunctionInvoker Invoker { get; }

    /// <summary>host.json's settings and the worker's functions by trigger; known once <see cref="StartAsync"/> finished.</summary>
    public LocalAppDefinition App => _app ?? throw new InvalidOperationException("the local host is not started: call StartAsync first");

    /// <summary>Raised on the trigger loops' threads for every batch, failure and timer run.</summary>
    public event Action<TriggerActivity>? Activity;

    /// <summary>Starts the gRPC server and the worker; completes once the worker has loaded its functions.</summary>
    /// <exception cref="WorkerStartException">The worker did not start.</exception>
    /// <exception cref="InvalidOperationException">A trigger binding is malformed or references a missing app setting.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _worker.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = WorkerFunctionCatalog.Describe(_options.AppDirectory, _hostJson, _worker.Functions.Values, _settings);
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c>: the HTTP functions' routes are under it.</summary>
    public string HttpRoutePrefix => _hostJson.HttpRoutePrefix;

    /// <summary>Calls an httpTrigger function through the worker's HttpUri, as the host proxies HTTP.</summary>
    public Task<HttpResponseMessage> InvokeHttpAsync(string functionName, HttpRequestMessage request, CancellationToken cancellationToken) =>
        _worker.InvokeHttpAsync(functionName, request, cancellationToken);

    /// <summary>The counters so far; the summary <see cref="RunAsync(CancellationToken)"/> returns at the end.</summary>
    public LocalHostSummary Status()
    {
        lock (_stats)
        {
            return new LocalHostSummary(_stats.Select(s => s.Snapshot()).ToList(), _clock.Elapsed);
        }
    }

    /// <summary>
    /// Triggers the functions until <paramref name="cancellationToken"/> is cancelled, then leaves the consumer groups
    /// cleanly; starts the worker first unless <see cref="StartAsync"/> did.
    /// </summary>
    /// <exception cref="InvalidOperationException">An app setting is missing or a trigger binding is malformed.</exception>
    public Task<LocalHostSummary> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <summary>
    /// Like <see cref="RunAsync(CancellationToken)"/>, triggering only <paramref name="functions"/> (when given) of those
    /// <see cref="LocalTriggerHostOptions.Functions"/> selects: one worker can serve several runs, each triggering
    /// other functions, and the counters of every run stay in <see cref="Status"/>.
    /// </summary>
    public async Task<LocalHostSummary> RunAsync(IReadOnlySet<string>? functions, CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            try
            {
                await StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Status();
            }
        }
        var kafkaFunctions = App.KafkaFunctions.Where(f => Selected(f.Name, functions)).ToList();
        var timerFunctions = App.TimerFunctions.Where(f => Selected(f.Name, functions)).ToList();
        // Resolve every setting before starting anything, so a typo fails at once rather than after some work.
        var resolved = kafkaFunctions.ToDictionary(f => f.Name, f => ResolvedKafkaTrigger.Resolve(f, _settings));

        var backoff = new RetryBackoff(_options.MinRetryDelay, _options.MaxRetryDelay, App.MaxRetries);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var loops = new List<Func<CancellationToken, Task>>();
        foreach (var function in kafkaFunctions)
        {
            var source = CreateSource(function, resolved[function.Name]);
            var loop = new KafkaTriggerLoop(function, source, Invoker, App.MaxBatchSize, _options.MaxBatchWait, backoff,
                _options.TimeProvider, Track(function.Name, "kafka"), Report);
            loops.Add(loop.RunAsync);
        }
        foreach (var function in timerFunctions)
        {
            var loop = new TimerTriggerLoop(function, Invoker, _options.TimeProvider, Track(function.Name, "timer"), Report);
            loops.Add(loop.RunAsync);
        }

        _clock.Start();
        var tasks = loops.Select(run => Task.Run(async () =>
        {
            try
            {
                await run(stop.Token).ConfigureAwait(false);
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            _clock.Stop();
        }
        return Status();
    }

    public ValueTask DisposeAsync() => _worker.DisposeAsync();

    private bool Selected(string functionName, IReadOnlySet<string>? thisRun) =>
        (_options.Functions?.Contains(functionName) ?? true) && (thisRun?.Contains(functionName) ?? true);

    private IKafkaBatchSource CreateSource(KafkaTriggerFunction function, ResolvedKafkaTrigger trigger)
    {
        if (_options.SourceFactory is { } factory) return factory(function, trigger);
        var settings = new KafkaClientSettings(trigger.BrokerList, trigger.Username, trigger.Password);
        var config = settings.ToConsumerConfig(trigger.ConsumerGroup, $"local-{function.Name}");
        if (_options.ConsumerSessionTimeout is { } session)
        {
            config.SessionTimeoutMs = (int)session.TotalMilliseconds;
            config.HeartbeatIntervalMs = (int)Math.Max(100, session.TotalMilliseconds / 10);
        }
        return new ConfluentBatchSource(config, trigger.Topic, App.AutoCommitIntervalMs);
    }

    private FunctionStats Track(string functionName, string trigger)
    {
        var stats = new FunctionStats(functionName, trigger);
        lock (_stats)
        {
            _stats.Add(stats);
        }
        return stats;
    }

    private void Report(TriggerActivity activity) => Activity?.Invoke(activity);
}
