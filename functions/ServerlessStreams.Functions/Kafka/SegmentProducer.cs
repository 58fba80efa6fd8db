using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>
/// Sends the records a stage emits and returns only when Kafka has acknowledged every one of them
/// (idempotent, acks=all), so an invocation answers 2xx only after its output is durable.
/// One instance serves the whole process: it is thread-safe, keeps its connections across
/// invocations, replaces its client after a fatal idempotence error or when a batch is not acknowledged within the
/// delivery timeout, and flushes on dispose. What one client writes to a partition is always a gap-less run of what
/// it was given, in order (see <see cref="KafkaClientSettings.ToProducerConfig"/>): a replaced client's unsent records
/// are let go, which cuts its run short but leaves no hole in it.
/// </summary>
internal sealed class SegmentProducer : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(20);

    private readonly ProducerConfig config;
    private readonly TimeSpan deliveryTimeout;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private IProducer<byte[]?, byte[]>? producer;
    private bool producerBroken;
    private bool disposed;

    public SegmentProducer(KafkaClientSettings settings, ILogger<SegmentProducer>? logger = null)
        : this(settings.ToProducerConfig(), settings.DeliveryTimeout, logger)
    {
    }

    private SegmentProducer(ProducerConfig config, TimeSpan deliveryTimeout, ILogger? logger)
    {
        this.config = config;
        this.deliveryTimeout = deliveryTimeout;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The client configuration in use (idempotent, acks=all); a copy, for inspection.</summary>
    public IReadOnlyDictionary<string, string> Configuration =>
        config.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    /// <summary>
    /// Produces <paramref name="records"/> in order (per partition) and waits for every acknowledgement.
    /// Throws <see cref="KafkaDeliveryException"/> naming the topic and reason when any record was not delivered.
    /// Cancelling stops the wait, not records already handed to the client.
    /// </summary>
    public Task ProduceAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken cancellationToken = default) =>
        ProduceAsync(records, keepPositions: false, cancellationToken);

    /// <summary>
    /// As <see cref="ProduceAsync(IReadOnlyList{OutgoingRecord}, CancellationToken)"/>, and returns where each record
    /// landed (topic, partition, offset), in the order of <paramref name="records"/>.
    /// </summary>
    public Task<IReadOnlyList<DeliveredRecord>> ProduceReportedAsync(IReadOnlyList<OutgoingRecord> records,
        CancellationToken cancellationToken = default) =>
        ProduceAsync(records, keepPositions: true, cancellationToken);

    private async Task<IReadOnlyList<DeliveredRecord>> ProduceAsync(IReadOnlyList<OutgoingRecord> records, bool keepPositions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return [];
        }

        using var activity = Telemetry.ActivitySource.StartActivity("kafka produce", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.batch.message_count", records.Count);

        var client = Client();
        var batch = new BatchDelivery(records.Count, keepPositions);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var message = ToMessage(record);
            if (!await TryEnqueueAsync(client, record.Topic, message, batch, i, cancellationToken).ConfigureAwait(false))
            {
                batch.Fail(record.Topic, "not attempted after an earlier record of the batch was refused", records.Count - i - 1);
                break;
            }
        }

        try
        {
            await batch.Completed.WaitAsync(deliveryTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The client keeps trying: its records may still be written, in order, after this batch has failed. A new
            // client for the next batches lets this one's unsent records go, so they cannot pile up while the broker is away.
            MarkBroken(client);
            batch.TimedOut(deliveryTimeout, index => records[index].Topic);
        }
        if (batch.ToException() is { } failure)
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            throw failure;
        }

        return batch.Positions;
    }

    /// <summary>Produces one record and waits for its acknowledgement.</summary>
    public Task ProduceAsync(OutgoingRecord record, CancellationToken cancellationToken = default) =>
        ProduceAsync([record], cancellationToken);

    public void Dispose()
    {
        IProducer<byte[]?, byte[]>? toClose;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            toClose = producer;
            producer = null;
        }

        if (toClose is null)
        {
            return;
        }

        var remaining = toClose.Flush(deliveryTimeout);
        if (remaining > 0)
        {
            KafkaLogEvents.UnflushedOnDispose(logger, remaining);
        }

        toClose.Dispose();
    }

    public ValueTask DisposeAsync() => new(Task.Run(Dispose));

    /// <returns>False when the client refused the record outright (recorded as a failure of the batch).</returns>
    private async ValueTask<bool> TryEnqueueAsync(
        IProducer<byte[]?, byte[]> client,
        string topic,
        Message<byte[]?, byte[]> message,
        BatchDelivery batch,
        int index,
        CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + deliveryTimeout;
        while (true)
        {
            try
            {
                client.Produce(topic, message, report =>
                {
                    if (report.Error.IsFatal || report.Error.Code == ErrorCode.Local_Fatal)
                    {
                        MarkBroken(client);
                    }

                    batch.Report(report, index);
                });
                return true;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull && DateTime.UtcNow < deadline)
            {
                // The client's queue drains as earlier records are acknowledged; wait a moment and offer again.
                await Task.Delay(QueueFullBackoff, cancellationToken).ConfigureAwait(false);
            }
            catch (ProduceException<byte[]?, byte[]> e)
            {
                batch.Fail(topic, e.Error.Reason, count: 1, e);
                return false;
            }
            catch (KafkaException e)
            {
                batch.Fail(topic, e.Error.Reason, count: 1, e);
                return false;
            }
        }
    }

    private IProducer<byte[]?, byte[]> Client()
    {
        IProducer<byte[]?, byte[]>? broken = null;
        IProducer<byte[]?, byte[]> current;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (producer is not null && producerBroken)
            {
                broken = producer;
                producer = null;
            }

            if (producer is null)
            {
                producer = Build();
                producerBroken = false;
            }

            current = producer;
        }

        if (broken is not null)
        {
            // A fatally failed client has already failed its queued records; one that timed out may still hold some,
            // which closing it (without a flush) lets go. Closing may take a moment.
            _ = Task.Run(broken.Dispose);
        }

        return current;
    }

    private IProducer<byte[]?, byte[]> Build()
    {
        IProducer<byte[]?, byte[]>? built = null;
        built = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetErrorHandler((_, error) => OnError(built, error))
            .SetLogHandler((_, log) => KafkaLogEvents.ClientLog(logger, log.Facility, log.Message))
            .Build();
        return built;
    }

    private void OnError(IProducer<byte[]?, byte[]>? source, Error error)
    {
        if (!error.IsFatal)
        {
            KafkaLogEvents.ProducerError(logger, error.Reason);
            return;
        }

        KafkaLogEvents.ProducerFatal(logger, error.Reason);
        if (source is not null)
        {
            MarkBroken(source);
        }
    }

    /// <summary>A client with a fatal error (or one that did not deliver in time) is used no more; the next batch gets a new one.</summary>
    private void MarkBroken(IProducer<byte[]?, byte[]> client)
    {
        lock (gate)
        {
            if (ReferenceEquals(client, producer))
            {
                producerBroken = true;
            }
        }
    }

    private static Message<byte[]?, byte[]> ToMessage(OutgoingRecord record)
    {
        var headers = new Headers();
        if (record.Id is { } id)
        {
            headers.Add(SegmentId.HeaderName, Encoding.UTF8.GetBytes(id.Value));
        }

        foreach (var header in record.Headers)
        {
            headers.Add(header.Key, header.Value);
        }

        return new Message<byte[]?, byte[]>
        {
            Key = record.Key is null ? null : Encoding.UTF8.GetBytes(record.Key),
            Value = AsArray(record.Value),
            Headers = headers,
        };
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
}
