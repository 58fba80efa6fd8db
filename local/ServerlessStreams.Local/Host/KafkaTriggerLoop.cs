using System.Collections.Concurrent;
using Confluent.Kafka;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Local.Host.Rpc;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// Drives one kafkaTrigger function. A reader keeps reading records into one lane per partition while the lanes
/// invoke the function with batches, partitions side by side (as the Kafka extension runs one executor per partition),
/// each storing a batch's offsets only after its invocation succeeded. On failure the lane goes back to the refused batch: the reader moves
/// that partition's read position back to it and, after a backoff, it is delivered again — never skipped, never
/// reordered.
/// </summary>
internal sealed class KafkaTriggerLoop(
    KafkaTriggerFunction function,
    IKafkaBatchSource source,
    IFunctionInvoker invoker,
    int maxBatchSize,
    TimeSpan maxBatchWait,
    RetryBackoff backoff,
    TimeProvider time,
    FunctionStats stats,
    Action<TriggerActivity> report)
{
    /// <summary>Partitions delivered at once, as the Kafka extension runs one executor per partition.</summary>
    public const int MaxConcurrentPartitions = 8;

    /// <summary>How long a read waits for a first record before the reader looks at rewinds and the lag again.</summary>
    private static readonly TimeSpan ReadWait = TimeSpan.FromMilliseconds(100);

    private readonly int _capacity = maxBatchSize * MaxConcurrentPartitions;
    private readonly Dictionary<(string Topic, int Partition), PartitionLane> _lanes = [];
    private readonly ConcurrentQueue<(IReadOnlyList<KafkaEventRecord> Batch, int Epoch)> _rewinds = new();
    private readonly List<Task> _deliveries = [];
    private readonly SemaphoreSlim _invocations = new(MaxConcurrentPartitions);
    private readonly AsyncSignal _space = new();
    private int _buffered;
    private volatile bool _caughtUp;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var _ = source;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await ReadAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await EndDeliveriesAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the lanes to stop; a lane that failed unexpectedly cancelled the reader, and throws here.</summary>
    private async Task EndDeliveriesAsync()
    {
        try
        {
            await Task.WhenAll(_deliveries).ConfigureAwait(false);
        }
        finally
        {
            _invocations.Dispose();
        }
    }

    /// <summary>Reads while the lanes have room, hands each partition's records to its lane, applies rewinds.</summary>
    private async Task ReadAsync(CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ApplyRewinds();
            var room = _capacity - Volatile.Read(ref _buffered);
            if (room <= 0)
            {
                // The lanes are full: the group may still move partitions meanwhile.
                stats.ReportAssignment(source.AssignedPartitions());
                await _space.WaitAsync(ReadWait, time, stop.Token).ConfigureAwait(false);
                continue;
            }

            var records = await source.ReadAsync(room, ReadWait, stop.Token).ConfigureAwait(false);
            _caughtUp = records.Count < room;
            foreach (var (lane, partitionRecords) in ByPartition(records, stop))
            {
                Buffered(lane.Add(partitionRecords, lane.ReadEpoch, time.GetTimestamp()));
            }
            stats.ReportLag(source.Lag());
            stats.ReportAssignment(source.AssignedPartitions());
            foreach (var skipped in source.TakeSkipped()) stats.Lost(skipped.Count, LostMessage(skipped));
            if (_caughtUp)
            {
                foreach (var lane in _lanes.Values) lane.Changed.Set();
            }
        }
    }

    /// <summary>Moves read positions back to refused batches, so what is read next carries the lane's new epoch.</summary>
    private void ApplyRewinds()
    {
        while (_rewinds.TryDequeue(out var rewind))
        {
            source.Rewind(rewind.Batch);
            var first = rewind.Batch[0];
            _lanes[(first.Topic, first.Partition)].ReadEpoch = rewind.Epoch;
        }
    }

    private List<(PartitionLane Lane, List<KafkaEventRecord> Records)> ByPartition(IReadOnlyList<KafkaEventRecord> records,
        CancellationTokenSource stop)
    {
        var byPartition = new List<(PartitionLane, List<KafkaEventRecord>)>();
        List<KafkaEventRecord>? current = null;
        PartitionLane? currentLane = null;
        foreach (var record in records)
        {
            if (currentLane is null || currentLane.Partition != record.Partition || currentLane.Topic != record.Topic)
            {
                currentLane = LaneOf(record, stop);
                var existing = byPartition.FindIndex(p => p.Item1 == currentLane);
                if (existing >= 0)
                {
                    current = byPartition[existing].Item2;
                }
                else
                {
                    current = [];
                    byPartition.Add((currentLane, current));
                }
            }
            current!.Add(record);
        }
        return byPartition;
    }

    private PartitionLane LaneOf(KafkaEventRecord record, CancellationTokenSource stop)
    {
        var key = (record.Topic, record.Partition);
        if (_lanes.TryGetValue(key, out var lane)) return lane;
        lane = new PartitionLane(record.Topic, record.Partition);
        _lanes[key] = lane;
        _deliveries.Add(Task.Run(() => DeliverAsync(lane, stop), CancellationToken.None));
        return lane;
    }

    /// <summary>One partition's batches, in order; a refused batch is delivered again after a backoff.</summary>
    private async Task DeliverAsync(PartitionLane lane, CancellationTokenSource stop)
    {
        var cancellationToken = stop.Token;
        var attempt = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = lane.TryTake(maxBatchSize, _caughtUp, maxBatchWait, time, out var wait);
                if (batch is null)
                {
                    await lane.Changed.WaitAsync(wait == Timeout.InfiniteTimeSpan ? ReadWait : wait, time, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                Buffered(-batch.Count);

                var outcome = await InvokeAsync(batch, cancellationToken).ConfigureAwait(false);
                attempt++;
                if (outcome.Succeeded)
                {
                    Commit(batch);
                    stats.Succeeded(batch.Count);
                    report(new TriggerActivity(function.Name, TriggerActivityKind.BatchDelivered, batch.Count, attempt, null, Offsets(batch)));
                    attempt = 0;
                    continue;
                }

                var (dropped, epoch) = lane.Reset();
                Buffered(-dropped);
                _rewinds.Enqueue((batch, epoch));
                stats.Failed(outcome.Error ?? "failed");
                report(new TriggerActivity(function.Name, TriggerActivityKind.InvocationFailed, batch.Count, attempt, outcome.Error, Offsets(batch)));
                await Task.Delay(backoff.Delay(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Buffered(int change)
    {
        if (change == 0) return;
        Interlocked.Add(ref _buffered, change);
        stats.Buffered(change);
        if (change < 0) _space.Set();
    }

    private async Task<InvocationStatus> InvokeAsync(List<KafkaEventRecord> batch, CancellationToken cancellationToken)
    {
        await _invocations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = InvocationRequests.KafkaBatch(function.BindingName, batch, function.DataType);
            return await invoker.InvokeAsync(function.Name, request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _invocations.Release();
        }
    }

    private string LostMessage(SkippedRange skipped) =>
        $"{function.Name}: {skipped.Count} records of topic '{function.Topic}' partition {skipped.Partition} (offsets {skipped.From} to {skipped.To - 1}) " +
        "were deleted by the broker before they were read (retention; the embedded Kafka keeps the last 5 MiB of each partition)";

    private static BatchCoordinates Offsets(IReadOnlyList<KafkaEventRecord> batch) => new(batch);

    private void Commit(IReadOnlyList<KafkaEventRecord> batch)
    {
        try
        {
            source.Commit(batch);
        }
        catch (KafkaException e)
        {
            // The batch was processed; if the commit is lost (a rebalance), the records come again and the
            // idempotent stage ignores them.
            stats.Failed($"{function.Name}: commit after a successful batch failed: {e.Error.Reason}");
        }
    }
}
