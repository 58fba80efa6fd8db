namespace ServerlessStreams.Functions.LocalHost;

public sealed record LocalTriggerHostOptions
{
    /// <summary>The folder with host.json and the function folders.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>The custom handler's base address, e.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public required Uri HandlerAddress { get; init; }

    /// <summary>App settings that <c>%Name%</c> references in function.json resolve against.</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a batch waits for more records after its first one (the extension waits up to 1 s).</summary>
    public TimeSpan MaxBatchWait { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one invocation may take before it counts as failed (the host's function timeout).</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Only these functions are driven, when given; the others are left alone.</summary>
    public IReadOnlySet<string>? Functions { get; init; }

    /// <summary>The consumers' session timeout; null keeps librdkafka's 45 s. A member that vanishes holds its partitions this long.</summary>
    public TimeSpan? ConsumerSessionTimeout { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Replaces the Kafka consumer, for tests of the trigger loop.</summary>
    internal Func<KafkaTriggerFunction, ResolvedKafkaTrigger, IKafkaBatchSource>? SourceFactory { get; init; }
}
