using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Functions.Worker;

/// <summary>Log messages of the isolated worker's functions; event ids 4300–4399 belong to this area.</summary>
internal static partial class WorkerLogEvents
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "{Function} ({Task}): {Outcome}")]
    public static partial void StageProcessed(ILogger logger, string function, string task, string outcome);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "sweeper: {Report}")]
    public static partial void Swept(ILogger logger, string report);
}
