using System.Diagnostics;
using Confluent.Kafka;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// The baseline: a plain Confluent consumer that joins its group on an empty topic first, as the pipeline's instances
/// have joined theirs, and reads records doing nothing with them. Paused while records are produced, it reads them
/// from the broker's memory as fast as the broker hands them out, so producing does not limit it.
/// </summary>
internal sealed class BareConsumer : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;

    private BareConsumer(IConsumer<byte[], byte[]> consumer) => _consumer = consumer;

    /// <summary>Subscribes and waits until the consumer holds all <paramref name="partitions"/> partitions of the topic.</summary>
    public static BareConsumer Join(string bootstrap, string topic, int partitions, TimeSpan timeout)
    {
        var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-bare-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var waited = Stopwatch.StartNew();
        while (consumer.Assignment.Count < partitions)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is not null) throw new InvalidOperationException($"topic {topic} was not empty");
            if (waited.Elapsed > timeout)
            {
                consumer.Dispose();
                throw new TimeoutException($"a plain consumer was not assigned the {partitions} partitions of {topic} within {timeout}");
            }
        }
        return new BareConsumer(consumer);
    }

    /// <summary>
    /// Reads <paramref name="records"/> records on a thread of its own; completes with <paramref name="clock"/>'s time at
    /// the first and at the last.
    /// </summary>
    public Task<(TimeSpan First, TimeSpan Last)> ReadAsync(int records, Stopwatch clock) => Task.Factory.StartNew(() =>
    {
        var first = TimeSpan.Zero;
        for (var seen = 0; seen < records; seen++)
        {
            if (_consumer.Consume(TimeSpan.FromSeconds(30)) is null) throw new TimeoutException($"the plain consumer saw {seen} of {records} records");
            if (seen == 0) first = clock.Elapsed;
        }
        return (first, clock.Elapsed);
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Stops fetching from every assigned partition until <see cref="Resume"/>.</summary>
    public void Pause() => _consumer.Pause(_consumer.Assignment);

    public void Resume() => _consumer.Resume(_consumer.Assignment);

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
