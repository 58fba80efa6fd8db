using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Local.Host.Rpc;

internal enum LocalHostEvent
{
    WorkerOutput = 3000,
    WorkerError,
    WorkerStarted,
    WorkerReady,
    WorkerEnded,
    WorkerRestartFailed,
    ProtocolError,
    UnexpectedStream,
}

/// <summary>The local host's log lines; worker RpcLogs are written under their own category and level.</summary>
internal static partial class LocalHostLog
{
    [LoggerMessage((int)LocalHostEvent.WorkerOutput, LogLevel.Debug, "worker: {Line}")]
    public static partial void WorkerOutput(ILogger logger, string line);

    [LoggerMessage((int)LocalHostEvent.WorkerError, LogLevel.Warning, "worker stderr: {Line}")]
    public static partial void WorkerError(ILogger logger, string line);

    [LoggerMessage((int)LocalHostEvent.WorkerStarted, LogLevel.Information, "started worker {WorkerId} (pid {ProcessId}): {Launch}")]
    public static partial void WorkerStarted(ILogger logger, string workerId, int processId, WorkerLaunch launch);

    [LoggerMessage((int)LocalHostEvent.WorkerReady, LogLevel.Information, "worker {WorkerId} loaded {Count} functions: {Functions}")]
    public static partial void WorkerReady(ILogger logger, string workerId, int count, string functions);

    [LoggerMessage((int)LocalHostEvent.WorkerEnded, LogLevel.Warning, "worker {WorkerId} ended ({Reason}); {InFlight} invocations in flight fail ({Functions}) and it is restarted")]
    public static partial void WorkerEnded(ILogger logger, string workerId, string reason, int inFlight, string functions);

    [LoggerMessage((int)LocalHostEvent.WorkerRestartFailed, LogLevel.Error, "restarting the worker failed; trying again in {Delay}")]
    public static partial void WorkerRestartFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage((int)LocalHostEvent.ProtocolError, LogLevel.Error, "worker {WorkerId}: {Problem}")]
    public static partial void ProtocolError(ILogger logger, string workerId, string problem);

    [LoggerMessage((int)LocalHostEvent.UnexpectedStream, LogLevel.Error, "an EventStream was opened that no started worker expects: {Problem}")]
    public static partial void UnexpectedStream(ILogger logger, string problem);
}
