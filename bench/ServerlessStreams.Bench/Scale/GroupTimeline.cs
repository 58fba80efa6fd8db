using System.Collections.Concurrent;
using System.Diagnostics;
using ServerlessStreams.Durable.Storage.Counters;
using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// When the consumer groups of a round were settled, and what the window stores did meanwhile. A group is settled
/// when its members together hold every partition of its topic, each partition once (an eager rebalance takes every
/// partition away first), and no instance delivers a batch of a partition it no longer holds (the local host still
/// delivers what it had read before a partition was taken away). The stores' counters are sampled a few times a second,
/// so conflicts and transactions can be told apart by whether the groups were settled around them.
/// </summary>
internal sealed class GroupTimeline : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    private readonly ScaleInstances _instances;
    private readonly IReadOnlyDictionary<string, int> _partitions;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<TimeSpan> _staleDeliveries = new();
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly List<Action<TriggerActivity>> _handlers = [];
    private readonly SemaphoreSlim _taking = new(1);

    /// <param name="partitions">The partition count of each Kafka function's topic.</param>
    public GroupTimeline(ScaleInstances instances, IReadOnlyDictionary<string, int> partitions)
    {
        _instances = instances;
        _partitions = partitions;
        foreach (var host in instances.Hosts)
        {
            Action<TriggerActivity> handler = activity => OnActivity(host, activity);
            host.Activity += handler;
            _handlers.Add(handler);
        }
        _sampling = Task.Run(SampleAsync);
    }

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The last sample's store counters (the progress line shows them).</summary>
    public StoreCounts Latest
    {
        get
        {
            lock (_samples) return _samples.Count == 0 ? default : _samples[^1].Store;
        }
    }

    /// <summary>True when every group is settled now, by the running hosts' own report.</summary>
    public bool Settled() => SettledIn(_instances.RunningStatus());

    /// <summary>Waits until every group is settled and stays so over two samples.</summary>
    public async Task WaitUntilSettledAsync(TimeSpan timeout)
    {
        var deadline = Now + timeout;
        var settledSince = (TimeSpan?)null;
        while (true)
        {
            await _instances.ThrowIfStoppedAsync();
            if (Settled()) settledSince ??= Now;
            else settledSince = null;
            if (settledSince is { } since && Now - since >= 2 * Period) return;
            if (Now > deadline) throw new TimeoutException($"the consumer groups did not settle within {timeout}: {Describe()}");
            await Task.Delay(Period / 4);
        }
    }

    /// <summary>
    /// The store counters between <paramref name="from"/> and <paramref name="to"/>, split into what happened while
    /// every group was settled and what happened around a rebalance. A sampling interval counts as a rebalance when
    /// either end saw an unsettled group or a batch of a partition its instance no longer held was delivered within it.
    /// </summary>
    public (StoreCounts Settled, StoreCounts Rebalancing) Split(TimeSpan from, TimeSpan to)
    {
        List<Sample> samples;
        lock (_samples) samples = [.. _samples.Where(s => s.At >= from && s.At <= to).OrderBy(s => s.At)];
        var stale = _staleDeliveries.ToList();
        StoreCounts settled = default, rebalancing = default;
        for (var i = 1; i < samples.Count; i++)
        {
            var (previous, current) = (samples[i - 1], samples[i]);
            var delta = current.Store - previous.Store;
            var calm = previous.Settled && current.Settled && !stale.Any(t => t > previous.At && t <= current.At);
            if (calm) settled += delta;
            else rebalancing += delta;
        }
        return (settled, rebalancing);
    }

    /// <summary>Takes a sample now (at the edges of a measured span, so the split covers it exactly).</summary>
    public async Task<TimeSpan> MarkAsync()
    {
        var sample = await TakeAsync();
        lock (_samples) _samples.Add(sample);
        return sample.At;
    }

    /// <summary>Each function's assignment per instance, for an error message.</summary>
    public string Describe() => string.Join("; ", _partitions.Keys.Select(function =>
        $"{function}: " + string.Join(" ", _instances.RunningStatus().Select((s, i) =>
            $"#{i + 1} [{string.Join(",", Assigned(s, function) ?? [])}]"))));

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var sample = await TakeAsync();
                lock (_samples) _samples.Add(sample);
                await Task.Delay(Period, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // A worker that is restarting answers no stats; the next sample will.
            }
        }
    }

    /// <summary>One sample at a time, so samples are in the order of their counters.</summary>
    private async Task<Sample> TakeAsync()
    {
        await _taking.WaitAsync();
        try
        {
            var settledBefore = Settled();
            var store = await _instances.StoreCountsAsync();
            // Settled only if it was so on both sides of reading the counters.
            return new Sample(Now, settledBefore && Settled(), store);
        }
        finally
        {
            _taking.Release();
        }
    }

    private bool SettledIn(IReadOnlyList<LocalHostSummary> hosts)
    {
        foreach (var (function, partitions) in _partitions)
        {
            var held = new bool[partitions];
            var count = 0;
            foreach (var host in hosts)
            {
                if (Assigned(host, function) is not { } assigned) return false;
                foreach (var partition in assigned)
                {
                    if (partition >= partitions || held[partition]) return false;
                    held[partition] = true;
                    count++;
                }
            }
            if (count != partitions) return false;
        }
        return true;
    }

    private static IReadOnlyList<int>? Assigned(LocalHostSummary host, string function) =>
        host.Functions.FirstOrDefault(f => string.Equals(f.FunctionName, function, StringComparison.OrdinalIgnoreCase))?.AssignedPartitions;

    private void OnActivity(LocalTriggerHost host, TriggerActivity activity)
    {
        if (activity.Kind != TriggerActivityKind.BatchDelivered || !_partitions.ContainsKey(activity.FunctionName)) return;
        var assigned = Assigned(host.Status(), activity.FunctionName);
        if (assigned is null || activity.Offsets.Any(o => !assigned.Contains(o.Partition))) _staleDeliveries.Enqueue(Now);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        for (var i = 0; i < _handlers.Count; i++) _instances.Hosts[i].Activity -= _handlers[i];
        _stop.Dispose();
        _taking.Dispose();
    }

    private sealed record Sample(TimeSpan At, bool Settled, StoreCounts Store);
}
