using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ServerlessStreams.Local.Host.Rpc;

internal sealed record GrpcWorkerHostOptions
{
    /// <summary>The built function app folder: host.json, worker.config.json and the worker's assembly.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>The worker's assembly or apphost; by default worker.config.json's <c>description.defaultWorkerPath</c>.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>App settings; the worker gets each one as an environment variable, as the host passes them.</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a worker may take from its start to having loaded its functions.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an invocation may wait for its response; then it fails and the worker is restarted (the host's functionTimeout).</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest gRPC message either side accepts; the host passes int.MaxValue.</summary>
    public int MaxMessageLength { get; init; } = int.MaxValue;

    /// <summary>How long a stopping host gives the worker to exit after WorkerTerminate before ending its process.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before starting the worker again after a failed restart.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>host.json's <c>extensions.http.routePrefix</c>: HTTP functions' routes are under it (empty: at the root).</summary>
    public string HttpRoutePrefix { get; init; } = HostJsonSettings.DefaultHttpRoutePrefix;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Replaces the process start, for tests that play the worker themselves.</summary>
    internal Func<WorkerLaunch, ILogger, IWorkerProcess>? StartWorker { get; init; }
}
