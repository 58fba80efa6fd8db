using System.Net;
using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Storage.Counters;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Local;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// Instances of one job's app, as on Azure: each a local host with its own worker process, all in the same consumer
/// groups. The first is a <see cref="LocalPipeline"/> (it writes the job's app folder and settings); the others run
/// the same app folder with the same settings. Only the Kafka functions are triggered; the benchmark sweeps itself.
/// </summary>
internal sealed class ScaleInstances : IAsyncDisposable
{
    /// <summary>As the end-to-end tests: the embedded broker's shortest session, so a group settles in seconds.</summary>
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan BatchWait = TimeSpan.FromMilliseconds(100);

    private readonly LocalPipeline _first;
    private readonly List<LocalTriggerHost> _hosts;
    private readonly List<(CancellationTokenSource Stop, Task<LocalHostSummary> Run)?> _runs;
    private readonly IReadOnlyList<InvocationWatch> _watches;

    private ScaleInstances(LocalPipeline first, List<LocalTriggerHost> hosts, IReadOnlyList<InvocationWatch> watches,
        IReadOnlyDictionary<string, string> topics, bool sharedStore)
    {
        _first = first;
        _hosts = hosts;
        _watches = watches;
        _runs = [.. hosts.Select(_ => ((CancellationTokenSource, Task<LocalHostSummary>)?)null)];
        KafkaFunctions = topics;
        SharedStore = sharedStore;
    }

    public JobSpec Job => _first.Job;

    public IReadOnlyList<LocalTriggerHost> Hosts => _hosts;

    /// <summary>The Kafka-triggered functions and the topic each reads.</summary>
    public IReadOnlyDictionary<string, string> KafkaFunctions { get; }

    /// <summary>True when the instances share one window store (Azure Tables); false when each worker keeps its own.</summary>
    public bool SharedStore { get; }

    /// <summary>The input task's function.</summary>
    public string StageOf(string task) => FunctionNames.Stage(task);

