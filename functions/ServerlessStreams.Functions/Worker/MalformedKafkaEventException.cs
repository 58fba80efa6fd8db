namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// A kafkaTrigger batch whose records cannot be read from what the host sent. The invocation fails (the batch is
/// delivered again); the message names the place, e.g. <c>TimestampArray[3]: is not an ISO-8601 time</c>.
/// </summary>
internal sealed class MalformedKafkaEventException(string place, string problem, int? index = null, Exception? inner = null)
    : FormatException($"{place}: {problem}", inner)
{
    /// <summary>The record the problem is in, when it is in one.</summary>
    public int? Index { get; } = index;
}
