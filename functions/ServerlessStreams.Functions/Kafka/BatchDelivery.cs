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
    // 1 where a record has its report, so a batch whose wait ends can name one that has none.
    private readonly byte[] reported;

    /// <param name="keepPositions">Whether to keep each record's topic, partition and offset, for <see cref="Positions"/>.</param>
    public BatchDelivery(int size, bool keepPositions = false)
    {
        this.size = size;
        positions = keepPositions ? new DeliveredRecord[size] : null;
        outstanding = size;
        reported = new byte[size];
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

        Volatile.Write(ref reported[index], 1);
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

    /// <summary>Fails the records without a report yet: the wait for them is over. <paramref name="topicOf"/> names a record's topic by its index.</summary>
    public void TimedOut(TimeSpan waited, Func<int, string> topicOf)
    {
        var outstandingNow = Volatile.Read(ref outstanding);
        if (outstandingNow <= 0) return;
        var missing = Array.IndexOf(reported, (byte)0);
        Interlocked.CompareExchange(ref firstFailure, new DeliveryFailure(topicOf(Math.Max(missing, 0)),
            $"timed out: not acknowledged within {waited.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s", null), null);
        Interlocked.Add(ref failed, outstandingNow);
        completion.TrySetResult();
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
