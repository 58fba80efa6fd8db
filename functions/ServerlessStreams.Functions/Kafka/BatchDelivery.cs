using Confluent.Kafka;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>
/// Collects the delivery reports of one batch and completes once every record has one.
/// Reports arrive on the Kafka client's thread, so the count is kept with interlocked operations.
/// </summary>
internal sealed class BatchDelivery
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int size;
    private int outstanding;
    private int failed;
    private DeliveryFailure? firstFailure;
    private readonly DeliveredRecord[]? positions;

    /// <param name="keepPositions">Whether to keep each record's topic, partition and offset, for <see cref="Positions"/>.</param>
    public BatchDelivery(int size, bool keepPositions = false)
    {
        this.size = size;
        positions = keepPositions ? new DeliveredRecord[size] : null;
        outstanding = size;
        if (size == 0)
        {
            completion.TrySetResult();
        }
    }

    public Task Completed => completion.Task;

    public int FailedCount => Volatile.Read(ref failed);

    public DeliveryFailure? FirstFailure => Volatile.Read(ref firstFailure);

    /// <summary>Where each record of the batch landed, by its index; complete once <see cref="Completed"/> is, without failures.</summary>
    public IReadOnlyList<DeliveredRecord> Positions => positions ?? [];

    /// <summary>The report of the record at <paramref name="index"/>; its position is kept when asked for.</summary>
    public void Report(DeliveryReport<byte[]?, byte[]> report, int index)
    {
        if (positions is not null && !report.Error.IsError)
        {
            positions[index] = new DeliveredRecord(report.Topic, report.Partition.Value, report.Offset.Value);
        }

        Report(report);
    }

    public void Report(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Fail(report.Topic, report.Error.Reason, count: 1);
        }
        else
        {
            Settle(1);
        }
    }

    /// <summary>Marks <paramref name="count"/> records as failed without a report (never handed to the client).</summary>
    public void Fail(string topic, string reason, int count, Exception? exception = null)
    {
        Interlocked.CompareExchange(ref firstFailure, new DeliveryFailure(topic, reason, exception), null);
        Interlocked.Add(ref failed, count);
        Settle(count);
    }

    public KafkaDeliveryException? ToException() =>
        FirstFailure is { } first
            ? new KafkaDeliveryException(first.Topic, first.Reason, FailedCount, size, first.Exception)
            : null;

    private void Settle(int count)
    {
        if (Interlocked.Add(ref outstanding, -count) == 0)
        {
            completion.TrySetResult();
        }
    }

    internal sealed record DeliveryFailure(string Topic, string Reason, Exception? Exception);
}
