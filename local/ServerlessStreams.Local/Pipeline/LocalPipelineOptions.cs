using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Local;

internal sealed record LocalPipelineOptions
{
    /// <summary>A real broker's bootstrap servers; null starts the embedded Kafka.</summary>
    public string? BootstrapServers { get; init; }

    /// <summary>A storage connection string (Azurite, Azure); null keeps window state in the worker's process.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>The function app folder; null runs the built app (<see cref="FunctionAppFolder.Locate"/>) with the host.json generated for the job.</summary>
    public string? AppDirectory { get; init; }

    /// <summary>Partitions of each topic the embedded Kafka creates (an internal topic of a task without a group key has one).</summary>
    public int Partitions { get; init; } = 4;

    /// <summary>
    /// Instances of the app, each a local host with its own worker, sharing the consumer groups as a scaled-out app
    /// does. Window state in process is each worker's own, so results read back are whole only with one instance or
    /// with <see cref="StorageConnectionString"/>.
    /// </summary>
    public int Instances { get; init; } = 1;

    /// <summary>How long a trigger batch waits for more records after its first.</summary>
    public TimeSpan MaxBatchWait { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Overrides the consumer session timeout (shorter makes rebalances after a stop quick).</summary>
    public TimeSpan? ConsumerSessionTimeout { get; init; }

    /// <summary>Wraps the worker channel as the trigger loops see it (tests: fail an invocation after the worker answered).</summary>
    internal Func<IFunctionInvoker, IFunctionInvoker>? WrapInvoker { get; init; }

    /// <summary>
    /// Serve the worker's metrics in the Prometheus text format on this loopback port (0: a free one), at
    /// <see cref="LocalPipeline.PrometheusEndpoint"/>; null: not at all.
    /// </summary>
    public int? PrometheusPort { get; init; }
}
