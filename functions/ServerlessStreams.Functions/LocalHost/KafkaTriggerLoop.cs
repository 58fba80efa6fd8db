using Confluent.Kafka;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.LocalHost;

/// <summary>
/// Drives one kafkaTrigger function: read a batch, POST it, commit only after a 2xx. On failure the read position goes
/// back to the batch's first records and, after a backoff, they are delivered again — never skipped.
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
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var _ = source;
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<KafkaEventRecord> batch;
            try
            {
                batch = await source.NextBatchAsync(maxBatchSize, maxBatchWait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            stats.ReportLag(source.Lag());
            if (batch.Count == 0) continue;

            var payload = KafkaTriggerPayload.Encode(batch, function.BindingName, function.Name, time.GetUtcNow());
            InvocationOutcome outcome;
            try
            {
                outcome = await client.InvokeAsync(function.Name, payload, Guid.NewGuid().ToString(), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var offsets = batch.Select(r => new SourceCoordinates(r.Topic, r.Partition, r.Offset)).ToList();
            if (outcome.Succeeded)
            {
                Commit(batch);
                stats.Succeeded(batch.Count);
                report(new TriggerActivity(function.Name, TriggerActivityKind.BatchDelivered, batch.Count, attempt + 1, null, offsets));
                attempt = 0;
                continue;
            }

            attempt++;
            stats.Failed(outcome.Error ?? "failed");
            source.Rewind(batch);
            report(new TriggerActivity(function.Name, TriggerActivityKind.InvocationFailed, batch.Count, attempt, outcome.Error, offsets));
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
