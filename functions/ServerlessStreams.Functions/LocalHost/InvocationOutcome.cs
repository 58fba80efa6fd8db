namespace ServerlessStreams.Functions.LocalHost;

/// <summary>How one invocation went, judged as the Functions host judges it.</summary>
public sealed record InvocationOutcome(bool Succeeded, int StatusCode, string? Error)
{
    public static InvocationOutcome Success(int statusCode) => new(true, statusCode, null);

    public static InvocationOutcome Failure(int statusCode, string error) => new(false, statusCode, error);
}
