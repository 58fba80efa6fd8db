namespace ServerlessStreams.Local.Host;

/// <summary>How one invocation went, judged as the Functions host judges it: the worker's InvocationResponse status.</summary>
internal sealed record InvocationStatus(bool Succeeded, string? Error)
{
    public static InvocationStatus Success { get; } = new(true, null);

    public static InvocationStatus Failure(string error) => new(false, error);
}
