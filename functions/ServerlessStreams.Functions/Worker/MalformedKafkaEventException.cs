namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// One element of a kafkaTrigger batch is not the extension's JSON of a record. The invocation fails (the batch is
/// delivered again); the message names the element, e.g. <c>events[3].Offset: missing</c>.
/// </summary>
public sealed class MalformedKafkaEventException(string bindingName, int index, string problem, string? member = null, Exception? inner = null)
    : FormatException($"{bindingName}[{index}]{(member is null ? "" : "." + member)}: {problem}", inner)
{
    public int Index { get; } = index;
}
