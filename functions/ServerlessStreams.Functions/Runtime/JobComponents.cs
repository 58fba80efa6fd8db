using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Leases;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Durable.Sweeping;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// A job's runtime, composed: the stores (in-process, or Azure Tables and blob leases), the Kafka producer, the
/// runtime, the sweeper and the window query. The worker's functions call these; disposing flushes the producer.
/// </summary>
internal sealed class JobComponents : IAsyncDisposable
{
    private readonly IReadOnlyList<object> _owned;

    private JobComponents(JobRuntime runtime, Sweeper sweeper, WindowQuery query, StreamMetrics metrics, IConsumerLagSource? consumerLag,
        TimeProvider time, IReadOnlyList<object> owned)
    {
        Runtime = runtime;
        Sweeper = sweeper;
        Query = query;
        Metrics = metrics;
        ConsumerLag = consumerLag;
        MetricsListener = new StreamMetricsListener(metrics, time);
        _owned = [.. owned, MetricsListener];
    }

    public JobSpec Job => Runtime.Job;
    public JobRuntime Runtime { get; }
    public Sweeper Sweeper { get; }
    public WindowQuery Query { get; }
    public StreamMetrics Metrics { get; }

    /// <summary>
    /// The totals of <see cref="Metrics"/> since these components were made: the worker's stats function, <c>run</c>'s
    /// status line (through it) and the dashboard read them.
    /// </summary>
    public StreamMetricsListener MetricsListener { get; }

    /// <summary>The consumer lag of the stage functions' groups, from the broker; null when there is none to ask (tests).</summary>
    public IConsumerLagSource? ConsumerLag { get; }
    public IViewStore Views => Runtime.Services.Views;
    public IRecordTableStore RecordTables => Runtime.Services.RecordTables;

    public static JobComponents Create(JobSpec job, JobRegistry registry, JobComponentsSettings settings, StreamMetrics? metrics = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(settings);
        time ??= TimeProvider.System;
        metrics ??= new StreamMetrics();
        var producer = new SegmentProducer(settings.Kafka);
        var partitions = new KafkaTopicPartitions(settings.Kafka);
        var consumerLag = new KafkaConsumerLag(settings.Kafka, partitions);
        return Build(job, registry, Storage.For(settings), new KafkaRecordPublisher(producer), partitions,
            (task, topic) => settings.Topics.TryGetValue(task, out var deployed) ? deployed : topic, time, metrics, options: null,
            consumerLag, [producer, consumerLag, partitions]);
    }

    /// <summary>
    /// Components over the in-process stores (the embedded defaults) with no broker: what stages produce goes to
    /// <paramref name="publisher"/>, and <paramref name="partitions"/> says how many partitions each topic has. Topics are
    /// the spec's. A test driver runs the production runtime and sweeper this way.
    /// </summary>
    public static JobComponents CreateInProcess(JobSpec job, JobRegistry registry, IRecordPublisher publisher, ITopicPartitions partitions,
        TimeProvider time, JobRuntimeOptions? options = null, StreamMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(time);
        return Build(job, registry, Storage.InProcess(), publisher, partitions, (_, topic) => topic, time, metrics ?? new StreamMetrics(),
            options, consumerLag: null, owned: []);
    }

    private static JobComponents Build(JobSpec job, JobRegistry registry, Storage storage, IRecordPublisher publisher,
        ITopicPartitions partitions, Func<string, string, string> resolveTopic, TimeProvider time, StreamMetrics metrics,
        JobRuntimeOptions? options, IConsumerLagSource? consumerLag, IReadOnlyList<object> owned)
    {
        var services = new JobRuntimeServices
        {
            Store = storage.Store,
            Views = storage.Views,
            RecordTables = storage.RecordTables,
            Publisher = publisher,
            Progress = new StoreProgressTracker(job, storage.Progress, time, partitions),
            Time = time,
            ResolveTopic = resolveTopic,
        };
        var runtime = new JobRuntime(job, registry, services, options, metrics);
        var sweeper = new Sweeper(job, runtime.Appliers, storage.Store, storage.DueIndex, storage.Progress, storage.Leases,
            runtime.Sinks, time);
        var query = new WindowQuery(job, registry, storage.Store);
        return new JobComponents(runtime, sweeper, query, metrics, consumerLag, time, owned);
    }

    /// <summary>Components built elsewhere (tests, other stores); disposing disposes <paramref name="owned"/>.</summary>
    public static JobComponents Compose(JobRuntime runtime, Sweeper sweeper, WindowQuery query, StreamMetrics? metrics = null,
        IConsumerLagSource? consumerLag = null, TimeProvider? time = null, params IReadOnlyList<object> owned) =>
        new(runtime, sweeper, query, metrics ?? new StreamMetrics(), consumerLag, time ?? runtime.Services.Time, owned);

    public async ValueTask DisposeAsync()
    {
        foreach (var resource in _owned)
        {
            if (resource is IAsyncDisposable asynchronous) await asynchronous.DisposeAsync();
            else if (resource is IDisposable disposable) disposable.Dispose();
        }
    }

    /// <summary>The storage side: in-process by default, Azure Tables and blobs when configured.</summary>
    private sealed record Storage(IWindowEntityStore Store, IViewStore Views, IRecordTableStore RecordTables,
        IProgressStore Progress, ILeaseProvider Leases, IDueEntityIndex DueIndex)
    {
        public static Storage InProcess()
        {
            var store = new InMemoryWindowEntityStore();
            return new Storage(store, new InMemoryViewStore(), new InMemoryRecordTableStore(), new InMemoryProgressStore(),
                new InMemoryLeaseProvider(), new ScanningDueEntityIndex(store));
        }

        public static Storage For(JobComponentsSettings settings)
        {
            if (settings.UsesInProcessStorage) return InProcess();

            TableServiceClient tables;
            BlobServiceClient blobs;
            if (settings.StorageConnectionString is { } connection)
            {
                tables = new TableServiceClient(connection);
                blobs = new BlobServiceClient(connection);
            }
            else
            {
                TokenCredential identity = new DefaultAzureCredential();
                tables = new TableServiceClient(new Uri($"https://{settings.StorageAccountName}.table.core.windows.net"), identity);
                blobs = new BlobServiceClient(new Uri($"https://{settings.StorageAccountName}.blob.core.windows.net"), identity);
            }
            var tableStore = new TableWindowEntityStore(tables);
            return new Storage(tableStore, new TableViewStore(tables), new TableRecordTableStore(tables), new TableProgressStore(tables),
                new BlobLeaseProvider(blobs), new TableDueEntityIndex(tables, tableStore));
        }
    }
}
