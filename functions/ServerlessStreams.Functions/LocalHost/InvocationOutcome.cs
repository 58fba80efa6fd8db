namespace ServerlessStreams.Functions.LocalHost;

/// <summary>How one invocation went, judged as the Functions host judges it: the worker's InvocationResponse status.</summary>
public sealed record InvocationOutcome(bool Succeeded, string? Error)
{
    public static InvocationOutcome Success { get; } = new(true, null);

    public static InvocationOutcome Failure(string error) => new(false, error);
}
