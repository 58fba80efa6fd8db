using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessStreams.Local.Host.Rpc;

namespace ServerlessStreams.Local.Host;

internal sealed record LocalTriggerHostOptions
{
    /// <summary>The built isolated-worker app folder: host.json, worker.config.json and the worker's assembly.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>The worker's assembly or apphost; by default worker.config.json's <c>description.defaultWorkerPath</c>.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>App settings: the worker's environment, and what <c>%Name%</c> references in bindings resolve against.</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a batch waits for more records after its first one (the extension waits up to 1 s).</summary>
    public TimeSpan MaxBatchWait { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one invocation may take before it fails and the worker is restarted (the host's functionTimeout).</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the worker may take to start and load its functions.</summary>
    public TimeSpan WorkerStartupTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest gRPC message either side accepts; the host passes int.MaxValue.</summary>
    public int MaxMessageLength { get; init; } = int.MaxValue;

    /// <summary>Only these functions are triggered, when given; the others are left alone.</summary>
    public IReadOnlySet<string>? Functions { get; init; }

    /// <summary>The consumers' session timeout; null keeps librdkafka's 45 s. A member that vanishes holds its partitions this long.</summary>
    public TimeSpan? ConsumerSessionTimeout { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Wraps the worker channel as the trigger loops see it, e.g. to fail an invocation after the worker answered.</summary>
    internal Func<IFunctionInvoker, IFunctionInvoker>? WrapInvoker { get; init; }

    /// <summary>Replaces the Kafka consumer, for tests of the trigger loop.</summary>
    internal Func<KafkaTriggerFunction, ResolvedKafkaTrigger, IKafkaBatchSource>? SourceFactory { get; init; }

    /// <summary>Replaces the worker process start, for tests that play the worker themselves.</summary>
    internal Func<WorkerLaunch, ILogger, IWorkerProcess>? StartWorker { get; init; }

    internal GrpcWorkerHostOptions WorkerHostOptions() => new()
    {
        AppDirectory = AppDirectory,
        WorkerPath = WorkerPath,
        AppSettings = AppSettings,
        StartupTimeout = WorkerStartupTimeout,
        InvocationTimeout = InvocationTimeout,
        MaxMessageLength = MaxMessageLength,
        LoggerFactory = LoggerFactory,
        StartWorker = StartWorker,
    };
}
