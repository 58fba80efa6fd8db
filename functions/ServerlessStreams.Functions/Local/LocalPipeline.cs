using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Kafka.Embedded;
using ServerlessStreams.Functions.LocalHost;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Local;

/// <summary>
/// A job running on this machine as it runs on Azure: Kafka (embedded unless given), the function app's custom
/// handler, and the local trigger host driving it over HTTP from generated function.json files.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private readonly LocalPipelineOptions _options;
    private readonly EmbeddedKafka? _kafka;
    private readonly SegmentProducer _producer;
    private CancellationTokenSource? _triggerStop;
    private Task<LocalHostSummary>? _triggerRun;

    private LocalPipeline(JobSpec job, LocalPipelineOptions options, EmbeddedKafka? kafka, string bootstrap, JobHost host,
        string appDirectory, StreamMetricsListener metrics)
    {
        Job = job;
        _options = options;
        _kafka = kafka;
        BootstrapServers = bootstrap;
        Host = host;
        AppDirectory = appDirectory;
        Metrics = metrics;
        _producer = new SegmentProducer(new KafkaClientSettings(bootstrap));
    }

    public JobSpec Job { get; }
    public string BootstrapServers { get; }
    public JobHost Host { get; }
    public string AppDirectory { get; }
    public StreamMetricsListener Metrics { get; }
    public LocalTriggerHost? TriggerHost { get; private set; }

    public static async Task<LocalPipeline> StartAsync(JobSpec job, JobRegistry registry, LocalPipelineOptions? options = null, CancellationToken ct = default)
    {
        options ??= new LocalPipelineOptions();
        EmbeddedKafka? kafka = null;
        var bootstrap = options.BootstrapServers;
        if (bootstrap is null)
        {
            kafka = EmbeddedKafka.Start();
            foreach (var topic in TopicsOf(job)) kafka.CreateTopic(topic, options.Partitions);
            bootstrap = kafka.BootstrapServers;
        }

        var metrics = new StreamMetrics();
        var settings = new JobHostSettings { Kafka = new KafkaClientSettings(bootstrap), StorageConnectionString = options.StorageConnectionString };
        var host = await JobHost.StartAsync(job, registry, settings, metrics, ct: ct);
        var appDirectory = Path.Combine(Path.GetTempPath(), "serverlessstreams-" + Guid.NewGuid().ToString("N"));
        FunctionAppWriter.Write(appDirectory, job, new GenerationOptions { Kafka = KafkaConnectionOptions.Plaintext });
        return new LocalPipeline(job, options, kafka, bootstrap, host, appDirectory, new StreamMetricsListener(metrics));
    }

    /// <summary>Every topic the job reads or writes: inputs, outputs, dead letters, late data, trigger syncs.</summary>
    public static IEnumerable<string> TopicsOf(JobSpec job) =>
        job.Catalog.Where(t => t.Medium == Medium.Kafka && t.Topic is not null).Select(t => t.Topic!)
            .Concat(job.Triggers.Select(t => t.Sync?.Topic).OfType<string>())
            .Append(job.DeadLetter?.Topic ?? $"{job.Name}-dead-letters")
            .Concat(job.LateData?.Topic is { } late ? [late] : [])
            .Distinct(StringComparer.Ordinal);

    /// <summary>Produces lines to a topic, keyed by <paramref name="keyOf"/>, and waits for every acknowledgement.</summary>
    public async Task ProduceAsync(string topic, IEnumerable<string> lines, Func<string, string?>? keyOf = null, CancellationToken ct = default)
    {
        var batch = new List<OutgoingRecord>(1000);
        foreach (var line in lines)
        {
            batch.Add(OutgoingRecord.FromString(topic, keyOf?.Invoke(line), line));
            if (batch.Count == 1000)
            {
                await _producer.ProduceAsync(batch, ct);
                batch.Clear();
            }
        }
        if (batch.Count > 0) await _producer.ProduceAsync(batch, ct);
    }

    /// <summary>Starts the local trigger host (consumer groups and timers) in the background.</summary>
    public void StartTriggers()
    {
        if (_triggerRun is not null) throw new InvalidOperationException("the trigger host is running already");
        var settings = new Dictionary<string, string> { [AppSettingNames.KafkaBrokerList] = BootstrapServers };
        foreach (var task in Job.Catalog.Where(t => t.Topic is not null)) settings[AppSettingNames.TopicOf(task.Name)] = task.Topic!;
        TriggerHost = new LocalTriggerHost(new LocalTriggerHostOptions
        {
            AppDirectory = AppDirectory,
            AppSettings = settings,
            MaxBatchWait = _options.MaxBatchWait,
            ConsumerSessionTimeout = _options.ConsumerSessionTimeout,
        });
        _triggerStop = new CancellationTokenSource();
        var host = TriggerHost;
        _triggerRun = Task.Run(() => host.RunAsync(_triggerStop.Token));
    }

    /// <summary>Stops the trigger host: consumers leave their groups; uncommitted batches will be delivered again.</summary>
    public async Task<LocalHostSummary?> StopTriggersAsync()
    {
        if (_triggerRun is null) return null;
        await _triggerStop!.CancelAsync();
        var summary = await _triggerRun;
        _triggerRun = null;
        _triggerStop.Dispose();
        return summary;
    }

    /// <summary>
    /// Waits until the stage functions have delivered <paramref name="records"/> records with no lag, and then for
    /// two sweeps after that: the second starts a full sweeper period after the drain, when every timer trigger made
    /// due by the last records has come, so their views hold the final state.
    /// </summary>
    public async Task WaitForDrainAsync(long records, TimeSpan timeout, Action<LocalHostSummary>? onStatus = null, CancellationToken ct = default,
        bool thenOneSweep = true)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var stages = FunctionNames.StagesOf(Job).Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        long? sweepsAtDrain = null;
        while (true)
        {
            if (_triggerRun is { IsCompleted: true }) await _triggerRun; // surfaces a crashed trigger host
            var status = TriggerHost!.Status();
            onStatus?.Invoke(status);
            var stageStats = status.Functions.Where(f => stages.Contains(f.FunctionName)).ToList();
            var drained = stageStats.Sum(f => f.RecordsDelivered) >= records && stageStats.All(f => f.Lag is 0 or null);
            var sweeps = status.Functions.Where(f => f.FunctionName == FunctionNames.Sweeper).Sum(f => f.Invocations);
            if (drained && !thenOneSweep) return;
            if (drained && sweepsAtDrain is null) sweepsAtDrain = sweeps;
            if (sweepsAtDrain is { } atDrain && sweeps >= atDrain + 2) return;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"the pipeline did not process {records} records within {timeout}: {status.StatusLine()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopTriggersAsync();
        await _producer.DisposeAsync();
        await Host.DisposeAsync();
        Metrics.Dispose();
        _kafka?.Dispose();
        try
        {
            Directory.Delete(AppDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    /// <summary>A record key from a JSON field, for partitioning by it; null when the line has no such field.</summary>
    public static Func<string, string?> KeyFromField(string field) => line =>
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject o && o[field] is JsonValue v ? v.ToString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    };
}
