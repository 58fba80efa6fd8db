using Confluent.Kafka;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.LocalHost;

/// <summary>
/// Drives one kafkaTrigger function: read records, POST them in per-partition batches (partitions side by side, as
/// the Kafka extension's per-partition executors do), commit each batch only after its 2xx. On failure the read
/// position of that partition goes back to the refused batch and, after a backoff, it is delivered again — never
/// skipped, never reordered.
/// </summary>
internal sealed class KafkaTriggerLoop(
    KafkaTriggerFunction function,
    IKafkaBatchSource source,
    HandlerClient client,
    int maxBatchSize,
    TimeSpan maxBatchWait,
    RetryBackoff backoff,
    TimeProvider time,
    FunctionStats stats,
    Action<TriggerActivity> report)
{
    /// <summary>Partitions delivered at once, as the Kafka extension runs one executor per partition.</summary>
    public const int MaxConcurrentPartitions = 8;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var _ = source;
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<KafkaEventRecord> fetched;
            try
            {
                fetched = await source.NextBatchAsync(maxBatchSize * MaxConcurrentPartitions, maxBatchWait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            stats.ReportLag(source.Lag());
            if (fetched.Count == 0) continue;

            // Each partition's records go in order, in batches of at most maxBatchSize; partitions go side by side.
            var partitions = fetched.GroupBy(r => (r.Topic, r.Partition)).Select(g => g.ToList()).ToList();
            Delivery[] deliveries;
            try
            {
                deliveries = await Task.WhenAll(partitions.Select(p => DeliverPartitionAsync(p, attempt, cancellationToken))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var failed = false;
            foreach (var delivery in deliveries)
            {
                foreach (var batch in delivery.Delivered)
                {
                    Commit(batch);
                    stats.Succeeded(batch.Count);
                    report(new TriggerActivity(function.Name, TriggerActivityKind.BatchDelivered, batch.Count, attempt + 1, null, Offsets(batch)));
                }
                if (delivery.Undelivered is { Count: > 0 } rest)
                {
                    failed = true;
                    stats.Failed(delivery.Error ?? "failed");
                    source.Rewind(rest);
                    report(new TriggerActivity(function.Name, TriggerActivityKind.InvocationFailed, delivery.FailedBatchSize, attempt + 1, delivery.Error, Offsets(rest)));
                }
            }
            if (!failed)
            {
                attempt = 0;
                continue;
            }

            attempt++;
            try
            {
                await Task.Delay(backoff.Delay(attempt), time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One partition's records in batches, in order, stopping at the first batch the handler refuses.</summary>
    private async Task<Delivery> DeliverPartitionAsync(List<KafkaEventRecord> records, int attempt, CancellationToken cancellationToken)
    {
        var delivered = new List<IReadOnlyList<KafkaEventRecord>>();
        for (var start = 0; start < records.Count; start += maxBatchSize)
        {
            var batch = records.GetRange(start, Math.Min(maxBatchSize, records.Count - start));
            using var payload = KafkaTriggerPayload.Encode(batch, function.BindingName, function.Name, time.GetUtcNow());
            var outcome = await client.InvokeAsync(function.Name, payload, Guid.NewGuid().ToString(), cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
                return new Delivery(delivered, records.GetRange(start, records.Count - start), batch.Count, outcome.Error);
            delivered.Add(batch);
        }
        return new Delivery(delivered, null, 0, null);
    }

    private static List<SourceCoordinates> Offsets(IReadOnlyList<KafkaEventRecord> batch) =>
        batch.Select(r => new SourceCoordinates(r.Topic, r.Partition, r.Offset)).ToList();

    /// <summary>What one partition's turn delivered, and what must come again.</summary>
    private sealed record Delivery(
        IReadOnlyList<IReadOnlyList<KafkaEventRecord>> Delivered,
        IReadOnlyList<KafkaEventRecord>? Undelivered,
        int FailedBatchSize,
        string? Error);

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
