using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Ingestion;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Local.Kafka;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Local;

/// <summary>
/// A job running on this machine as it runs on Azure: Kafka (embedded unless given), the built isolated-worker app
/// started by the local host, which speaks the Functions host's gRPC protocol to it and triggers its functions from
/// the metadata the worker reports. Window state lives in the worker (in process) or in Azure Tables. With
/// <see cref="LocalPipelineOptions.Instances"/> above 1 the app runs as several instances (a local host and its worker
/// each) sharing the consumer groups, as a scaled-out app does on Azure.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private readonly EmbeddedKafka? _kafka;
    private readonly SegmentProducer _producer;
    private readonly string _workDirectory;
    private readonly IReadOnlyList<LocalTriggerHost> _hosts;
    private readonly KafkaTopicPartitions _partitions;
    private readonly KafkaConsumerLag _lag;
    private CancellationTokenSource? _triggerStop;
    private LocalHttpProxy? _proxy;
    private Task<LocalHostSummary[]>? _triggerRun;

    private LocalPipeline(JobSpec job, EmbeddedKafka? kafka, string bootstrap, string workDirectory,
        IReadOnlyDictionary<string, string> appSettings, string appDirectory, IReadOnlyList<LocalTriggerHost> hosts)
    {
        Job = job;
        _kafka = kafka;
        _workDirectory = workDirectory;
        BootstrapServers = bootstrap;
        AppSettings = appSettings;
        _hosts = hosts;
        AppDirectory = appDirectory;
        var kafkaSettings = new KafkaClientSettings(bootstrap);
        _producer = new SegmentProducer(kafkaSettings);
        _partitions = new KafkaTopicPartitions(kafkaSettings);
        _lag = new KafkaConsumerLag(kafkaSettings, _partitions);
    }

    /// <summary>The job the app runs.</summary>
    public JobSpec Job { get; }
    internal string BootstrapServers { get; }

    /// <summary>The app settings the worker runs with (its environment), also usable by a second host of the same app.</summary>
    internal IReadOnlyDictionary<string, string> AppSettings { get; }

    /// <summary>The (first) instance's local host: the worker process, its gRPC channel and the trigger loops.</summary>
    internal LocalTriggerHost TriggerHost => _hosts[0];

    /// <summary>Every instance's local host, the first one first.</summary>
    internal IReadOnlyList<LocalTriggerHost> Instances => _hosts;

    /// <summary>Where the worker serves its metrics for Prometheus (<see cref="LocalPipelineOptions.PrometheusPort"/>); null when it does not.</summary>
    internal Uri? PrometheusEndpoint { get; private init; }

    /// <summary>The built function app the worker runs from.</summary>
    internal string AppDirectory { get; }

    /// <summary>Starts Kafka (unless given), writes the job's spec for the worker, and starts the worker with its functions loaded.</summary>
    internal static async Task<LocalPipeline> StartAsync(JobSpec job, LocalPipelineOptions? options = null, CancellationToken ct = default)
    {
        options ??= new LocalPipelineOptions();
        EmbeddedKafka? kafka = null;
        var bootstrap = options.BootstrapServers;
        if (bootstrap is null)
        {
            kafka = EmbeddedKafka.Start();
            foreach (var topic in JobTopics.Of(job).DistinctBy(t => t.Name)) kafka.CreateTopic(topic.Name, topic.Partitions ?? options.Partitions);
            bootstrap = kafka.BootstrapServers;
        }

        var workDirectory = Path.Combine(Path.GetTempPath(), "serverlessstreams-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDirectory);
        var specPath = Path.Combine(workDirectory, "job.json");
        await File.WriteAllTextAsync(specPath, JobSpecWriter.Write(job), ct);

        var settings = AppSettingsFor(job, bootstrap, specPath, options.StorageConnectionString);
        Uri? prometheus = null;
        if (options.PrometheusPort is { } port)
        {
            prometheus = new Uri($"http://127.0.0.1:{(port == 0 ? FreeLoopbackPort() : port)}/");
            settings[TelemetryOptions.PrometheusVariable] = prometheus.ToString();
        }
        var appDirectory = options.AppDirectory ?? JobAppFolder.Prepare(FunctionAppFolder.Locate(), job, Path.Combine(workDirectory, "app"));
        if (options.Instances < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Instances, "a pipeline runs at least one instance");
        // Only the first instance serves Prometheus: the port is one.
        var others = new Dictionary<string, string>(settings);
        others.Remove(TelemetryOptions.PrometheusVariable);
        var hosts = Enumerable.Range(0, options.Instances).Select(i => new LocalTriggerHost(new LocalTriggerHostOptions
        {
            AppDirectory = appDirectory,
            AppSettings = i == 0 ? settings : others,
            MaxBatchWait = options.MaxBatchWait,
            ConsumerSessionTimeout = options.ConsumerSessionTimeout,
            WrapInvoker = options.WrapInvoker,
        })).ToList();
        var pipeline = new LocalPipeline(job, kafka, bootstrap, workDirectory, settings, appDirectory, hosts)
        {
            PrometheusEndpoint = prometheus is null ? null : new Uri(prometheus, "metrics"),
        };
        try
        {
            await Task.WhenAll(hosts.Select(host => host.StartAsync(ct)));
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
        return pipeline;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Every topic the job reads or writes: inputs, outputs, internal topics, dead letters, late data, trigger syncs.</summary>
    internal static IEnumerable<string> TopicsOf(JobSpec job) => JobTopics.Of(job).Select(t => t.Name).Distinct(StringComparer.Ordinal);

    private static Dictionary<string, string> AppSettingsFor(JobSpec job, string bootstrap, string specPath, string? storage)
    {
        var settings = new Dictionary<string, string>
        {
            [AppSettingNames.KafkaBrokerList] = bootstrap,
            [AppSettingNames.JobSpecPath] = specPath,
        };
        foreach (var (setting, topic) in LocalSettingsGenerator.TopicSettings(job)) settings[setting] = topic;
        if (storage is not null) settings[AppSettingNames.Storage] = storage;
        return settings;
    }

    /// <summary>Produces lines to a topic, keyed by <paramref name="keyOf"/>, and waits for every acknowledgement.</summary>
    internal async Task ProduceAsync(string topic, IEnumerable<string> lines, Func<string, string?>? keyOf = null, CancellationToken ct = default)
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

    /// <summary>
    /// Starts the trigger loops (consumer groups and timers) in the background: of every function, or of
    /// <paramref name="functions"/> only (the others are left alone; they may be started in a later run).
    /// </summary>
    internal void StartTriggers(IReadOnlySet<string>? functions = null)
    {
        if (_triggerRun is not null) throw new InvalidOperationException("the triggers are running already");
        _triggerStop = new CancellationTokenSource();
        var stop = _triggerStop.Token;
        _triggerRun = Task.WhenAll(_hosts.Select(host => Task.Run(() => host.RunAsync(functions, stop))));
    }

    /// <summary>
    /// Stops the trigger loops: consumers leave their groups; uncommitted batches will be delivered again. The workers
    /// keep running. The summary adds up the instances'.
    /// </summary>
    internal async Task<LocalHostSummary?> StopTriggersAsync()
    {
        if (_triggerRun is null) return null;
        await _triggerStop!.CancelAsync();
        var summaries = await _triggerRun;
        _triggerRun = null;
        _triggerStop.Dispose();
        return LocalHostSummaries.Add(summaries);
    }

    /// <summary>The counters so far, added up over the instances.</summary>
    internal LocalHostSummary Status() => LocalHostSummaries.Add([.. _hosts.Select(h => h.Status())]);

    /// <summary>
    /// Waits until the stage functions have delivered <paramref name="records"/> records with no lag and every
    /// Kafka-triggered function's group has committed its topic to the end (<see cref="AllCommittedAsync"/>: delivered
    /// counts include batches delivered again after a rebalance, committed offsets do not), and then for two sweeps after that: the second starts a full sweeper period after the
    /// drain, when every timer trigger made due by the last records has come, so their views hold the final state.
    /// </summary>
    internal async Task WaitForDrainAsync(long records, TimeSpan timeout, Action<LocalHostSummary>? onStatus = null, CancellationToken ct = default,
        bool thenOneSweep = true)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var stages = FunctionNames.StagesOf(Job).Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        long? sweepsAtDrain = null;
        while (true)
        {
            if (_triggerRun is { IsCompleted: true }) await _triggerRun; // surfaces a crashed trigger host
            var status = Status();
            onStatus?.Invoke(status);
            if (status.Functions.FirstOrDefault(f => f.LostRecords > 0) is { } losing)
                throw new InvalidOperationException($"records were lost before they were processed: {losing}");
            var stageStats = status.Functions.Where(f => stages.Contains(f.FunctionName)).ToList();
            var drained = stageStats.Sum(f => f.RecordsDelivered) >= records
                && status.Functions.Where(f => f.Trigger == "kafka").All(f => f.Lag is 0 or null)
                && (sweepsAtDrain is not null || await AllCommittedAsync(limit.Token));
            var sweeps = status.Functions.Where(f => f.FunctionName == FunctionNames.Sweeper).Sum(f => f.Invocations);
            if (drained && !thenOneSweep) return;
            if (drained && sweepsAtDrain is null) sweepsAtDrain = sweeps;
            if (sweepsAtDrain is { } atDrain && sweeps >= atDrain + 2) return;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"the pipeline did not process {records} records within {timeout}: {status.StatusLine()}");
            }
        }
    }

    /// <summary>
    /// Whether every Kafka-triggered function's consumer group (stages and keyed functions) has committed its topic to
    /// the end, as the broker says: all that was produced so far is processed. The stages are asked first: a stage
    /// commits after its internal records are acknowledged, so once they are done the internal topics are complete.
    /// </summary>
    internal Task<bool> AllCommittedAsync(CancellationToken ct = default) =>
        CommittedToEndAsync(
            FunctionNames.TriggeredTasks(Job).Select(t => (t.Name, t.Topic!))
                .Concat(Repartitioning.TopicsOf(Job).Select(t => (t.Task, t.Name))),
            ct);

    private async Task<bool> CommittedToEndAsync(IEnumerable<(string Task, string Topic)> reads, CancellationToken ct)
    {
        foreach (var (task, topic) in reads)
        {
            if ((await _lag.ReadAsync(AppSettingNames.ConsumerGroupOf(Job.Name, task), topic, ct)).Records > 0) return false;
        }
        return true;
    }

    /// <summary>A Table view's rows for one window, read through the app's <c>views</c> function.</summary>
    public async Task<JsonArray> ReadViewAsync(string view, string windowId, CancellationToken ct = default) =>
        (JsonArray)(await GetJsonAsync(FunctionNames.Views,
            $"/api/jobs/{Uri.EscapeDataString(Job.Name)}/views/{Uri.EscapeDataString(view)}?window={Uri.EscapeDataString(windowId)}", ct))!;

    /// <summary>The (first) worker's counters since it started (window store and stream metrics), read through the app's <c>stats</c> function.</summary>
    internal Task<WorkerStats> ReadStatsAsync(CancellationToken ct = default) => ReadStatsAsync(TriggerHost, ct);

    /// <summary>Every instance's worker counters, in the order of <see cref="Instances"/>: each worker counts its own.</summary>
    internal async Task<IReadOnlyList<WorkerStats>> ReadStatsOfEveryInstanceAsync(CancellationToken ct = default) =>
        await Task.WhenAll(_hosts.Select(host => ReadStatsAsync(host, ct)));

    private async Task<WorkerStats> ReadStatsAsync(LocalTriggerHost host, CancellationToken ct) =>
        WorkerStats.Parse(await GetTextAsync(host, FunctionNames.Stats, $"/api/jobs/{Uri.EscapeDataString(Job.Name)}/stats", ct)
            ?? throw new InvalidOperationException($"the worker's stats function knows no job '{Job.Name}'"));

    /// <summary>A window's current state for one key, read through the app's <c>query</c> function; null when the key has none.</summary>
    public async Task<JsonObject?> QueryAsync(string windowId, GroupKey key, CancellationToken ct = default) =>
        (JsonObject?)await GetJsonAsync(FunctionNames.Query,
            $"/api/jobs/{Uri.EscapeDataString(Job.Name)}/windows/{Uri.EscapeDataString(windowId)}/keys/{Uri.EscapeDataString(key.ToString())}", ct);

    /// <summary>
    /// Serves the worker's HTTP functions on a loopback port (once; later calls return the same address), so a browser
    /// reaches the dashboard at <c>&lt;address&gt;api/dashboard</c>.
    /// </summary>
    internal async Task<Uri> StartHttpProxyAsync(int port = 0, CancellationToken ct = default)
    {
        _proxy ??= await LocalHttpProxy.StartAsync(TriggerHost, port, ct);
        return _proxy.Address;
    }

    /// <summary>
    /// Posts a body to the app's ingestion function of <paramref name="task"/> (<c>POST /api/ingest/&lt;task&gt;</c>)
    /// and returns its status and JSON answer, whatever the status.
    /// </summary>
    internal async Task<(HttpStatusCode Status, JsonObject Body)> IngestAsync(string task, string body, string contentType = "application/json",
        string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingest/{Uri.EscapeDataString(task)}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, contentType),
        };
        if (idempotencyKey is not null) request.Headers.Add(JobIngestion.IdempotencyKeyHeader, idempotencyKey);
        using var response = await TriggerHost.InvokeHttpAsync(IngestFunctions.FunctionName(task), request, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, JsonNode.Parse(answer)!.AsObject());
    }

    private async Task<JsonNode?> GetJsonAsync(string function, string path, CancellationToken ct) =>
        await GetTextAsync(TriggerHost, function, path, ct) is { } body ? JsonNode.Parse(body) : null;

    /// <summary>A GET's answer from <paramref name="host"/>'s worker as text; null for 404.</summary>
    private static async Task<string?> GetTextAsync(LocalTriggerHost host, string function, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await host.InvokeHttpAsync(function, request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{function} {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Stops the triggers, the workers and the embedded Kafka it started, and deletes its working folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopTriggersAsync();
        if (_proxy is not null) await _proxy.DisposeAsync();
        foreach (var host in _hosts) await host.DisposeAsync();
        await _producer.DisposeAsync();
        _lag.Dispose();
        _partitions.Dispose();
        _kafka?.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    /// <summary>A record key from a JSON field, for partitioning by it; null when the line has no such field.</summary>
    internal static Func<string, string?> KeyFromField(string field) => line =>
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject o && o[field] is JsonValue v ? v.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    };
}
