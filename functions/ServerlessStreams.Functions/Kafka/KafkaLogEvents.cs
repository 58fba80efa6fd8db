using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>Log messages of the Kafka I/O; event ids 4100–4199 belong to this area.</summary>
internal static partial class KafkaLogEvents
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Kafka producer hit a fatal error and will be replaced: {Reason}")]
    public static partial void ProducerFatal(ILogger logger, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Kafka producer error: {Reason}")]
    public static partial void ProducerError(ILogger logger, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "librdkafka [{Facility}] {Message}")]
    public static partial void ClientLog(ILogger logger, string facility, string message);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Kafka producer could not deliver every record before closing: {Remaining} still queued")]
    public static partial void UnflushedOnDispose(ILogger logger, int remaining);
}
