using System.Diagnostics;
using ServerlessStreams.Functions.Kafka;

namespace ServerlessStreams.Functions.LocalHost;

/// <summary>
/// Triggers a function app's functions without the Functions host, for machines without Core Tools and for tests:
/// it reads the same host.json and function.json files and calls the same handler endpoints over loopback HTTP with
/// the host's payloads. One Kafka consumer group member per kafkaTrigger function, one timer per timerTrigger
/// function; httpTrigger functions are left to their callers.
/// </summary>
public sealed class LocalTriggerHost
{
    private readonly LocalTriggerHostOptions _options;
    private readonly AppSettings _settings;
    private readonly List<FunctionStats> _stats = [];
    private readonly Stopwatch _clock = new();

    public LocalTriggerHost(LocalTriggerHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _settings = new AppSettings(options.AppSettings);
        App = LocalAppLoader.Load(options.AppDirectory);
    }

    public LocalAppDefinition App { get; }

    /// <summary>Raised on the trigger loops' threads for every batch, failure and timer run.</summary>
    public event Action<TriggerActivity>? Activity;

    /// <summary>The counters so far; the summary <see cref="RunAsync"/> returns at the end.</summary>
    public LocalHostSummary Status()
    {
        lock (_stats)
        {
            return new LocalHostSummary(_stats.Select(s => s.Snapshot()).ToList(), _clock.Elapsed);
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then leaves the consumer groups cleanly.</summary>
    /// <exception cref="InvalidOperationException">An app setting is missing or a function.json is malformed.</exception>
    public async Task<LocalHostSummary> RunAsync(CancellationToken cancellationToken)
    {
        var kafkaFunctions = App.KafkaFunctions.Where(Selected).ToList();
        var timerFunctions = App.TimerFunctions.Where(Selected).ToList();
        // Resolve every setting before starting anything, so a typo fails at once rather than after some work.
        var resolved = kafkaFunctions.ToDictionary(f => f.Name, f => ResolvedKafkaTrigger.Resolve(f, _settings));

        using var http = new HttpClient { Timeout = _options.InvocationTimeout };
        var client = new HandlerClient(http, _options.HandlerAddress);
        var backoff = new RetryBackoff(_options.MinRetryDelay, _options.MaxRetryDelay, App.MaxRetries);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var loops = new List<Func<CancellationToken, Task>>();
        foreach (var function in kafkaFunctions)
        {
            var source = CreateSource(function, resolved[function.Name]);
            var loop = new KafkaTriggerLoop(function, source, client, App.MaxBatchSize, _options.MaxBatchWait, backoff,
                _options.TimeProvider, Track(function.Name, "kafka"), Report);
            loops.Add(loop.RunAsync);
        }
        foreach (var function in timerFunctions)
        {
            var loop = new TimerTriggerLoop(function, client, _options.TimeProvider, Track(function.Name, "timer"), Report);
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

    private bool Selected(KafkaTriggerFunction function) => _options.Functions?.Contains(function.Name) ?? true;

    private bool Selected(TimerTriggerFunction function) => _options.Functions?.Contains(function.Name) ?? true;

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