    /// <summary>Starts <paramref name="count"/> workers (at once: they load in parallel) with their functions loaded; triggers nothing yet.</summary>
    public static async Task<ScaleInstances> StartAsync(JobSpec job, int count, string bootstrap, string? storage)
    {
        var watches = Enumerable.Range(0, count).Select(_ => new InvocationWatch()).ToList();
        var first = await LocalPipeline.StartAsync(job, new LocalPipelineOptions
        {
            BootstrapServers = bootstrap,
            StorageConnectionString = storage,
            MaxBatchWait = BatchWait,
            ConsumerSessionTimeout = SessionTimeout,
            WrapInvoker = watches[0].Wrap,
        });
        var settings = new AppSettings(first.AppSettings);
        var topics = first.TriggerHost.App.KafkaFunctions.ToDictionary(
            f => f.Name, f => settings.Resolve(f.Topic, $"function '{f.Name}' topic"), StringComparer.OrdinalIgnoreCase);
        var hosts = new List<LocalTriggerHost> { first.TriggerHost };
        try
        {
            var others = Enumerable.Range(1, count - 1).Select(i => new LocalTriggerHost(new LocalTriggerHostOptions
            {
                AppDirectory = first.AppDirectory,
                AppSettings = first.AppSettings,
                MaxBatchWait = BatchWait,
                ConsumerSessionTimeout = SessionTimeout,
                Functions = topics.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase),
                WrapInvoker = watches[i].Wrap,
            })).ToList();
            hosts.AddRange(others);
            await Task.WhenAll(others.Select(h => h.StartAsync(CancellationToken.None)));
        }
        catch
        {
            foreach (var host in hosts.Skip(1)) await host.DisposeAsync();
            await first.DisposeAsync();
            throw;
        }
        return new ScaleInstances(first, hosts, watches, topics, storage is not null);
    }

    /// <summary>Starts instance <paramref name="index"/>'s Kafka triggers: its consumers join the groups.</summary>
    public void StartTriggers(int index)
    {
        if (_runs[index] is not null) throw new InvalidOperationException($"instance {index + 1} runs already");
        var stop = new CancellationTokenSource();
        var functions = KafkaFunctions.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        _runs[index] = (stop, Task.Run(() => _hosts[index].RunAsync(functions, stop.Token)));
    }

    /// <summary>Throws what a trigger host failed with, if one has stopped on its own.</summary>
    public async Task ThrowIfStoppedAsync()
    {
        foreach (var run in _runs)
            if (run is { Run.IsCompleted: true } stopped && !stopped.Stop.IsCancellationRequested)
            {
                await stopped.Run;
                throw new InvalidOperationException("a trigger host stopped on its own");
            }
    }

    /// <summary>Every host's function counters, in instance order.</summary>
    public IReadOnlyList<LocalHostSummary> Status() => [.. _hosts.Select(h => h.Status())];

    /// <summary>The counters of the hosts whose triggers run: the members of the consumer groups.</summary>
    public IReadOnlyList<LocalHostSummary> RunningStatus() => [.. _hosts.Where((_, i) => _runs[i] is not null).Select(h => h.Status())];

    /// <summary>Records delivered to <paramref name="function"/>, over every instance.</summary>
    public long Delivered(string function) => _hosts.Sum(h => h.Status().Functions
        .Where(f => string.Equals(f.FunctionName, function, StringComparison.OrdinalIgnoreCase)).Sum(f => f.RecordsDelivered));

    /// <summary>Records the Kafka functions other than <paramref name="function"/> have yet to read or deliver, over every instance.</summary>
    public long LagBeyond(string function) => _hosts.Sum(h => h.Status().Functions
        .Where(f => KafkaFunctions.ContainsKey(f.FunctionName) && !string.Equals(f.FunctionName, function, StringComparison.OrdinalIgnoreCase))
        .Sum(f => f.Lag ?? 0));

    /// <summary>The window stores' counters, summed over the instances.</summary>
    public async Task<StoreCounts> StoreCountsAsync()
    {
        var stats = await Task.WhenAll(_hosts.Select(ReadStatsAsync));
        return stats.Select(s => s.Store).Aggregate((a, b) => a + b);
    }

    /// <summary>What the workers and hosts counted, for an error message: records in, late, dead letters, conflicts, failed batches.</summary>
    public async Task<string> DescribeAsync()
    {
        var stats = await Task.WhenAll(_hosts.Select(ReadStatsAsync));
        var instances = _watches.Select((w, i) => $"#{i + 1} {w.Describe(TimeSpan.FromSeconds(10))}");
        return $"the workers counted {stats.Sum(s => s.Stream.RecordsIn)} records in, {stats.Sum(s => s.Stream.LateRecords)} late, " +
               $"{stats.Sum(s => s.Stream.DeadLetters)} dead letters, {stats.Sum(s => s.Stream.DedupeHits)} de-duplication hits, " +
               $"{stats.Sum(s => s.Store.Transactions)} transactions, {stats.Sum(s => s.Store.Conflicts)} conflicts, {stats.Sum(s => s.Store.Duplicates)} duplicate rows; " +
               $"lag: {string.Join(", ", Status().SelectMany((s, i) => s.Functions.Where(f => f.Lag > 0).Select(f => $"#{i + 1} {f.FunctionName} {f.Lag} [{string.Join(",", f.AssignedPartitions ?? [])}]")))}; " +
               string.Join("; ", instances) +
               $"; dead letters by reason: {DeadLetterTally.Of(_first.BootstrapServers, Job.DeadLetter?.Topic ?? $"{Job.Name}-dead-letters")}";
    }

    /// <summary>
    /// The count a window holds for a key: the entity's, read through the query function; summed over the instances
    /// when each keeps its own store (a key written from several instances is spread over their stores).
    /// </summary>
    public async Task<long> CountAsync(WindowCount count)
    {
        var path = $"/api/jobs/{Uri.EscapeDataString(Job.Name)}/windows/{Uri.EscapeDataString(count.Window)}/keys/{Uri.EscapeDataString(count.Key.ToString())}";
        long total = 0;
        foreach (var host in Readers())
        {
            if (await GetJsonAsync(host, FunctionNames.Query, path) is not JsonObject state) continue;
            total += state["extents"]!.AsArray().Sum(e => e!["state"]!.GetValue<long>());
        }
        return total;
    }

    /// <summary>A view's counts per group key for one window, summed over the instances when each keeps its own store.</summary>
    public async Task<Dictionary<string, long>> ViewAsync(string view, string window)
    {
        var path = $"/api/jobs/{Uri.EscapeDataString(Job.Name)}/views/{Uri.EscapeDataString(view)}?window={Uri.EscapeDataString(window)}";
        var counts = new Dictionary<string, long>();
        foreach (var host in Readers())
        {
            if (await GetJsonAsync(host, FunctionNames.Views, path) is not JsonArray rows) continue;
            foreach (var row in rows)
            {
                var key = row!["groupKey"] is { } k ? Segments.GroupKey.From(k).ToString() : Segments.GroupKey.None.ToString();
                counts[key] = counts.GetValueOrDefault(key) + row["state"]!.GetValue<long>();
            }
        }
        return counts;
    }

    /// <summary>Runs the sweeper once in every instance, as its timer would: due timer triggers fire to their views.</summary>
    public async Task SweepAsync()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var host in _hosts)
        {
            var outcome = await host.Invoker.InvokeAsync(FunctionNames.Sweeper,
                InvocationRequests.Timer(JobFunctionCatalog.TimerParameter, now, null, now.AddSeconds(1)), CancellationToken.None);
            if (!outcome.Succeeded) throw new InvalidOperationException($"a sweep failed: {outcome.Error}");
        }
    }

    private IEnumerable<LocalTriggerHost> Readers() => SharedStore ? _hosts.Take(1) : _hosts;

    private async Task<WorkerStats> ReadStatsAsync(LocalTriggerHost host) =>
        WorkerStats.Parse((await GetJsonAsync(host, FunctionNames.Stats, $"/api/jobs/{Uri.EscapeDataString(Job.Name)}/stats"))!.ToJsonString());

    private static async Task<JsonNode?> GetJsonAsync(LocalTriggerHost host, string function, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await host.InvokeHttpAsync(function, request, CancellationToken.None);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{function} {path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs.OfType<(CancellationTokenSource Stop, Task<LocalHostSummary> Run)>()) await run.Stop.CancelAsync();
        foreach (var run in _runs.OfType<(CancellationTokenSource Stop, Task<LocalHostSummary> Run)>())
        {
            try
            {
                await run.Run;
            }
            catch (OperationCanceledException)
            {
            }
            run.Stop.Dispose();
        }
        foreach (var host in _hosts.Skip(1)) await host.DisposeAsync();
        await _first.DisposeAsync();
    }
}
