namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// An invocation payload that does not have the shape the Functions host sends. <see cref="Path"/> names the
/// place (for example <c>Data.events[3].Offset</c>) so the message says exactly what was malformed.
/// </summary>
public sealed class InvalidPayloadException : FormatException
{
    public InvalidPayloadException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; }

    public string Problem { get; }
}
